"""Issue 17: silent dependencies the aggregate completions found on the bundled
examples (docs/semantics.md §9.2, §9.4, §10), each fixed in the engine:

- facts of different kinds that one element needs together (UCC 4A-202(c):
  the customer declined a reasonable procedure *and* agreed to be bound by the
  one it chose) are asked together, but never a further value of a link the
  incident states;
- a membership disjoint with a settled class is no `maybe` conclusion (a
  payment order is no use of a credit card);
- a link a completed link's sub-property implies is the same question (the
  harm caused by zfb, through its fault)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dutybound.errors import DutyboundError


def _example(kb, folder, start):
    path = next(Path(kb.root, "examples", folder).glob(start + "*.yaml"))
    return kb.assess(kb.load_incident(path))


def test_facts_of_different_kinds_one_element_needs_are_asked_together(kb):
    a = _example(kb, "us", "a-procedure-the-court-finds-not-commercially-reasonable")
    q = {x["fact"]: x for x in a.open_questions}
    declined = q["kiln declinedSecurityProcedure token"]
    agreed = q["kiln agreedToBeBoundUnder password-only"]
    assert [o["fact"] for o in declined["together_with"]] == ["kiln agreedToBeBoundUnder password-only"]
    assert [o["fact"] for o in agreed["together_with"]] == ["kiln declinedSecurityProcedure token"]
    assert any("UCC-4A-202" in g for g in declined["if_true"]["gained"])
    # the refund stands meanwhile: the bank has not proved the order binds kiln
    assert [l for l in a.liabilities if l["party"] == "bank" and l["to"] == "kiln"]


def test_a_further_value_of_a_stated_link_is_not_asked_together(kb):
    """The § 122 exception ranges over every mistake; a mistake stated to be
    Nina's, in Nina's transfer, is not asked about as Mark's, in Mark's."""
    a = _example(kb, "de", "a-consent-confirmed-by-mistake")
    stated = {(s, p) for (s, p, o) in a.evaluation.facts.true}
    for q in a.open_questions:
        if q.get("together_with"):
            assert (q["subject"], q["property"]) not in stated, q["fact"]


def test_a_payment_order_is_no_possible_use_of_a_credit_card(kb):
    a = _example(kb, "us", "a-wire-verified-under-the-agreed-procedure")
    maybe = {m for run in a.evaluation.runs for m in (getattr(run, "maybe", None) or ())}
    assert not {("a", w, "UnauthorisedCardUse") for w in ("wire1", "wire2")} & maybe
    # and an incident that made one so would be contradicted
    inc = kb.load_incident(next(Path(kb.root, "examples", "us").glob(
        "a-wire-verified-under-the-agreed-procedure*.yaml")))
    with pytest.raises(DutyboundError, match="contradict"):
        kb.assess(inc, assume=[(("wire1", "a", "UnauthorisedCardUse"), True)], open_questions=False)


def test_a_sub_property_of_a_completed_link_is_the_same_question(kb):
    """Civil Code Art. 1165(1): the merchant's loss, caused by the fault of the
    provider? The incident names no causer of the loss, so `causedBy` is
    completed, and its sub-property `causedByFaultOf` decides it: one question."""
    a = _example(kb, "cn", "merchant-that-typed-the-wrong-account")
    q = {x["fact"]: x for x in a.open_questions}
    fault = q["loss1 causedByFaultOf zfb"]
    assert any("CC-1165-1" in g for g in fault["if_true"]["gained"])
    assert "loss1 causedBy zfb" not in q          # implied by the answer above
    assert not [l for l in a.liabilities if l["party"] == "zfb"]


def test_a_credit_card_payment_is_no_possible_payment_order(kb):
    """UCC 4A-104 Official Comment 5: Article 4A excludes payments made by credit
    card. A card purchase (console, with the family card) was a possible payment
    order its issuer processed, and the aggregate over the issuer's payment
    orders could flip on the two facts unasked."""
    a = _example(kb, "us", "a-credit-card-number-used-only-online")
    maybe = {m for run in a.evaluation.runs for m in (getattr(run, "maybe", None) or ())}
    assert ("a", "console", "CreditCardPayment") in a.evaluation.store.true
    assert not {("a", p, "PaymentOrder") for p in ("console", "trip")} & maybe
    inc = kb.load_incident(next(Path(kb.root, "examples", "us").glob(
        "a-credit-card-number-used-only-online*.yaml")))
    with pytest.raises(DutyboundError, match="contradict"):
        kb.assess(inc, assume=[(("console", "a", "PaymentOrder"), True)], open_questions=False)
