"""HYPO-style factors and the ranking of similar cases."""
from __future__ import annotations

from pathlib import Path

import pytest


from dutybound.store.factors import BY_ID, FACTORS, compute_factors, rank

FACTORS_OF = {
    "t-takeover-2022": {"unauthorised-payment", "user-fault-unknown", "abnormal-signal-ignored",
                        "no-warning", "third-party-unknown", "platform-operator-involved"},
    "t-disclosed-2022": {"unauthorised-payment", "user-fault-proved", "credential-disclosed",
                         "abnormal-signal-ignored", "no-warning", "third-party-identified",
                         "platform-operator-involved"},
    "t-warned-scam-2022": {"scam-induced-payment", "strong-authentication", "warning-given",
                           "third-party-identified", "platform-operator-involved"},
}


@pytest.mark.parametrize("cid", sorted(FACTORS_OF))
def test_factors_of_an_incident(assessments, kb, cid):
    assert compute_factors(assessments[cid], kb) == FACTORS_OF[cid]


def test_every_factor_favours_a_side_and_reads_only_ontology_terms(kb):
    assert len({f.id for f in FACTORS}) == len(FACTORS)
    for f in FACTORS:
        assert f.favours in ("claimant", "defendant"), f.id
        for term in f.terms:
            assert term in kb.vocab.terms, f"factor {f.id} reads '{term}', which the ontology lacks"


def test_ranking_puts_the_case_with_more_shared_factors_first():
    new = {"a", "b", "c"}
    got = rank(new, {"x": {"a"}, "y": {"a", "b", "d"}, "z": {"e"}, "w": {"a", "b", "c"}})
    assert [m.case_id for m in got] == ["w", "y", "x"]           # z shares nothing
    assert got[1].shared == ["a", "b"] and got[1].only_new == ["c"] and got[1].only_stored == ["d"]
    assert [m.most_on_point for m in got] == [True, False, False]


def test_cases_sharing_incomparable_factor_sets_are_both_most_on_point():
    got = rank({"a", "b"}, {"x": {"a"}, "y": {"b"}})
    assert all(m.most_on_point for m in got)


def test_fewer_differences_break_ties():
    got = rank({"a"}, {"x": {"a", "b", "c"}, "y": {"a"}})
    assert [m.case_id for m in got] == ["y", "x"]


def test_similar_cases_from_the_library(seeded, assessments, kb):
    seeded.add(assessments["t-warned-scam-2022"])
    new = kb.assess(str(Path(__file__).parent / "incidents" / "takeover-2022.yaml"))
    matches = seeded.similar(new)                            # the incident's own case is left out
    ids = [m.case_id for m in matches]
    assert ids == ["t-takeover-2020", "t-disclosed-2022", "t-warned-scam-2022"]
    top, second, last = matches
    assert set(top.shared) == FACTORS_OF["t-takeover-2022"] and not top.only_new and not top.only_stored
    assert top.most_on_point and not second.most_on_point
    assert set(second.only_new) == {"user-fault-unknown", "third-party-unknown"}
    assert set(second.only_stored) == {"user-fault-proved", "credential-disclosed", "third-party-identified"}
    assert last.shared == ["platform-operator-involved"]
    assert {(o["party"], o["form"]) for o in top.outcome} >= {("taomall", "Supplementary")}
    j = second.to_json()
    assert {f["favours"] for f in j["only_in_case"]} == {"defendant"}
    assert all(f["label"] == BY_ID[f["id"]].label for f in j["shared"])


def test_similar_keeps_the_same_case_when_asked(seeded, assessments):
    ids = [m.case_id for m in seeded.similar(assessments["t-takeover-2022"], exclude_self=False)]
    assert ids[0] in ("t-takeover-2020", "t-takeover-2022") and "t-takeover-2022" in ids[:2]
