"""Silent dependencies (issue 17): a stated fact made unknown must not change
the outcome without being asked (docs/semantics.md §9). Each test fails
without the engine change it names."""
from __future__ import annotations

from tests.engine.test_reasoner import PAYMENT, liable, provision, rules

# The deadline of BGB § 675u's shape: counted on the provider's calendar where
# it names one, Monday to Friday where it names none (rules/de/bgb-675u-675w.md).
DEADLINE = """
rule late-on-its-calendar cites P
  when
    ?pay a UnauthorisedPayment ; processedBy ?psp ; time ?t ; debitedFrom ?acct ; amount ?amt
    ?acct heldBy ?user
    ?psp calendar ?cal
    where date_of(?t) < add_business_days(date_of(?t), 1, ?cal)
  then
    liable ?psp to ?user as Sole for ?amt
end

rule late-on-weekdays cites P
  when
    ?pay a UnauthorisedPayment ; processedBy ?psp ; time ?t ; debitedFrom ?acct ; amount ?amt
    ?acct heldBy ?user
    let ?calendars = count ?c over { ?psp calendar ?c }
    where ?calendars = 0 and date_of(?t) < add_business_days(date_of(?t), 1)
  then
    liable ?psp to ?user as Sole for ?amt
end
"""

MISTAKE = "  alices-mistake: {a: DeclarationMistake, mistakeOf: alice, mistakeIn: pay1}\n"


def test_an_unstated_calendar_is_never_another_individual_of_the_incident(make_kb, incident):
    # Before: `zfb calendar alices-mistake` was a candidate link (nothing made a
    # mistake disjoint with a calendar); add_business_days then warned "unknown
    # calendar 'alices-mistake'" and the weekday count stayed open.
    kb = make_kb(provision("P") + rules(DEADLINE))
    a = kb.assess(incident(PAYMENT + MISTAKE))
    assert not [w for w in a.problems if "unknown calendar" in w["message"]]
    [l] = liable(a, "zfb", "alice")             # the provider names none: Monday to Friday
    assert l["basis"] == "P"
    assert not [q for q in a.open_questions if q["property"] == "calendar"]


def test_a_calendar_the_incident_defines_is_the_candidate_of_an_unstated_one(make_kb, incident):
    kb = make_kb(provision("P") + rules(DEADLINE))
    text = PAYMENT.replace("individuals:", "calendars:\n  CalendarDE: DE-HH\nindividuals:") + MISTAKE
    a = kb.assess(incident(text))
    asked = [q for q in a.open_questions if q["property"] == "calendar"]
    assert [q["object"] for q in asked] == ["CalendarDE"]      # which calendar the provider keeps
    assert not [w for w in a.problems if "unknown calendar" in w["message"]]


# Civil Code Art. 1198(1)'s shape: the duty is owed to everyone at the premises,
# and the rule that owes it binds the person only through `exposedTo`.
PREMISES = """
rule owed-to-everyone-there cites P
  when
    ?op operates ?prem
    ?prem a BusinessPremises
    ?v exposedTo ?prem
    where ?v != ?op
  then
    duty ?op SafeguardDuty to ?v
end

rule harm-there cites P
  when
    duty ?op SafeguardDuty to ?v
    ?harm a Harm ; sufferedBy ?v ; amount ?amt
  then
    liable ?op to ?v as Sole for ?amt
end
"""

SHOP = """
incident: t
jurisdiction: CN
date: 2022-03-14
individuals:
  wu: {a: NaturalPerson}
  mallco: {a: Organisation, operates: mall}
  mall: {a: PhysicalBusinessPremises}
  wet-floor-sign: {a: Safeguard}
  injury1: {a: LifeOrHealthHarm, sufferedBy: wu, amount: CNY 300.00}
"""


def test_an_unstated_link_whose_subject_nothing_else_binds_is_asked(make_kb, incident):
    # Before: `?v exposedTo mall` with ?v unbound was not completed (semantics §9.7,
    # a limit then): the claim failed and no question named the missing fact.
    kb = make_kb(provision("P") + rules(PREMISES))
    a = kb.assess(incident(SHOP))
    assert not liable(a, "mallco", "wu")
    q = {q["fact"]: q for q in a.open_questions}
    assert "wu exposedTo mall" in q and q["wu exposedTo mall"]["if_true"]["gained"]
    # only settled members of what the rule requires (a Party for exposedTo): not the sign
    assert not [f for f in q if f.startswith(("wet-floor-sign exposedTo", "injury1 exposedTo"))]
    shown = kb.assess(incident(SHOP.replace("wu: {a: NaturalPerson}",
                                            "wu: {a: NaturalPerson, exposedTo: mall}")))
    assert liable(shown, "mallco", "wu")


# A contract's two parties (rules/cn/civil-code-contract-509-577-593.md's shape).
CONTRACT = """
rule account-contract cites P
  when
    ?c a Contract ; governsAccount ?acct ; hasParty ?prov ; hasParty ?h
    ?acct heldBy ?h ; providedBy ?prov
    ?pay a UnauthorisedPayment ; debitedFrom ?acct ; amount ?amt
  then
    liable ?prov to ?h as Sole for ?amt
end
"""


def test_a_rule_that_names_a_property_twice_completes_the_value_the_incident_leaves_out(
        make_kb, incident):
    # Before: the stated party was the link's only value, so `hasParty ?h` bound the
    # provider again and the claim failed without a question about the holder.
    kb = make_kb(provision("P") + rules(CONTRACT))
    deposit = "  deposit: {a: DepositContract, governsAccount: wallet, hasParty: [%s]}\n"
    a = kb.assess(incident(PAYMENT + deposit % "zfb"))
    assert not liable(a, "zfb", "alice")
    q = {q["fact"]: q for q in a.open_questions}
    assert q["deposit hasParty alice"]["if_true"]["gained"]
    assert liable(kb.assess(incident(PAYMENT + deposit % "zfb, alice")), "zfb", "alice")


HOLDER = """
rule refund-the-holder cites P
  when
    ?p processedBy ?psp ; debitedFrom ?acct ; amount ?amt
    ?acct heldBy ?payer
  then
    liable ?psp to ?payer as Sole for ?amt
end
"""


def test_an_account_whose_holder_is_unstated_is_met_through_the_payment_debited_from_it(
        make_kb, incident):
    # Before: with every pattern's subject unbound, ?acct ranged only over the accounts
    # stated to have a holder (`?acct heldBy ?payer`), so pay2's account was never met
    # and its holder never asked.
    kb = make_kb(provision("P") + rules(HOLDER))
    more = """
  savings: {a: PaymentAccount, providedBy: zfb, heldBy: alice}
  pay2: {a: UnauthorisedPayment, processedBy: zfb, debitedFrom: savings, amount: CNY 7.00, time: 2022-03-14T11:00}
"""
    # an account must name its holder (ontology/shapes.ttl): the what-if unstates it
    a = kb.assess(incident(PAYMENT + more), assume=[(("savings", "heldBy", "alice"), None)])
    assert [l["amount"] for l in liable(a, "zfb", "alice")] == ["100.00"]
    q = {q["fact"]: q for q in a.open_questions}
    assert "savings heldBy alice" in q and q["savings heldBy alice"]["if_true"]["gained"]
