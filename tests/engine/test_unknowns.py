"""Unknown means unknown (docs/semantics.md §9-§10): values, tests, aggregates,
links and complete lists the incident leaves open, decided by the burden of
proof and asked as open questions."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dutybound.engine import unknowns
from dutybound.values import Money, Unknown, UnknownTruth

from tests.engine.test_reasoner import PAYMENT, liable, provision, rules


# -- values and tests over unknown values --------------------------------------

def _concrete(op):
    return lambda a, b: {"+": a + b, "-": a - b}[op] if op in "+-" else None


def test_an_unknown_amount_is_at_least_zero_and_arithmetic_keeps_bounds():
    amt = unknowns.value("pay1", "amount", "Money")
    assert amt.lo == 0 and amt.hi is None
    more = unknowns.arith("+", amt, Money(Decimal(50), "USD"), lambda a, b: a + b)
    assert isinstance(more, Unknown) and more.lo == Money(Decimal(50), "USD")
    assert unknowns.compare(">", more, Money(Decimal(10), "USD"), lambda a, b: a > b) is True
    t = unknowns.compare(">", more, Money(Decimal(60), "USD"), lambda a, b: a > b)
    assert isinstance(t, UnknownTruth) and ("value", "pay1", "amount") in t.sources


def test_min_with_an_unbounded_value_is_capped_and_bounds_that_meet_give_the_value():
    amt = unknowns.value("pay1", "amount", "Money")
    fifty = Money(Decimal(50), "USD")
    capped = unknowns.call("min", [fifty, amt], lambda xs: min(xs))
    assert capped.hi == fifty and capped.lo == 0
    floor = unknowns.arith("+", amt, fifty, lambda a, b: a + b)       # at least 50
    assert unknowns.call("min", [fifty, floor], lambda xs: min(xs)) == fifty


def test_a_value_compared_with_itself_is_decided_and_thresholds_come_from_probes():
    t = unknowns.value("call", "time", "dateTime")
    assert unknowns.compare("<", t, t, lambda a, b: a < b) is False
    assert unknowns.compare("<=", t, t, lambda a, b: a <= b) is True
    limit = dt.datetime(2024, 5, 29, 23, 59)
    u = unknowns.compare("<=", t, limit, lambda a, b: a <= b)
    [(src, left, op, right, direction)] = u.probes
    assert src == ("value", "call", "time") and direction == 1
    assert left(dt.datetime(2024, 5, 1)) <= right(None)


# -- claims, defences and aggregates ---------------------------------------------

COUNT_RULE = """
rule no-notice-before cites P
  when
    ?pay a UnauthorisedPayment ; processedBy ?psp ; time ?t ; debitedFrom ?acct ; amount ?amt
    ?acct heldBy ?user
    let ?prior = count ?n over { ?n a UserNotice ; notifies ?psp ; time ?tn  where ?tn <= ?t }
    where ?prior = 0
  then
    liable ?user to ?psp as Sole for ?amt
end
"""

NOTICE = PAYMENT + """
  notice1:
    a: UserNotice
    notifies: zfb
"""


def test_an_undated_notice_makes_a_count_unknown_so_the_element_fails_and_its_date_is_asked(
        make_kb, incident):
    kb = make_kb(provision("P") + rules(COUNT_RULE))
    a = kb.assess(incident(NOTICE))
    assert not liable(a, "alice", "zfb")
    [q] = [q for q in a.open_questions if q["kind"] == "value"]
    assert (q["subject"], q["property"]) == ("notice1", "time")
    # the threshold is the payment's time: a notice after it leaves the count at 0
    assert any(t["gained"] for t in q["thresholds"])
    dated = kb.assess(incident(NOTICE + "    time: 2022-03-15T10:00\n"))
    assert liable(dated, "alice", "zfb")


def test_a_complete_list_closes_the_count(make_kb, incident):
    kb = make_kb(provision("P") + rules(COUNT_RULE))
    other = "  other:\n    a: Event\n    label: an event that could be a notice\n"
    open_ = kb.assess(incident(PAYMENT + other))
    assert not liable(open_, "alice", "zfb")   # `other` could be a notice, at any time
    closed = kb.assess(incident(PAYMENT.replace("individuals:", "complete: [UserNotice]\nindividuals:")
                                + other))
    assert liable(closed, "alice", "zfb")      # the incident lists every notice: none


def test_a_rule_whose_law_closes_the_list_says_so_in_its_proof(make_kb, incident):
    closing = COUNT_RULE.replace("rule no-notice-before cites P\n",
                                 'rule no-notice-before cites P\n  closes UserNotice "the law reads the notices '
                                 'given as all there were"\n')
    kb = make_kb(provision("P") + rules(closing))
    a = kb.assess(incident(PAYMENT + "  other:\n    a: Event\n"))
    [l] = liable(a, "alice", "zfb")
    assumed = a.proofs[l["proof"]]["assumed_complete"]
    assert assumed["lists"] == ["UserNotice"] and "all there were" in assumed["why"]


def test_an_unknown_exception_count_fails_the_defence_and_each_candidate_is_asked(
        make_kb, incident):
    rule = """
rule sole cites P
  when
    ?harm a Harm ; sufferedBy ?victim ; causedByFaultOf ?x ; amount ?amt
  unless proved by ?x
    let ?others = count ?y over { ?harm causedByFaultOf ?y  where ?y != ?x and ?y != ?victim }
    where ?others > 0
  then
    liable ?x to ?victim as Sole for ?amt
