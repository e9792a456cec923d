"""An open `where` test over a count reads as a sentence (explain/conditions.py):
the patterns inside the braces with the names of what is bound and "someone"
for the counted party, and what is known of the count in words; the notation
stays in the JSON and the details."""
from __future__ import annotations

from pathlib import Path

from dutybound.explain import phrasebook
from dutybound.explain.conditions import bounds, sentence
from dutybound.explain.proofs import defence, step

ROOT = Path(__file__).resolve().parents[2]
FALL = "de/a-precaution-omitted-at-the-steps-makes-no-one-liable-for-a-fall-in-the-aisle.yaml"


def _fall(kb):
    a = kb.assess(str(ROOT / "examples" / FALL), open_questions=False)
    data = a.to_json()
    (exc,) = [x for p in data["proofs"].values() for x in p.get("exceptions", [])
              if x["exception"] == "where ?k (? 0…1) > 0"]
    return a, data, exc


def test_the_defence_of_another_responsible_party_reads_as_a_sentence(kb):
    a, data, exc = _fall(kb)
    (e,) = exc["elements"]
    assert e["fact"] == "where ?k (? 0…1) > 0"            # the notation stays in the JSON
    agg = e["test"]["left"]["aggregate"]
    assert e["test"]["op"] == ">" and agg["target"] == "y" and agg["func"] == "count"
    assert agg["patterns"] == [{"subject": {"var": "y"}, "property": "responsibleFor",
                                "object": {"value": "hugo-wrist"}, "negated": False}]
    en = defence(phrasebook(kb.vocab, data, a.incident, "en"), exc, None)
    assert en["text"] == "Someone other than Frischmarkt GmbH and hugo answers in tort for Hugo's sprained wrist"
    assert en["outcome"] == "not established (none known, up to 1 possible), so the defence fails"
    zh = defence(phrasebook(kb.vocab, data, a.incident, "zh"), exc, None)
    assert zh["text"] == "Frischmarkt GmbH和hugo以外的某人对Hugo's sprained wrist负侵权责任"
    assert zh["outcome"] == "未证实（尚无已知的，至多可能有1个），因此抗辩不成立"


def test_no_precaution_and_the_bounds_of_an_open_step(kb):
    a, data, _ = _fall(kb)
    (e,) = [e for p in data["proofs"].values() for e in p.get("elements", [])
            if e.get("fact") == "where ?preventable (? 0…1) = 0" and "fruit-aisle" in str(e["test"])][:1]
    s = step(phrasebook(kb.vocab, data, a.incident, "en"), e, None)
    assert s["text"] == ("It is not the case that some safeguard is a reasonable precaution against the fruit "
                         "aisle and had that safeguard been taken, Hugo's sprained wrist would not have happened")
    assert s["source"] == "not known: none known, up to 1 possible"


def _count(target, patterns, tests=()):
    return {"func": "count", "target": target, "patterns": patterns, "tests": list(tests)}


def _p(s, p, o):
    t = lambda x: {"var": x[1:]} if x.startswith("?") else {"value": x}  # noqa: E731
    return {"subject": t(s), "property": p, "object": t(o), "negated": False}


def test_two_counts_the_second_narrower_read_as_whenever(kb):
    from dutybound.explain.phrases import Phrasebook
    book = Phrasebook(kb.vocab, {"bank": "First Bank", "acme": "Acme Corp", "acct": "the account"})
    orders = [_p("?q", "a", "PaymentOrder"), _p("?q", "processedBy", "bank"), _p("?q", "debitedFrom", "acct")]
    test = {"op": "=", "left": {"var": "orders", "unknown": True, "min": "0", "max": "4",
                                "aggregate": _count("q", orders)},
            "right": {"var": "authorised", "unknown": True, "min": "0", "max": "4",
                      "aggregate": _count("q", orders + [_p("?q", "authorisedBy", "acme")])}}
    assert sentence(book, test) == ("whenever a payment order was processed by First Bank and that payment order "
                                    "was debited from the account, that payment order was authorised by Acme Corp")
    assert bounds(book, test) == "0 to 4 each"
    zh = book.other("zh")
    assert sentence(zh, test) == "凡某个支付命令由First Bank处理并且该支付命令从the account扣款，该支付命令经Acme Corp授权"
    assert bounds(zh, test) == "各0至4个"


def test_an_unknown_time_against_a_known_one(kb):
    from dutybound.explain.phrases import Phrasebook
    book = Phrasebook(kb.vocab, {"n1": "Lucia's notice"})
    test = {"op": "<=", "left": {"var": "tn", "unknown": True, "min": None, "max": None,
                                 "of": {"subject": {"value": "n1"}, "property": "time"}},
            "right": {"var": "t", "value": "2024-12-24T21:30:00"}}
    assert sentence(book, test) == "the time of Lucia's notice is no later than 2024-12-24 21:30:00"
    assert sentence(book.other("zh"), test) == "Lucia's notice的时间不晚于2024-12-24 21:30:00"
    assert bounds(book, test) is None


