"""Issue 17, part 6: three kinds of silent dependency the aggregate completions
found (docs/semantics.md §9.1, §9.4, §10):

- facts an element needs together (each tortfeasor's act sufficient, Civil
  Code Art. 1171): none changes the outcome alone, so each is asked with the
  others it goes with;
- the provider of an account is never its holder (heldBy and providedBy are
  disjoint properties): the issuing bank is not asked about as a holder of its
  customer's card, and an incident that says it is is contradicted;
- a class only rules conclude (UnauthorisedCardUse) is maybe only through its
  rules, never as an unknown fact."""
from __future__ import annotations

import pytest

from dutybound.errors import DutyboundError

from tests.engine.test_reasoner import PAYMENT, liable, provision, rules

BOTH = """
rule both-sufficient cites P
  when
    ?harm a Harm ; sufferedBy ?victim ; causedByFaultOf ?x ; amount ?amt
    ?harm causedByFaultOf ?y
    where ?x != ?y
    ?harm sufficientlyCausedBy ?x
    ?harm sufficientlyCausedBy ?y
  then
    liable ?x to ?victim as JointAndSeveral for ?amt
end
"""

HARM = """
incident: t
jurisdiction: CN
date: 2022-03-14
individuals:
  mei: {a: NaturalPerson}
  swift: {a: Organisation}
  eastgate: {a: Organisation}
  loss1: {a: PropertyLoss, sufferedBy: mei, causedByFaultOf: [swift, eastgate], amount: CNY 100.00}
"""


def test_facts_an_element_needs_together_are_each_asked_with_the_others(make_kb, incident):
    kb = make_kb(provision("P") + rules(BOTH))
    a = kb.assess(incident(HARM))
    assert not liable(a, "swift", "mei")          # the claimant has not shown either
    q = {q["fact"]: q for q in a.open_questions}
    for me, other in (("swift", "eastgate"), ("eastgate", "swift")):
        asked = q[f"loss1 sufficientlyCausedBy {me}"]
        assert [o["fact"] for o in asked["together_with"]] == [f"loss1 sufficientlyCausedBy {other}"]
        assert any("JointAndSeveral" in g for g in asked["if_true"]["gained"])
    # one of them shown: the other alone now decides, and is asked without company
    one = kb.assess(incident(HARM.replace("amount: CNY 100.00",
                                          "amount: CNY 100.00, sufficientlyCausedBy: swift")))
    q = {q["fact"]: q for q in one.open_questions}
    assert "together_with" not in q["loss1 sufficientlyCausedBy eastgate"]
    both = kb.assess(incident(HARM.replace("amount: CNY 100.00",
                                           "amount: CNY 100.00, sufficientlyCausedBy: [swift, eastgate]")))
    assert liable(both, "swift", "mei") and liable(both, "eastgate", "mei")


def test_the_joint_answer_reads_as_a_sentence_in_english_and_chinese(make_kb, incident):
    from dutybound.explain.phrases import Phrasebook
    from dutybound.explain.questions import question_view
    kb = make_kb(provision("P") + rules(BOTH))
    a = kb.assess(incident(HARM))
    [q] = [q for q in a.open_questions if q["fact"] == "loss1 sufficientlyCausedBy swift"]
    for lang, words in (("en", "If yes, and if also the act of eastgate alone was enough"),
                        ("zh", "若是，且eastgate的行为足以造成")):
        view = question_view(Phrasebook(kb.vocab, lang=lang), q, {}, {}, "CNY")
        assert view["answers"][0]["label"].startswith(words), view["answers"][0]["label"]


OTHER_HOLDER = """
rule sole-holder cites P
  when
    ?pay a UnauthorisedPayment ; processedBy ?psp ; debitedFrom ?acct ; amount ?amt
    ?acct heldBy ?user ; providedBy ?psp
  unless
    let ?others = count ?o over { ?acct heldBy ?o  where ?o != ?user }
    where ?others > 0
  then
    liable ?psp to ?user as Sole for ?amt
end
"""


def test_the_provider_of_an_account_is_not_a_candidate_holder(make_kb, incident):
    kb = make_kb(provision("P") + rules(OTHER_HOLDER))
    a = kb.assess(incident(PAYMENT))
    # zfb provides the wallet, so it is no second holder: nothing else could be
    assert liable(a, "zfb", "alice")
    assert not [q for q in a.open_questions if q["property"] == "heldBy"]
    # a second person could be a joint holder: the exception is unknown and asked
    bob = kb.assess(incident(PAYMENT + "  bob: {a: [Consumer, NaturalPerson]}\n"))
    assert [q["object"] for q in bob.open_questions if q["property"] == "heldBy"] == ["bob"]


def test_an_incident_that_makes_the_provider_a_holder_is_contradicted(make_kb, incident):
    kb = make_kb(provision("P") + rules(OTHER_HOLDER))
    bad = PAYMENT.replace("heldBy: alice, providedBy: zfb", "heldBy: [alice, zfb], providedBy: zfb")
    with pytest.raises(DutyboundError) as e:
        kb.assess(incident(bad))
    assert "contradict" in str(e.value) and "disjoint properties" in str(e.value)


def test_a_class_only_rules_conclude_is_maybe_only_through_its_rules(kb):
    """Reg Z: the son's uses of the card lent to him are no unauthorised use (the
    classifying rule is defeated: the card was entrusted to him), so nothing
    counts them as possible ones, and the $50 and card-not-present rules are
    decided on the stranger's online uses alone."""
    from pathlib import Path
    path = next(Path(kb.root, "examples", "us").glob("a-credit-card-number-used-only-online*.yaml"))
    a = kb.assess(kb.load_incident(path))
    maybe = {m for run in a.evaluation.runs for m in (getattr(run, "maybe", None) or ())}
    assert ("a", "o1", "UnauthorisedCardUse") not in maybe       # proved
    assert not {("a", p, "UnauthorisedCardUse") for p in ("console", "trip")} & maybe
    assert [l for l in a.liabilities if l["party"] == "issuer" and l["to"] == "ben"]
    assert not [l for l in a.liabilities if l["party"] == "ben"]
