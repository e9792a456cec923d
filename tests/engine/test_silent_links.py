"""Silent dependencies on payment links (issue 17): a stated holder or
instrument made unknown must be asked, and the burden decides meanwhile
(docs/semantics.md §3, §9.2, §10). Each test fails without the change it names."""
from __future__ import annotations

from pathlib import Path

from tests.engine.test_reasoner import PAYMENT, liable, provision, rules

ROOT = Path(__file__).resolve().parents[2]

# The payer of a payment is the holder of the account it was debited from
# (rules/de/bgb-before-2009.md), and the provider refunds the payer.
HOLDER = """
rule the-holder-is-the-payer cites P
  when
    ?p processedBy ?psp ; debitedFrom ?acct
    ?acct heldBy ?payer
  then
    ?p payer ?payer
end

rule refund cites P
  when
    ?p a UnauthorisedPayment ; processedBy ?psp ; payer ?payer ; amount ?a
  then
    liable ?psp to ?payer as Sole for ?a
end
"""

# A card that states its holder: the only stated `heldBy` once the account's is
# unknown, and fewer holders than payments, so the join bound the account from
# it (the card), found no payment debited from the card, and never completed the
# holder of the account the payments name.
CARD = """  card: {a: BankCard, heldBy: alice, providedBy: zfb}
  pay2: {a: UnauthorisedPayment, processedBy: zfb, debitedFrom: wallet, amount: CNY 50.00,
         time: 2022-03-14T11:00}
"""
MISTAKE = "  alices-mistake: {a: DeclarationMistake, mistakeOf: alice, mistakeIn: pay1}\n"


def test_the_unstated_holder_of_the_debited_account_is_asked(make_kb, incident):
    kb = make_kb(provision("P") + rules(HOLDER))
    a = kb.assess(incident(PAYMENT + CARD + MISTAKE), assume=[(("wallet", "heldBy", "alice"), None)])
    asked = {q["object"] for q in a.open_questions
             if q["subject"] == "wallet" and q["property"] == "heldBy"}
    assert "alice" in asked
    assert not liable(a, "zfb", "alice")           # unknown holder: the claim fails meanwhile
    # a mistake in a declaration is no party: never a candidate holder
    assert "alices-mistake" not in asked
    assert not [q for q in a.open_questions if "alices-mistake" in (q["subject"], q["object"])]


# The 150-euro cap over the payments made with the lost card (BGB 675v(1), 2009 text):
# with whether pay2 was made with it unknown, the loss is EUR 100 to 300 and the
# capped amount 100 to 150.
CAP = """
rule capped cites P
  when
    ?l a SecurityToolLoss ; concerns ?ins
    ?acct heldBy ?payer ; providedBy ?psp
    let ?n = count ?p over { ?p a UnauthorisedPayment ; instrument ?ins }
    where ?n > 0
    let ?loss = sum ?a over { ?p a UnauthorisedPayment ; instrument ?ins ; amount ?a }
  then
    liable ?payer to ?psp as Capped for min(CNY 150.00, ?loss) cap CNY 150.00
end
"""

CARD_PAYMENTS = """
  card: {a: PaymentInstrument}
  theft: {a: SecurityToolLoss, concerns: card, time: 2022-03-14T09:00}
  pay2:
    a: UnauthorisedPayment
    processedBy: zfb
    debitedFrom: wallet
    amount: CNY 200.00
    time: 2022-03-14T11:00
"""


def test_a_payment_that_an_open_sum_could_count_is_asked(make_kb, incident):
    # Before: the open-question filter (engine/relevance.py) indexed an instance by
    # its literals and tests only, not by the rows its sum could count, and skipped
    # `pay2 instrument card` as if it could not matter.
    kb = make_kb(provision("P") + rules(CAP))
    text = PAYMENT.replace("    debitedFrom: wallet\n", "    debitedFrom: wallet\n    instrument: card\n", 1)
    a = kb.assess(incident(text + CARD_PAYMENTS))
    [l] = liable(a, "alice", "zfb")
    assert l["amount_status"] == "unknown"
    q = [q for q in a.open_questions if (q["subject"], q["property"], q["object"]) == ("pay2", "instrument", "card")]
    assert q and "for 150.00" in " ".join(q[0]["if_true"]["gained"])


def test_a_payment_that_alone_brings_a_count_under_the_2018_text_is_asked(kb):
    # Before: the law in time dated the instance by the payments its count settled
    # only; pay1 falls under the 2009 text, so with whether pay2 (13 January 2018)
    # was made with the card unknown no fact dated the instance into the 2018 text
    # and the claim under § 675v(1) (2018) was dropped without a question.
    path = next((ROOT / "examples" / "de").glob("debits-from-a-stolen-card-on-both-sides-*.yaml"))
    inc = kb.load_incident(path)
    t = ("pay2", "instrument", "card")
    a = kb.assess(inc, assume=[(t, None)])
    assert not [l for l in liable(a, "anna", "bank") if l["basis"] == "BGB-675v-1"]   # burden
    assert [q for q in a.open_questions if (q["subject"], q["property"], q["object"]) == t]
    assert [l for l in liable(a, "anna", "bank") if l["basis"] == "BGB2009-675v-1"]  # pay1 as before
