"""A joint account's second holder (issue 17, docs/semantics.md §9.2, §9.7): the
ontology says a joint account has two holders or more (`JointAccount ⊑ ≥2 heldBy`),
so where an incident states one, the other is asked, never of a third party
(`heldBy db:notAskedOf ThirdParty`), and an account not stated joint keeps its
stated holders. Each test fails without the change it names."""
from __future__ import annotations

from pathlib import Path

import pytest

from dutybound.errors import DutyboundError

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "examples" / "cases"
BEHRSTOCK = CASES / "us" / ("wires-an-elderly-customer-requested-in-person-are-hers-though-a-"
                            "fraudster-induced-them-abehrstock.yaml")
OLDENBURG = CASES / "de" / ("a-joint-account-emptied-after-the-wife-entered-her-pin-on-a-phishing-"
                            "page-is-not-refunded-to-either-spouse-2021.yaml")


def _asked(a, s, p) -> set:
    return {q["object"] for q in a.open_questions if q["subject"] == s and q["property"] == p}


def _liable_to(a, party, victim) -> bool:
    return any(l["party"] == party and l["to"] == victim for l in a.to_json()["liabilities"])


def test_the_second_holder_of_a_joint_account_is_asked_when_unknown(kb):
    """Abhyankar by Behrstock v. JPMorgan Chase: UCC 4A-204(a) refunds each holder the
    order did not bind. With the daughter's joint ownership unknown her claim fails
    meanwhile (the burden) and is asked; before, the stated mother was the only holder
    the rule tried, and the claim vanished unasked."""
    inc = kb.load_incident(BEHRSTOCK)
    assert _liable_to(kb.assess(inc, open_questions=False), "chase", "behrstock")
    a = kb.assess(inc, assume=[(("checking", "heldBy", "behrstock"), None)])
    assert not _liable_to(a, "chase", "behrstock")
    assert _asked(a, "checking", "heldBy") == {"behrstock"}


def test_a_third_party_is_never_asked_to_hold_the_joint_account(kb):
    """OLG Oldenburg 8 U 103/23 with the husband's holding unknown: he is asked; the
    fraudster (an unidentified third party) and the bank (the provider) are not."""
    a = kb.assess(kb.load_incident(OLDENBURG), assume=[(("joint-giro", "heldBy", "husband"), None)])
    assert _asked(a, "joint-giro", "heldBy") == {"husband"}
    assert not [q for q in a.open_questions if "fraudster" in (q["subject"], q["object"])
                and q["property"] in ("heldBy", "payer")]


def test_an_account_not_stated_joint_keeps_its_stated_holder(kb):
    """Two customers of one bank, each with an account (PSD1 example): whether one
    also holds the other's account is no question (docs/semantics.md §9.7)."""
    (path,) = (ROOT / "examples" / "eu").glob("a-payer-who-sat-on-a-2017-debit-*.yaml")
    a = kb.assess(kb.load_incident(path))
    assert not [q for q in a.open_questions if q["property"] == "heldBy"]


def test_a_min_cardinality_that_is_no_positive_integer_is_refused(tmp_path):
    """The ontology compiler reads `C ⊑ ≥n p` with n a positive integer, and says
    which class is wrong otherwise."""
    from dutybound.engine.ontology import _compile, _parse, _read
    base = sorted((ROOT / "dutybound" / "knowledge" / "ontology").glob("dutybound*.ttl"))
    bad = tmp_path / "dutybound-bad.ttl"
    bad.write_text("@prefix db: <https://dutybound.org/ontology#> .\n"
                   "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                   "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                   "db:PaymentAccount rdfs:subClassOf [ a owl:Restriction ; "
                   "owl:onProperty db:heldBy ; owl:minCardinality \"two\" ] .\n", encoding="utf-8")
    with pytest.raises(DutyboundError, match="PaymentAccount.*minCardinality"):
        blobs = _read(base + [bad])
        _compile(_parse(blobs), blobs)


def test_a_party_with_an_account_of_its_own_is_not_asked_to_hold_anothers(kb):
    """Three customers of one bank (examples/de/three-customers-...): were Berta's
    account joint, her other holder would be unknown, but Anton and Carl, who hold
    their own, are not asked whether they hold hers (`heldBy db:notAskedOf
    AccountHolder`), and Anton's liability stays what his own payment makes it."""
    (path,) = (ROOT / "examples" / "de").glob("three-customers-who-gave-fraudsters-access-*.yaml")
    inc = kb.load_incident(path)
    base = kb.assess(inc, open_questions=False).to_json()["liabilities"]
    a = kb.assess(inc, assume=[(("berta-giro", "a", "JointAccount"), True)])
    assert not _asked(a, "berta-giro", "heldBy") & {"anton", "carl"}
    anton = [l for l in a.to_json()["liabilities"] if l["party"] == "anton"]
    assert anton == [l for l in base if l["party"] == "anton"]