def test_a_test_of_another_shape_keeps_its_notation(kb):
    from dutybound.explain.phrases import Phrasebook
    book = Phrasebook(kb.vocab)
    odd = {"op": ">", "left": {"expr": "?a + ?b"}, "right": {"value": "0"}}
    assert sentence(book, odd) is None
    e = {"fact": "where ?a + ?b > 0", "status": "unknown", "test": odd, "conclusion": {"kind": "test"}}
    assert book.element(e) == "the condition ?a + ?b > 0"


def test_no_golden_output_shows_a_condition_in_notation():
    golden = ROOT / "tests" / "cli" / "golden"
    shown = [g.name for g in golden.glob("*.txt") if "The condition ?" in g.read_text(encoding="utf-8")]
    assert not shown, shown


def test_a_claims_open_count_reads_as_a_sentence_in_its_argument(kb):
    """The reasons of a claim left unknown carry the test too: the argument view
    (the web's map of a claim) says it in words, not in notation."""
    from dutybound.explain.argument import _reason_fact
    from dutybound.explain.phrases import Phrasebook
    name = "cn/a-bank-that-let-a-flagged-scam-transfer-through-shares-the-loss-with-the-fraudster-under-the-anti-fraud-law.yaml"
    data = kb.assess(str(ROOT / "examples" / name), open_questions=False).to_json()
    reasons = [r for c in data["claims"] for h in c.get("by_harm") or [c] for r in h.get("reasons", [])
               if str(r.get("fact", "")).startswith("where ?ecom")]
    assert reasons and all(r["test"]["left"]["aggregate"]["target"] == "q" for r in reasons)
    book = Phrasebook(kb.vocab, data["incident"]["labels"])
    text = _reason_fact(book, reasons[0])
    assert text == "transfer1 is an electronic payment for e-commerce"      # not "the number of cases … is 1"


def test_a_defence_established_on_the_stated_facts_says_what_was_established(kb):
    # A third party is stated to have made the payment: the count is 1 and the test
    # holds, so the grounder keeps no literal for it; the defence names it all the same.
    a, data, exc = _established(kb, "a-clause-cannot-excuse-the-banks-gross-negligence-under-civil-code-506-2023",
                                "?thirdParties")
    (e,) = exc["elements"]
    assert e["status"] == "established" and e["test"]["op"] == ">"
    en = defence(phrasebook(kb.vocab, data, a.incident, "en"), exc, None)
    assert en["text"] == "The unauthorised payment pay1 was initiated by some third party"
    assert en["outcome"] == "established, so the defence succeeds and the rule does not apply"


def test_a_sum_of_counts_above_zero_reads_as_one_or_the_other(kb):
    # `?grave + ?gross > 0` (Civil Code 1191(1): the worker's intent or gross negligence)
    a, data, exc = _established(kb, "a-bank-teller-who-moved-a-depositors-money-makes-the-bank-liable-in-contract-and-as-employer",
                                "?grave + ?gross")
    en = defence(phrasebook(kb.vocab, data, a.incident, "en"), exc, None)
    assert en["text"] == ("Some intent is the fault of Li and that intent concerns the property loss loss1, "
                          "or some gross negligence is the fault of Li and that gross negligence concerns "
                          "the property loss loss1")


def _established(kb, name, notation):
    """The assessment of examples/cn/NAME and its one established defence whose
    notation contains `notation`."""
    a = kb.assess(str(ROOT / "examples" / "cn" / f"{name}.yaml"), open_questions=False)
    data = a.to_json()
    (exc,) = [x for p in data["proofs"].values() for x in p.get("exceptions", [])
              if x["established"] and notation in x["exception"]]
    return a, data, exc


def test_a_defence_in_an_issue_names_the_law_it_defeats(kb):
    # Civil Code 577's rule gives way to a third party's payout; 593 still makes the
    # bank liable. The issue says which law the defence defeats, not "the rule".
    from dutybound.explain import explain_assessment
    a, data, _ = _established(kb, "a-clause-cannot-excuse-the-banks-gross-negligence-under-civil-code-506-2023",
                              "?thirdParties")
    for lang, law in (("en", "Civil Code (PRC), Art. 577"), ("zh", "《民法典》第577条")):
        (issue,) = [i for i in explain_assessment(data, kb.vocab, a.incident, lang)["issues"]
                    if i["party"] == "southbank" and i["to"] == "pan"]
        (d,) = [d for d in issue["defendant"] if d["established"]]
        assert law in d["outcome"], d["outcome"]
