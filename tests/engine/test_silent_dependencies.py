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


# Civil Code Art. 1198(1)'s shape: the breach is a precaution against the place's
# dangers that the operator did not take; the rule meets the precaution only through
# `precautionAgainst`.
PREMISES = """
rule omitted-precaution cites P
  when
    ?op operates ?prem
    ?prem a BusinessPremises
    ?harm a Harm ; sufferedBy ?v ; resultsFrom ?prem ; amount ?amt
    ?m precautionAgainst ?prem
    not ?op appliedSafeguard ?m
  then
    liable ?op to ?v as Sole for ?amt
end

rule refused-sca cites P
  when
    ?x declinedSCAFor ?p
    ?p a UnauthorisedPayment ; amount ?a ; processedBy ?psp
    where ?x != ?psp
  then
    liable ?x to ?psp as Sole for ?a
end
"""

SHOP = """
incident: t
jurisdiction: CN
date: 2022-03-14
individuals:
  wu: {a: NaturalPerson}
  mallco: {a: Organisation, operates: mall, not: {appliedSafeguard: wet-floor-sign}}
  mall: {a: PhysicalBusinessPremises}
  wet-floor-sign: {a: Safeguard}
  injury1: {a: LifeOrHealthHarm, sufferedBy: wu, resultsFrom: mall, amount: CNY 300.00}
  zfb: {a: [ThirdPartyPaymentProvider, Organisation]}
  pay1: {a: UnauthorisedPayment, processedBy: zfb, amount: CNY 5.00, time: 2022-03-14T10:00}
"""


def test_an_unstated_link_whose_subject_nothing_else_binds_is_asked(make_kb, incident):
    # Before: `?m precautionAgainst mall` with ?m unbound was not completed (semantics
    # §9.7, a limit then): the claim failed and no question named the missing fact.
    kb = make_kb(provision("P") + rules(PREMISES))
    a = kb.assess(incident(SHOP))
    assert not liable(a, "mallco", "wu")
    q = {q["fact"]: q for q in a.open_questions}
    assert q["wet-floor-sign precautionAgainst mall"]["if_true"]["gained"]
    # "who, of all the parties, refused SCA for pay1" is not asked: the rule names no
    # narrower kind than a party (the payer would be asked about her own payment)
    assert not [f for f in q if "declinedSCAFor" in f]
    shown = kb.assess(incident(SHOP.replace("wet-floor-sign: {a: Safeguard}",
                                            "wet-floor-sign: {a: Safeguard, precautionAgainst: mall}")))
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



def _asked_of(kb, example, fact, prop):
    from pathlib import Path
    root = Path(__file__).resolve().parents[2] / "examples"
    (path,) = [p for p in root.rglob("*.yaml") if p.name.startswith(example)]
    inc = kb.load_incident(path)
    (t,) = [t for t in inc.facts.true if " ".join(map(str, t)) == fact]
    a = kb.assess(inc, assume=[(t, None)])
    return {q["fact"] for q in a.open_questions if q["property"] == prop}


def test_who_refused_strong_customer_authentication_is_asked_of_the_payees_side_only(kb):
    # PSD2 Art. 74(2): "the payee or the payment service provider of the payee". Before,
    # the rule asked of nobody (its subject was any party), and the refund was lost unasked.
    asked = _asked_of(kb, "disputed-payments-the-provider-must-prove-consent",
                      "merchant-psp declinedSCAFor pay1", "declinedSCAFor")
    assert asked == {"merchant-psp declinedSCAFor pay1"}


def test_whether_an_orders_seller_sells_on_the_platform_is_asked_of_that_seller_only(kb):
    # ECL Art. 27(1): the platform's sellers. Before, the breach was lost unasked.
    asked = _asked_of(kb, "vanished-seller-leaves-the-platform-paying",
                      "quickgadgets sellsOn mall", "sellsOn")
    assert asked == {"quickgadgets sellsOn mall"}
