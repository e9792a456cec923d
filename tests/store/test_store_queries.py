"""The named research queries (queries/*.rq) on both backends."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from dutybound.store import sparql as S

QUERIES = sorted(S.queries_dir().glob("*.rq"))


def rows(lib, name) -> list[dict]:
    text, path = S.load_named(name)
    res = lib.query(text, path)
    return [{k: S.term_text(v) for k, v in zip(res.vars, r)} for r in res.rows]


def test_the_project_ships_named_queries():
    names = {p.stem for p in QUERIES}
    assert {"platform-supplementary-under-cc-1198", "decided-by-burden-of-proof",
            "liability-by-party-type-and-jurisdiction", "provisions-never-cited"} <= names


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_each_named_query_has_a_header_and_is_read_only(path):
    text = Path(path).read_text(encoding="utf-8")
    header = [l for l in text.splitlines() if l.startswith("#")]
    assert len(header) >= 2, "a title line and at least one line of description"
    q = S.named_queries()[path.stem]
    assert q["title"] and q["description"]
    kind, _, _ = S.classify(text, str(path))
    assert kind in S.READ_KINDS


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_each_named_query_runs(seeded, path):
    seeded.query(Path(path).read_text(encoding="utf-8"), str(path))


def test_platforms_supplementary_under_civil_code_1198(seeded):
    got = rows(seeded, "platform-supplementary-under-cc-1198")
    assert [(r["case"], r["platform"].rsplit("/", 1)[1], r["provision"]) for r in got] == [
        ("case:t-takeover-2022", "taomall", "law:CC-1198-2"),
        ("case:t-disclosed-2022", "taomall", "law:CC-1198-2")]
    assert got[0]["cap"] == "CNY 8000.00" and got[0]["after"].endswith("/fraudster")


def test_cases_decided_by_the_burden_of_proof(seeded):
    got = rows(seeded, "decided-by-burden-of-proof")
    stands = {(r["case"], r["rule"], r["unprovedFact"], r["burdenOn"].rsplit("/", 1)[1])
              for r in got if r["how"].startswith("defence")}
    assert ("case:t-takeover-2022", "rule:psp-bears-unauthorised-loss",
            "pay1 causedByFaultOf alice", "zfb") in stands
    assert ("case:t-takeover-2020", "rule:psp-bears-unauthorised-loss",
            "pay1 causedByFaultOf alice", "zfb") in stands
    # there the provider proved the user's fault: decided by evidence, not by the burden
    assert not any(r["case"] == "case:t-disclosed-2022" and r["how"].startswith("defence") for r in got)


def test_liability_by_party_type_and_jurisdiction(seeded):
    got = {(r["jurisdiction"], r["partyType"], r["form"]): (int(r["liabilities"]), int(r["cases"]))
           for r in rows(seeded, "liability-by-party-type-and-jurisdiction")}
    assert got[("db:CN", "db:PlatformOperator", "db:Supplementary")] == (3, 3)
    assert got[("db:CN", "db:PaymentServiceProvider", "db:Sole")] == (2, 2)
    assert got[("db:CN", "db:ThirdParty", "db:Sole")] == (3, 3)


def test_provisions_never_cited(library, assessments, kb):
    library.add(assessments["t-takeover-2022"])
    uncited = {r["provision"].split(":", 1)[1] for r in rows(library, "provisions-never-cited")}
    assert {"TLL-37-1", "TLL-37-2", "CC-1173"} <= uncited
    assert not {"CC-1198-1", "CC-1198-2", "ECL-57-2"} & uncited
    assert uncited <= set(kb.provisions)
    library.add(assessments["t-takeover-2020"])
    uncited = {r["provision"].split(":", 1)[1] for r in rows(library, "provisions-never-cited")}
    assert not {"TLL-37-1", "TLL-37-2"} & uncited


def test_exemptions_and_defences(seeded):
    got = {(r["case"], r["kind"], r["provision"], r["detail"]) for r in rows(seeded, "exemptions-and-defences")}
    assert ("case:t-disclosed-2022", "defence", "law:ECL-57-2", "pay1 causedByFaultOf alice") in got
    assert not any(case == "case:t-takeover-2022" and prov == "law:ECL-57-2" for case, _, prov, _ in got)


def test_queries_may_use_the_usual_prefixes_undeclared_or_declared():
    text, offset = S.with_prefixes("PREFIX db: <https://example.org/other#>\nSELECT * WHERE { ?s db:x ?o }")
    assert "PREFIX db: <https://dutybound.org" not in text
    assert re.search(r"PREFIX prov: <http://www.w3.org/ns/prov#>", text) and offset > 0