end
"""
    kb = make_kb(provision("P") + rules(rule))
    text = """
incident: t
jurisdiction: CN
date: 2022-03-14
individuals:
  mei: {a: NaturalPerson}
  swift: {a: Organisation}
  eastgate: {a: Organisation}
  loss1: {a: PropertyLoss, sufferedBy: mei, causedByFaultOf: eastgate, amount: CNY 100.00}
"""
    a = kb.assess(incident(text))
    [l] = liable(a, "eastgate", "mei")
    assert l["form"] == "Sole"                 # the other tortfeasor is eastgate's to show
    q = {q["fact"]: q for q in a.open_questions}
    assert "loss1 causedByFaultOf swift" in q
    assert q["loss1 causedByFaultOf swift"]["if_true"]["lost"]
    shown = kb.assess(incident(text.replace("causedByFaultOf: eastgate",
                                            "causedByFaultOf: [eastgate, swift]")))
    assert not liable(shown, "eastgate", "mei") and shown.defences


def test_a_conclusion_against_a_settled_class_is_no_maybe_row_of_a_count(make_kb, incident):
    # pay2 is stated authorised; the rule that would make a disputed payment
    # unauthorised is defeated for it (the payer's consent is shown). It must
    # not stay a possible unauthorised payment (docs/semantics.md §9.4): the
    # ontology makes AuthorisedPayment and UnauthorisedPayment disjoint.
    rule = """
rule disputed cites P
  when
    ?p a DisputedPayment ; processedBy ?psp
  unless
    ?p authorisedBy ?u
  then
    ?p a UnauthorisedPayment
end

rule one-payment cites P
  when
    ?acct heldBy ?user ; providedBy ?psp
    let ?n = count ?p over { ?p a UnauthorisedPayment ; processedBy ?psp ; debitedFrom ?acct }
    where ?n = 1
  then
    liable ?psp to ?user as Sole for CNY 1.00
end
"""
    kb = make_kb(provision("P") + rules(rule))
    pay2 = """
  pay2:
    a: {cls}
    processedBy: zfb
    debitedFrom: wallet
    authorisedBy: alice
    amount: CNY 50.00
    time: 2022-03-14T09:00
"""
    assert liable(kb.assess(incident(PAYMENT + pay2.format(cls="AuthorisedPayment"))), "zfb", "alice")
    # a payment not stated authorised could still be an unauthorised one: the count stays open
    assert not liable(kb.assess(incident(PAYMENT + pay2.format(cls="Payment"))), "zfb", "alice")


# -- amounts and links -------------------------------------------------------------

CLAIM = """
rule claim cites P
  when
    ?pay a UnauthorisedPayment ; processedBy ?psp ; debitedFrom ?acct ; amount ?amt
    ?acct heldBy ?user
  then
    liable ?psp to ?user as Sole for ?amt
end
"""


def test_an_unstated_amount_leaves_the_liability_concluded_with_its_amount_unknown(
        make_kb, incident):
    kb = make_kb(provision("P") + rules(CLAIM))
    a = kb.assess(incident(PAYMENT.replace("    amount: CNY 100.00\n", "")))
    [l] = liable(a, "zfb", "alice")
    assert l["amount"] is None and l["amount_status"] == "unknown"
    assert l["amount_bounds"] == {"min": "0", "max": None}
    [q] = [q for q in a.open_questions if q["fact"] == "pay1 amount"]
    assert q["kind"] == "value" and q["feeds"]
    fixed = kb.assess(incident(PAYMENT))
    assert liable(fixed, "zfb", "alice")[0]["amount_status"] == "fixed"


def test_an_unstated_account_is_asked_among_the_accounts_that_could_be_it(make_kb, incident):
    kb = make_kb(provision("P") + rules(CLAIM))
    text = PAYMENT.replace("    debitedFrom: wallet\n", "") + \
        "  savings: {a: PaymentAccount, heldBy: alice, providedBy: zfb}\n"
    a = kb.assess(incident(text))
    assert not liable(a, "zfb", "alice")       # the link is the claimant's to show
    asked = [q for q in a.open_questions if q["property"] == "debitedFrom"]
    assert {q["object"] for q in asked} == {"wallet", "savings"}
    assert all("wallet or savings" in q["question"] or "savings or wallet" in q["question"]
               for q in asked)


def test_a_stated_link_rules_out_the_other_candidates_of_a_functional_property(make_kb, incident):
    kb = make_kb(provision("P") + rules(CLAIM))
    text = PAYMENT + "  savings: {a: PaymentAccount, heldBy: alice, providedBy: zfb}\n"
    a = kb.assess(incident(text))
    assert len(liable(a, "zfb", "alice")) == 1
    assert not [q for q in a.open_questions if q["property"] == "debitedFrom"]


# -- the search itself ---------------------------------------------------------------

def test_the_search_budget_lists_what_it_did_not_re_assess(make_kb, incident, monkeypatch):
    from dutybound.engine import questions
    kb = make_kb(provision("P") + rules(COUNT_RULE))
    monkeypatch.setattr(questions, "USE_DELTA", False)
    monkeypatch.setattr(questions, "full_budget", lambda incident: 0)
    a = kb.assess(incident(NOTICE))
    assert a.open_questions and all(q.get("unevaluated") for q in a.open_questions)
