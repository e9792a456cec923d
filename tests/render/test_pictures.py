"""The pictures draw what the assessment holds and nothing else: every deadline
on a timeline is a date a rule computed in a proof (or a limitation date the
assessment holds), every arrow of who-pays-whom is a liability of the JSON,
every argument map is built from the claim's proofs or reasons; the CLI writes
them as well-formed SVG files and the terminal timeline."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest

from dutybound.explain import explain_assessment, provision_titles

US_LATE = "examples/us/late-notice-the-consumer-bears-50-dollars-plus-the-preventable-transfers-after-two-business-days.yaml"
US_60 = "examples/us/stolen-card-unreported-for-months-500-dollars-within-the-60-days-and-uncapped-after.yaml"
EU_13 = "examples/eu/a-payer-who-first-complains-fourteen-months-after-a-debit-loses-its-refund-but-not-the-recent-ones.yaml"
US_BARRED = ("examples/us/a-consumer-who-sues-more-than-a-year-after-the-unauthorised-transfers-loses-when-the-bank-"
             "invokes-the-one-year-limit.yaml")
CN = "examples/cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"
CN_OPEN = "examples/cn/account-takeover-2022-where-the-platforms-warning-is-not-shown-leaves-the-platform-not-liable.yaml"
SVG = "{http://www.w3.org/2000/svg}"


def _assess(kb, path, lang="en", **kw):
    from tests.conftest import ROOT
    a = kb.assess(str(ROOT / path), **kw)
    data = a.to_json()
    return a, data, explain_assessment(data, kb.vocab, a.incident, lang, titles=provision_titles(kb))


def _tree(svg: str):
    return ET.fromstring(svg)


def _texts(el) -> list:
    return ["".join(t.itertext()).replace("\u00a0", " ") for t in el.iter(f"{SVG}text")]


# -- the timeline ------------------------------------------------------------------
@pytest.mark.parametrize("path, expected", [
    (US_LATE, {("2024-07-03", "REGE-1005.6-b-1"),                          # two business days
               ("2024-07-22", "REGE-1005.11-c"),                           # the investigation's 10 business days
               ("2024-08-30", "REGE-1005.6-b-3")}),   # 60 days from the first transfer: within any statement's 60 days
    (US_60, {("2024-01-12", "REGE-1005.6-b-1"), ("2024-03-31", "REGE-1005.6-b-3"),   # and the 60 days
             ("2024-04-26", "REGE-1005.11-c"), ("2024-03-10", "REGE-1005.6-b-3")}),
    (EU_13, {("2024-02-10", "PSD2-71-1")}),                                 # the 13-month bar
])
def test_every_deadline_drawn_is_one_a_rule_computed(kb, path, expected):
    from dutybound.render.pictures import timeline_picture
    a, data, view = _assess(kb, path)
    svg = _tree(timeline_picture(data, view, a.incident).svg)
    drawn = [g for g in svg.iter(f"{SVG}g") if "deadline" in g.get("class", "").split()]
    computed = {(c["value"][:10], node["provision"]["id"], pid)
                for pid, node in data["proofs"].items() for c in node.get("computed", [])}
    limitation = {(lim["runs_out"], c) for lim in data["law_in_time"]["limitation"] for c in lim["cites"]}
    rule_drawn = set()
    for g in drawn:
        day, pid = g.get("data-date"), g.get("data-provision")
        if "limitation" in g.get("class").split():
            assert (day, pid) in limitation, (day, pid)
            continue
        proofs = g.get("data-proofs").split()
        assert proofs and all((day, pid, p) in computed for p in proofs), (day, pid, proofs)
        rule_drawn.add((day, pid))
        label = " ".join(_texts(g))
        assert data["proofs"][proofs[0]]["provision"]["title"] in label      # labelled with its provision
    assert rule_drawn == expected


CN_203 = "examples/cn/a-return-on-the-first-working-day-after-the-national-day-holiday-is-in-time-under-civil-code-203.yaml"


@pytest.mark.parametrize("path, expected", [
    (US_LATE, {("call", "2024-07-03", "missed"),                    # the notice came after the two business days
               # each transfer within 60 days of the first, so within any statement's 60 days
               *{(t, "2024-08-30", "met") for t in ("t1", "t2", "t3", "t4", "t5", "t6")}}),
    (US_60, {("report", "2024-01-12", "missed"), ("t1", "2024-03-31", "met"), ("t2", "2024-03-31", "met"),
             ("t3", "2024-03-31", "met"), ("t4", "2024-03-31", "missed"), ("t5", "2024-03-31", "missed"),
             ("t1", "2024-03-10", "met"), ("t2", "2024-03-10", "met"), ("t3", "2024-03-10", "met")}),
    (CN_203, {("return1", "2024-10-02", "missed"), ("return1", "2024-10-08", "met")}),   # the holiday extends it
])
def test_each_event_is_marked_met_or_missed_as_a_rule_compared_it(kb, path, expected):
    """A mark is a `where` test of a proof that compared the event's date with the
    deadline's; the dates agree with it; no other event is marked."""
    from dutybound.render.pictures import timeline_picture
    a, data, view = _assess(kb, path)
    svg = _tree(timeline_picture(data, view, a.incident).svg)
    rows = [(g.get("data-subject"), g.get("data-when")[:10], day, outcome) for g in svg.iter(f"{SVG}g")
            for outcome in ("met", "missed") for day in (g.get(f"data-{outcome}") or "").split()]
    marks = {(subject, day, outcome) for subject, _when, day, outcome in rows}
    assert marks == expected and len(rows) == len(marks)
    compared = [c for n in data["proofs"].values() for c in n.get("compared", [])]
    when = {subject: w for subject, w, _day, _outcome in rows}
    for subject, day, outcome in marks:
        ops = {(c["op"], c["left"]["value"][:10]) for c in compared if c["right"]["value"][:10] == day} | \
              {({"<": ">", "<=": ">=", ">": "<", ">=": "<="}[c["op"]], c["right"]["value"][:10])
               for c in compared if c["left"]["value"][:10] == day}
        assert any(v == when[subject] and (op in ("<", "<=")) == (outcome == "met") for op, v in ops), \
            (subject, day, outcome)
        assert (when[subject] <= day) if outcome == "met" else (when[subject] > day)
    label = " ".join(_texts(svg)).replace("\u00a0", " ")
    if path == US_LATE:
        assert "✗ missed the deadline of 2024-07-03" in label
    if path == US_60:       # Erin bears USD 870.00 of the loss herself: no payment is 'borne in the end' by the bank
        assert "borne in the end" not in label and "paid first by Erin's bank" in label


