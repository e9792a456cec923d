"""The bottom line per payment (explain/byharm.py): where one claimant's
claim against one party is liable for some payments and not for others, each
sentence names the payment it is about, and a party liable on one ground is
never said to be "not liable" because a defence defeated another ground."""
from __future__ import annotations

import copy
from pathlib import Path

from dutybound.explain import bottom_line_json

ROOT = Path(__file__).resolve().parents[2]
EMIL = ("eu/a-payer-who-sat-on-a-debit-he-knew-of-loses-its-refund-but-not-the-refund-of-the-one-he-"
        "reported-at-once.yaml")
MARTA = "eu/a-payer-who-first-complains-fourteen-months-after-a-debit-loses-its-refund-but-not-the-recent-ones.yaml"
FRAUDSTERS = "cn/two-fraudsters-who-ran-a-fake-shop-together-are-jointly-and-severally-liable.yaml"


def _assess(kb, name):
    a = kb.assess(str(ROOT / "examples" / name), open_questions=False)
    return a, a.to_json()


def _sentences(bl, lang="en"):
    (paragraph,) = bl["sentences"][lang]
    return paragraph


def test_the_bank_pays_for_one_payment_and_is_not_liable_for_the_other(kb):
    a, data = _assess(kb, EMIL)
    bl = bottom_line_json(data, kb.vocab, a.incident)
    (c,) = bl["claimants"]
    (loss,) = c["losses"]
    assert loss["harms"] == [{"harm": "p2", "date": "2024-05-01", "amount": {"amount": "300.00", "currency": "EUR"}}]
    (freed,) = c["not_liable"]
    assert freed["scope"] == "harm" and freed["harm"] == "p1" and freed["kind"] == "defence"
    assert freed["date"] == "2024-01-20" and freed["amount"] == {"amount": "700.00", "currency": "EUR"}
    assert freed["fact"] == {"subject": "p1", "property": "a", "object": "TimeBarredPayment", "positive": True}
    en = _sentences(bl)
    assert ("For the unauthorised payment p2 of 2024-05-01 (EUR 300.00): Emil's bank must pay Emil EUR 300.00 "
            "(sole liability, PSD2 (EU), Art. 73(1)).") in en
    assert ("For the unauthorised payment p1 of 2024-01-20 (EUR 700.00), Emil's bank is not liable to Emil: its "
            "defence under PSD2 (EU), Art. 73(1) succeeds, as p1 is a payment too old to be rectified.") in en
    assert not any(s.startswith("Emil's bank is not liable") for s in en)   # never unqualified
    zh = _sentences(bl, "zh")
    assert any(s.startswith("就2024-05-01的未经授权的支付p2（300.00欧元）而言：Emil's bank应向Emil支付300.00欧元") for s in zh)
    assert any(s.startswith("就2024-01-20的未经授权的支付p1（700.00欧元）而言，Emil's bank对Emil不承担责任：") and
               "抗辩成立" in s for s in zh)
    assert not any(s.startswith("Emil's bank对Emil不承担责任") for s in zh)


def test_payments_refunded_alike_are_named_together(kb):
    a, data = _assess(kb, MARTA)
    en = _sentences(bottom_line_json(data, kb.vocab, a.incident))
    [paid] = [s for s in en if "must pay Marta for 2 payments" in s]
    assert "february-debit of 2024-02-14 (EUR 25.00)" in paid and "december-debit of 2023-12-20 (EUR 60.00)" in paid
    [freed] = [s for s in en if "not liable" in s]
    assert freed.startswith("For the unauthorised payment old-debit of 2023-01-10 (EUR 40.00), Marta's bank is "
                            "not liable to Marta: its defence")


def test_a_claim_not_split_says_nothing_about_payments(kb):
    a, data = _assess(kb, EMIL)
    data = copy.deepcopy(data)
    (claim,) = data["claims"]
    claim["by_harm"] = [h for h in claim["by_harm"] if h["harm"] == "p2"]      # liable for all it reaches
    bl = bottom_line_json(data, kb.vocab, a.incident)
    assert "harms" not in bl["claimants"][0]["losses"][0]
    assert not any(s.startswith("For ") for s in _sentences(bl))


