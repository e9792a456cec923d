"""What an assessment decided, claim by claim (explain/claims.py), and why a
liability was not concluded (explain/whynot.py): issue 9, parts 1 and 3."""
from __future__ import annotations

import datetime as dt
import json

from dutybound.cli import main

TAKEOVER = "examples/cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"
WARNING_UNKNOWN = ("examples/cn/account-takeover-2022-where-the-platforms-warning-is-not-shown-"
                   "leaves-the-platform-not-liable.yaml")
LATE_COMPLAINT = ("examples/eu/a-payer-who-first-complains-fourteen-months-after-a-debit-loses-its-"
                  "refund-but-not-the-recent-ones.yaml")
MARKETPLACE = ("examples/de/platform-account-takeover-pure-economic-loss-is-refunded-under-675u-"
               "not-compensated-under-823.yaml")


def _claim(a, party, claimant):
    [c] = [c for c in a.claims if c["party"] == party and c["claimant"] == claimant]
    return c


def test_every_claim_of_a_decided_case_is_decided(kb):
    a = kb.assess(TAKEOVER)
    assert {(c["party"], c["status"]) for c in a.claims} == {
        ("zfb", "liable"), ("taomall", "liable"), ("fraudster", "liable")}
    assert a.reach == {"liable": 3, "not liable": 0, "unknown": 0, "outside": 0, "complete": True}
    assert _claim(a, "zfb", "alice")["basis"] == ["ECL-57-2"]


def test_a_claim_that_turns_on_an_unknown_fact_is_open_not_decided(kb):
    a = kb.assess(WARNING_UNKNOWN)
    c = _claim(a, "taomall", "alice")
    # CC 1198(2) (beside the third party), 1198(1) and 1172 (whether the operator's
    # own breach or fault caused the loss is not stated either: open, not false)
    assert c["status"] == "unknown" and c["basis"] == ["CC-1172", "CC-1198-1", "CC-1198-2"]
    assert "taomall warned alice" in c["open_questions"]        # the fact beneath the breach
    [r] = [r for r in c["reasons"] if r["kind"] == "element unknown" and r["provision"] == "CC-1198-2"]
    assert r["burden"] == "alice" and r["rests_on"] == ["not (taomall warned alice)"]


def test_a_defence_decides_one_payment_while_the_others_are_refunded(kb):
    c = _claim(kb.assess(LATE_COMPLAINT), "bank", "marta")
    assert c["status"] == "liable"
    by = {h["harm"]: h for h in c["by_harm"]}
    assert by["old-debit"]["status"] == "not liable" and "TimeBarredPayment" in by["old-debit"]["why"]
    assert by["december-debit"]["status"] == by["february-debit"]["status"] == "liable"


def test_before_every_held_version_the_claims_lie_outside_and_say_which_versions_exist(kb):
    a = kb.assess(TAKEOVER, as_of=dt.date(2009, 6, 1))
    assert a.liabilities == [] and a.reach["outside"] == 3 and not a.reach["complete"]
    c = _claim(a, "taomall", "alice")
    # the operator's supplementary liability beside the third party, and its
    # liability for its own breach (whose causing the loss the incident leaves open)
    assert [v["id"] for v in c["held_versions"]] == ["TLL-37-1", "TLL-37-2", "CC-1198-1", "CC-1198-2"]
    assert "2010-07-01 to 2020-12-31" in c["why"] and "falls before all of them" in c["why"]
    assert "not liable" not in c["why"]


def test_a_claim_no_rule_reaches_is_outside_and_never_reads_as_not_liable(kb, incident):
    path = incident("""
        incident: neighbours
        jurisdiction: DE
        date: 2024-01-10
        individuals:
          anna: {a: NaturalPerson, suffers: dent}
          ben: {a: NaturalPerson}
          dent: {a: PropertyDamage, sufferedBy: anna, causedByActOf: ben}
    """)
    a = kb.assess(path)
    c = _claim(a, "ben", "anna")
    assert c["status"] == "outside" and c["held_versions"] == []
    assert "not a finding that the party is not liable" in c["why"]


def test_strict_exits_4_only_when_a_claim_lies_outside(capsys, monkeypatch):
    from pathlib import Path
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    assert main(["assess", TAKEOVER, "--strict", "--no-proofs"]) == 0
    assert main(["assess", TAKEOVER, "--strict", "--no-proofs", "--as-of", "2009-06-01"]) == 4
    assert main(["assess", TAKEOVER, "--no-proofs", "--as-of", "2009-06-01"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out.count(": outside the knowledge base. No provision held covers this claim") == 6   # 2 runs x 3


def test_claims_are_in_the_json_and_first_in_the_text(capsys, monkeypatch):
    from pathlib import Path
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    main(["assess", WARNING_UNKNOWN, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["reach"]["unknown"] == 1 and {c["status"] for c in data["claims"]} == {"liable", "unknown"}
    main(["assess", WARNING_UNKNOWN, "--no-proofs"])
    text = capsys.readouterr().out
    assert text.index("The bottom line") < text.index("Claims") < text.index("The issues")
    assert "unknown: a fact is missing" in text


def test_why_not_names_the_nearest_rule_and_the_element_that_failed(kb):
    from dutybound.engine.explain import find_and_explain
    a = kb.assess(MARKETPLACE, open_questions=False)
    r = find_and_explain(a, "liable marktplatz to alice")
    # § 823(1) with § 840(1) reaches the claim but rests on what the incident leaves
    # open (is the loss an injury to a protected right? did the platform act?): alice
    # bears that burden, so the claim is open, not decided and not outside
    assert r["status"] == "not proved" and r["claim"]["status"] == "unknown"
    assert "InjuryToProtectedRight" in r["claim"]["why"]
    [refund] = [e for e in r["nearest"] if e["provision"] == "BGB-675u"]
    assert not refund["reached"] and "pay1 a UnauthorisedPayment" in refund["matched"]
    [f] = refund["failed"]
    assert (f["condition"], f["status"], f["burden"]) == ("pay1 processedBy marktplatz", "unknown", "alice")


def test_why_not_of_a_claim_that_was_reached_shows_its_proof(kb):
    from dutybound.engine.explain import find_and_explain, render_explanation
    a = kb.assess(WARNING_UNKNOWN, open_questions=False)
    r = find_and_explain(a, "liable taomall to alice")
    [first] = [n for n in r["nearest"] if n["provision"] == "CC-1198-2"]
    assert first["reached"]
    assert any(n["id"] == first["proofs"][0] for n in r["proofs"])
    assert "reached the claim and failed" in render_explanation(r)
