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
