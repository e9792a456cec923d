"""A link the rule binds from its stated values, with a further value only another
pattern states (issue 17; docs/semantics.md §9.2, db:askedThrough): a notice stated
to concern one payment, the payer's fault in it and in another payment. Whether the
notice concerns that other payment is asked, and the burden decides meanwhile."""
from __future__ import annotations

from tests.engine.test_reasoner import PAYMENT, liable, provision, rules
from tests.engine.test_unknowns import CLAIM

# C-665/23 read onto PSD2 Art. 71(1) (rules/eu/psd2-71.md), as a claim of the
# provider: the payments whose notification the payer so delayed are its loss.
DELAY = """
rule delayed-notification cites P
  when
    ?n a UndulyDelayedNotice ; notifies ?psp ; actor ?payer ; concerns ?p
    ?p a UnauthorisedPayment ; processedBy ?psp ; debitedFrom ?acct ; amount ?a
    ?acct heldBy ?payer
    ?f a GrossFault ; faultOf ?payer ; faultIn ?n ; faultIn ?p
  then
    liable ?payer to ?psp as Sole for ?a
end
"""

MORE = """
  pay2:
    a: UnauthorisedPayment
    processedBy: zfb
    debitedFrom: wallet
    amount: CNY 40.00
    time: 2022-03-14T11:00
  pay3:
    a: UnauthorisedPayment
    processedBy: zfb
    debitedFrom: wallet
    amount: CNY 7.00
    time: 2022-03-14T12:00
  report:
    a: UndulyDelayedNotice
    actor: alice
    notifies: zfb
    concerns: {concerns}
    time: 2022-03-14T18:00
  sat-on-it:
    a: GrossNegligence
    faultOf: alice
    faultIn: [report, pay1]
"""


def _asked(a, s, p, o) -> list:
    return [q for q in a.open_questions if (q["subject"], q["property"], q["object"]) == (s, p, o)]


def test_whether_the_notice_concerns_the_payment_the_fault_is_in_is_asked(make_kb, incident):
    kb = make_kb(provision("P") + rules(DELAY))
    both = kb.assess(incident(PAYMENT + MORE.format(concerns="[pay1, pay2]")))
    assert liable(both, "alice", "zfb")                      # stated: the delayed payment is hers
    a = kb.assess(incident(PAYMENT + MORE.format(concerns="pay2")))
    # the report concerns pay2 only as far as the incident says; the fault is in pay1:
    # the join bound ?p from the report and never met pay1 before db:askedThrough
    [q] = _asked(a, "report", "concerns", "pay1")
    assert q["if_true"]
    assert not liable(a, "alice", "zfb")                     # the burden decides meanwhile
    # a payment the fault is not in is not asked about: pay3 is no candidate
    assert not _asked(a, "report", "concerns", "pay3")


# Who processed a payment, where the incident does not say, is asked among the parties
# that could be its provider: a fraudster is none (Fraudster ⊓ PaymentServiceProvider ⊑ ⊥,
# ontology/dutybound-unknowns.ttl), so "was pay1 processed by the fraudster?" is never asked.
REFUND = CLAIM                  # tests/engine/test_unknowns.py: a refund of the payment's amount


def test_a_fraudster_is_no_candidate_provider_of_the_payment_it_initiated(make_kb, incident):
    kb = make_kb(provision("P") + rules(REFUND))
    text = PAYMENT.replace("    processedBy: zfb\n", "    initiatedBy: crook\n") + """
  crook: {a: Fraudster}
  other: {a: Organisation}
"""
    a = kb.assess(incident(text))
    asked = {q["object"] for q in a.open_questions
             if q["subject"] == "pay1" and q["property"] == "processedBy"}
    assert "zfb" in asked and "other" in asked     # the ones that could have processed it
    assert "crook" not in asked
    assert not liable(a, "crook", "alice") and not liable(a, "zfb", "alice")
