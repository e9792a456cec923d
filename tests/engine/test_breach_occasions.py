"""A breach is one outcome per occasion (docs/semantics.md §10): a breach
already proved for one payment, which an unknown fact would extend to another
payment (or take from one), makes that fact an open question, named with the
payment it decides; a fact that only adds another proof of the same occasion
does not."""
from __future__ import annotations

from tests.engine.test_reasoner import PAYMENT, provision, rules

FAULT = """
rule gross-fault-in-a-payment cites P
  when
    ?f faultOf ?payer
    ?f a GrossFault
    ?f faultIn ?q
    ?q a UnauthorisedPayment ; processedBy ?psp
  then
    breach ?payer SecurityToolSafekeepingDuty to ?psp
end
"""

# PAYMENT's pay1, a second payment, and a gross fault stated in pay2 only
TWO_PAYMENTS = PAYMENT + """  pay2: {a: UnauthorisedPayment, processedBy: zfb, debitedFrom: wallet, amount: CNY 200.00}
  pin-on-card: {a: GrossNegligence, faultOf: alice, faultIn: pay2}
"""


def _breaches(a):
    return [(b["party"], b["duty"], b["proofs"]) for b in a.breaches]


def test_a_fact_that_decides_one_more_occasion_of_a_proved_breach_is_asked(make_kb, incident):
    kb = make_kb(provision("P") + rules(FAULT))
    a = kb.assess(incident(TWO_PAYMENTS))
    [(party, duty, proofs)] = _breaches(a)
    assert (party, duty, len(proofs)) == ("alice", "SecurityToolSafekeepingDuty", 1)
    # the fault is stated for pay2; whether it was also in pay1 is unknown, and
    # answering yes reaches the breach on pay1 too: asked, naming pay1
    q = {q["fact"]: q for q in a.open_questions}
    asked = q["pin-on-card faultIn pay1"]
    assert asked["if_true"]["gained"] == ["alice breached SecurityToolSafekeepingDuty toward zfb (P) for pay1"]
    assert "pin-on-card faultIn pay2" not in q          # stated


def test_an_answer_that_takes_one_occasion_says_which(make_kb, incident):
    kb = make_kb(provision("P") + rules(FAULT))
    both = TWO_PAYMENTS.replace("faultIn: pay2", "faultIn: [pay1, pay2]")
    a = kb.assess(incident(both), assume=[(("pin-on-card", "faultIn", "pay1"), None)])
    q = {q["fact"]: q for q in a.open_questions}
    # with "in pay1" unknown the breach stands on pay2 alone; the question names pay1
    assert q["pin-on-card faultIn pay1"]["if_true"]["gained"] == [
        "alice breached SecurityToolSafekeepingDuty toward zfb (P) for pay1"]
    # with neither stated, the breach comes or goes as a whole: named without occasion
    none = kb.assess(incident(TWO_PAYMENTS.replace(", faultIn: pay2", "")))
    gains = {g for q in none.open_questions for g in (q.get("if_true") or {}).get("gained", ())}
    assert gains == {"alice breached SecurityToolSafekeepingDuty toward zfb (P)"}


def test_the_occasion_reads_as_a_sentence_in_english_and_chinese(make_kb, incident):
    from dutybound.explain.phrases import Phrasebook
    from dutybound.explain.questions import change_sentence, parse_change
    kb = make_kb(provision("P") + rules(FAULT))
    change = parse_change("alice breached SecurityToolSafekeepingDuty toward zfb (P) for pay1 and pay3")
    assert (change["kind"], change["to"], change["occasion"]) == ("breach", "zfb", "pay1 and pay3")
    en = change_sentence(Phrasebook(kb.vocab, lang="en"), change, True, {}, {}, "CNY")
    zh = change_sentence(Phrasebook(kb.vocab, lang="zh"), change, False, {}, {}, "CNY")
    assert en.startswith("it would follow that") and "as to pay1 and pay3" in en, en
    assert "toward zfb" in en and "zfb" in zh, (en, zh)       # whom the breach is toward
    assert zh.startswith("将不再得出：就pay1和pay3而言"), zh