def test_a_computed_let_value_is_the_value_the_rule_bound(kb):
    _, data, _ = _assess(kb, US_LATE)
    node = next(n for n in data["proofs"].values() if n["rule"].startswith("two-business-days"))
    let = next(c for c in node["computed"] if c["var"] == "end")
    assert let["value"] == node["bindings"]["end"] == "2024-07-03"
    assert let["expr"].startswith("add_business_days(date_of(?tl), 2")


def test_limitation_dates_are_drawn_from_law_in_time(kb):
    from dutybound.render.pictures import timeline_picture
    a, data, view = _assess(kb, US_BARRED)
    svg = _tree(timeline_picture(data, view, a.incident).svg)
    lim = [g for g in svg.iter(f"{SVG}g") if "limitation" in g.get("class", "").split()]
    assert [g.get("data-date") for g in lim] == [data["law_in_time"]["limitation"][0]["runs_out"]]
    assert "barred" in " ".join(_texts(lim[0]))


def test_payments_are_coloured_by_who_bears_them_and_amounts_are_the_incidents(kb):
    from dutybound.render.pictures import timeline_picture
    a, data, view = _assess(kb, CN)
    svg = _tree(timeline_picture(data, view, a.incident).svg)
    pay = next(g for g in svg.iter(f"{SVG}g") if g.get("data-subject") == "pay1")
    assert pay.get("data-amount") == "8000.00" and "CNY 8,000.00" in " ".join(_texts(pay))
    first = {p["party"] for loss in view["bottom_line"]["claimants"][0]["losses"] for p in loss["first"]}
    assert set(pay.get("data-bearer").split()) == first
    legend = " ".join(_texts(next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "legend")))
    assert "ZFB Payment Co." in legend and "coloured by who bears them" in legend