def test_a_payment_left_open_or_failing_on_its_conditions_is_said_so_not_as_a_defence(kb):
    a, data = _assess(kb, EMIL)
    data = copy.deepcopy(data)
    (claim,) = data["claims"]
    claim["by_harm"] += [
        {"harm": "p3", "status": "unknown", "basis": ["PSD2-73-1"], "why": "...", "reasons": [
            {"rule": "r", "provision": "PSD2-73-1", "kind": "element unknown", "fact": "p3 a UnauthorisedPayment"}]},
        {"harm": "p4", "status": "not liable", "basis": ["PSD2-73-1"], "why": "...", "reasons": [
            {"rule": "r", "provision": "PSD2-73-1", "kind": "element false", "fact": "p4 a UnauthorisedPayment"}]}]
    data["dates"]["facts"]["p3"] = "2024-05-02"
    bl = bottom_line_json(data, kb.vocab, a.incident)
    kinds = {x.get("harm"): x["kind"] for x in bl["claimants"][0]["not_liable"]}
    assert kinds == {"p1": "defence", "p3": "not established", "p4": "elements false"}
    en = _sentences(bl)
    [open_] = [s for s in en if "p3" in s]
    assert open_.startswith("For p3 of 2024-05-02, it is not established whether Emil's bank is liable to Emil")
    assert "not liable" not in open_
    [false] = [s for s in en if "p4" in s]
    assert false == ("For p4, Emil's bank is not liable to Emil: a condition of PSD2 (EU), Art. 73(1) is "
                     "established not to be met.")
    zh = _sentences(bl, "zh")
    assert any(s.startswith("就2024-05-02的p3而言，Emil's bank是否依") and "尚未确定" in s for s in zh)


def test_a_party_liable_on_one_ground_is_not_called_not_liable_for_losing_another(kb):
    a, data = _assess(kb, FRAUDSTERS)
    bl = bottom_line_json(data, kb.vocab, a.incident)
    scopes = {(x["party"], x["basis"]): x["scope"] for x in bl["claimants"][0]["not_liable"]}
    assert scopes[("fan", "CC-1165-1")] == "other ground"
    en = _sentences(bl)
    assert not any(" is not liable to Bob" in s for s in en)
    assert ("Fan's defences under Civil Code (PRC), Art. 1165(1) and Civil Code (PRC), Art. 1172 succeed only "
            "against the claims under those provisions; Fan is liable as stated above.") in en
    assert any(s.startswith("Fan依") and "仍按上文所述承担责任" in s for s in _sentences(bl, "zh"))


def test_a_party_not_liable_at_all_still_reads_so(kb):
    """The whole claim defeated: the sentence it always had (scope "claim")."""
    a = kb.assess(str(ROOT / "tests" / "store" / "incidents" / "disclosed-code-2022.yaml"), open_questions=False)
    bl = bottom_line_json(a.to_json(), kb.vocab, a.incident)
    [zfb] = [x for c in bl["claimants"] for x in c["not_liable"] if x["party"] == "zfb"]
    assert zfb["scope"] == "claim"
    assert "Zfb is not liable to alice: its defence under E-Commerce Law (PRC), Art. 57(2) succeeds." \
        in bl["sentences"]["en"][0]


def test_a_defence_on_a_payment_another_provision_may_still_reach_is_not_called_not_liable(kb):
    """Harbor's first wire: the bank's defence under UCC 4A-204 succeeds (the order
    binds the customer), but whether it answers under another provision turns on
    facts not yet known; the bank must refund the second wire."""
    a, data = _assess(kb, "us/a-wire-verified-under-the-agreed-procedure-binds-the-business-but-one-over-its-"
                          "written-limit-is-refunded.yaml")
    bl = bottom_line_json(data, kb.vocab, a.incident)
    [freed] = [x for x in bl["claimants"][0]["not_liable"] if x["party"] == "bank"]
    assert freed["scope"] == "harm" and freed["harm"] == "wire1" and freed["status"] == "unknown"
    [s] = [s for s in _sentences(bl) if "wire1" in s]
    assert s.startswith("For the payment order wire1 of 2024-04-03 (USD 40,000.00), Harbor's bank's defence under")
    assert "is not established" in s and "is not liable" not in s