def test_the_terminal_timeline_and_the_svg_files(kb, tmp_path):
    from tests.conftest import ROOT
    from dutybound.cli import main
    import contextlib
    import io
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["assess", str(ROOT / US_LATE), "--timeline"]) == 0
    text = out.getvalue()
    assert "2024-07-03         ┄┄ Deadline: 2 business days after" in text
    assert "Regulation E (US), 12 CFR 1005.6(b)(1)" in text
    assert text.index("2024-07-03") < text.index("◆  The user notice call")       # the notice came after it
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["assess", str(ROOT / CN), "--svg", str(tmp_path), "--format", "md", "--lang", "zh"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert {"timeline.svg", "payments.svg", "report.md", "argument-zfb-to-alice.svg"} <= set(names)
    for p in tmp_path.glob("*.svg"):
        root = ET.parse(p).getroot()                              # well-formed, standalone
        assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    assert "](./timeline.svg)" in (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "谁向谁支付" in (tmp_path / "payments.svg").read_text(encoding="utf-8")


# -- who pays whom --------------------------------------------------------------------
@pytest.mark.parametrize("path", [CN, US_LATE, US_60, EU_13,
                                  "examples/de/broken-hotel-lock-the-hotel-and-the-thief-are-joint-and-several-debtors.yaml"])
def test_every_arrow_is_a_liability_in_the_json(kb, path):
    from dutybound.explain import bottom_line_json
    from dutybound.explain.whopays import arrows
    from dutybound.render.pictures import payments_picture
    a, data, view = _assess(kb, path)
    data["bottom_line"] = bottom_line_json(data, kb.vocab, a.incident)
    drawn = arrows(data, view["bottom_line"], view["book"], view["titles"])
    svg = payments_picture(data, view).svg
    edges = re.findall(r'id="payments-a(\d+)" class="edge arrow ([a-z-]+) ((?:liability-\d+ ?)+)"', unescape(svg))
    assert len(edges) == len(drawn) > 0
    libs = data["liabilities"]
    for n, kind, ids in edges:
        a_ = drawn[int(n)]
        assert kind == a_["kind"].replace(" ", "-")
        for i in (int(x) for x in re.findall(r"liability-(\d+)", unescape(ids))):
            l = libs[i]
            if a_["kind"] == "recourse":            # owed to the payer, or the payer's stated recourse
                assert (l["party"], l["to"]) == (a_["from"], a_["to"]) or \
                    (l["party"] == a_["to"] and l.get("recourse_against") == a_["from"])
            else:
                assert (l["party"], l["to"]) == (a_["from"], a_["to"])
    label = unescape(" ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))).replace("\u00a0", " ")
    from decimal import Decimal
    owed: dict = {}                   # what each party pays first to each claimant, as the bottom line says
    for c in data["bottom_line"]["claimants"]:
        for loss in c["losses"]:
            for p in loss["first"]:
                if p["kind"] == "fixed":
                    owed.setdefault((p["party"], c["claimant"], p["amount"]["currency"]), []).append(
                        Decimal(p["amount"]["amount"]))
    for (party, claimant, currency), amounts in owed.items():
        total = view["book"].money(f"{sum(amounts):.2f}", currency)
        assert total in label, (party, claimant, total)


def test_who_pays_whom_says_the_order(kb):
    from dutybound.render.pictures import payments_picture
    _, data, view = _assess(kb, CN)
    pic = payments_picture(data, view)
    text = unescape(" ".join(re.findall(r"<text[^>]*>([^<]*)</text>", pic.svg)))
    assert "1. pays first" in text and "2. pays only what the first" in text and "3. recourse" in text
    assert any("TaoMall Ltd → Alice: pays only what the first leave unpaid" in s for s in pic.alt)


# -- the argument map -----------------------------------------------------------------
def test_the_argument_map_for_a_liability_is_its_proof(kb):
    from dutybound.explain.argument import argument_map
    _, data, view = _assess(kb, CN)
    arg = argument_map(data, view["book"], "zfb", "alice", view["titles"])
    assert arg["status"] == "liable"
    (a,) = arg["arguments"]
    node = data["proofs"][a["proof"]]
    assert a["provision"] == "ECL-57-2" and a["applies"]
    assert len(a["premises"]) == len([e for e in node["elements"]
                                      if (e.get("source") or {}).get("kind") != "law in time"])
    (exc,) = [c for c in a["cons"] if c["kind"] == "exception"]
    assert exc["burden"] == "zfb" and exc["status"] == "unknown" and not exc["holds"]


def test_the_argument_map_of_a_failed_claim_names_the_missing_fact_and_the_burden(kb):
    from dutybound.explain.argument import argument_map
    from dutybound.render.pictures import argument_picture
    _, data, view = _assess(kb, CN_OPEN)
    arg = argument_map(data, view["book"], "taomall", "alice", view["titles"])
    assert arg["status"] == "unknown"
    premise = arg["arguments"][0]["premises"][0]
    assert premise["status"] == "unknown" and premise["burden"] == "alice"
    svg = argument_picture(data, view, "taomall", "alice").svg
    assert "burden: Alice" in unescape(svg) and "status&#45;unknown" in svg


def test_the_argument_map_redraws_when_a_fact_changes(kb):
    from dutybound.explain.argument import argument_map
    _, data, view = _assess(kb, CN, assume=["pay1 causedByFaultOf alice=true"])
    arg = argument_map(data, view["book"], "zfb", "alice", view["titles"])
    assert arg["status"] != "liable"
    exc = [c for a in arg["arguments"] for c in a["cons"] if c["kind"] == "exception"]
    assert exc and exc[0]["holds"] and exc[0]["status"] == "established"


# -- the case library in charts --------------------------------------------------------
def test_the_charts_count_what_the_stored_cases_say(kb, tmp_path):
    from tests.conftest import ROOT
    from dutybound.explain.phrases import Phrasebook
    from dutybound.render.pictures.charts import charts
    from dutybound.store.charts import library_counts
    from dutybound.store.library import CaseLibrary
    with CaseLibrary.open(str(tmp_path / "store"), kb=kb) as lib:
        for p in (CN, CN_OPEN, US_LATE):
            lib.add(kb.assess(str(ROOT / p)))
        counts = library_counts(lib)
    assert counts["outcomes_by_jurisdiction"]["CN"]["Supplementary"] == 1
    assert counts["outcomes_by_provision"]["ECL-57-2"] == 2
    cov = counts["coverage"]["cells"]
    assert cov["ECL-57-2"] == {"cn-account-takeover-2022": "holds", "cn-account-takeover-2022-warning-unknown": "holds"}
    assert cov["CC-1198-2"]["cn-account-takeover-2022-warning-unknown"] == "holds"     # the fraudster's liability
    pics = charts(counts, Phrasebook(kb.vocab, {}, "zh"), provision_titles(kb))
    assert len(pics) == 5
    for pic in pics:
        ET.fromstring(pic.svg)
    rows = re.findall(r'class="matrix-row" data-row="([^"]+)" data-count="(\d+)"', pics[3].svg)
    assert dict((r, int(n)) for r, n in rows) == {p: len(c) for p, c in cov.items()}
    assert "《电子商务法》第57条第2款" in pics[1].svg


# -- without Graphviz -------------------------------------------------------------------
def test_without_graphviz_the_cli_writes_the_timeline_and_says_what_is_missing(kb, tmp_path, monkeypatch):
    """`dot` not on PATH: the timeline (plain SVG) is still written, and the error
    names Graphviz and how to install it, without a traceback."""
    from tests.conftest import ROOT
    from dutybound.cli import main
    import contextlib
    import io
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["assess", str(ROOT / CN), "--svg", str(tmp_path / "out")])
    assert code == 2
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["timeline.svg"]
    text = err.getvalue()
    assert "Graphviz's `dot` program is not installed" in text and "hint: apt-get install graphviz" in text
    assert "Traceback" not in text


def test_without_graphviz_the_pictures_api_leaves_the_graphs_out_or_raises(kb, tmp_path, monkeypatch):
    from dutybound.render.pictures import assessment_pictures
    from dutybound.render.pictures.graphs import GraphvizMissing
    a, data, view = _assess(kb, CN)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    missing: list = []
    assert list(assessment_pictures(data, view, a.incident, missing=missing)) == ["timeline"]
    assert len(missing) == 1 and "Graphviz" in missing[0].message
    with pytest.raises(GraphvizMissing):
        assessment_pictures(data, view, a.incident)


def test_an_exemption_without_a_rule_attacks_the_claim_itself(kb):
    """PSD2 Art. 74(3) frees the payer: the claim's reason names no rule; the map
    draws it against the claim, never as an argument for it."""
    from dutybound.explain.argument import argument_map
    from dutybound.render.pictures import argument_picture
    _, data, view = _assess(kb, "examples/eu/no-means-of-notification-frees-even-a-grossly-negligent-payer-and-"
                                "the-late-refund-is-a-breach.yaml")
    arg = argument_map(data, view["book"], "tom", "neobank", view["titles"])
    assert arg["status"] == "not liable"
    assert [(c["kind"], c["provision"]) for c in arg["against"]] == [("exemption", "PSD2-74-3")]
    assert all(a["rule"] for a in arg["arguments"])
    pic = argument_picture(data, view, "tom", "neobank")
    assert "con exemption status-established" in unescape(pic.svg)
    assert "Exemption: PSD2 (EU), Art. 74(3): established." in pic.alt_text()
