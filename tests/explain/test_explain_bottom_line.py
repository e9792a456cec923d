"""The bottom line: who pays whom, how much, in which order, and who bears the
loss in the end, on the bundled examples whose outcome the courts' reasoning
fixes (one loss counted once, supplementary after the tortfeasor, recourse,
the victim's own share set off)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dutybound.explain import bottom_line_json, explain_assessment
from dutybound.explain.markup import plain

ROOT = Path(__file__).resolve().parents[2]


def _bl(kb, name, jurisdiction=None):
    a = kb.assess(str(ROOT / "examples" / name), jurisdiction=jurisdiction, open_questions=False)
    return a, bottom_line_json(a.to_json(), kb.vocab, a.incident)


def _one(bl, claimant):
    (c,) = [c for c in bl["claimants"] if c["claimant"] == claimant]
    return c


def test_one_loss_is_counted_once_and_the_platform_pays_after_the_fraudster(kb):
    _, bl = _bl(kb, "cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml")
    c = _one(bl, "alice")
    assert c["total"]["net"] == {"amount": "8000.00", "currency": "CNY"} and c["total"]["exact"]
    (loss,) = c["losses"]
    assert set(loss["objects"]) == {"pay1", "loss1"}                  # the payment and the harm: one loss
    assert {p["party"] for p in loss["first"]} == {"zfb", "fraudster"}
    (then,) = loss["then"]
    assert then["party"] == "taomall" and then["pays_after"] == "fraudster" and then["kind"] == "up to"
    assert {"from": "taomall", "against": "fraudster"}.items() <= loss["recourse"][0].items()
    assert sorted(loss["final"]["bearers"]) == [["fraudster"], ["zfb"]]   # no recourse between them is held
    en = " ".join(bl["sentences"]["en"][0])
    assert en.startswith("Alice can recover CNY 8,000.00 in all, once.")
    assert "TaoMall Ltd pays only what an unknown fraudster leaves unpaid" in en
    assert "the loss stays with whichever of them pays" in en
    assert bl["sentences"]["zh"][0][0] == "Alice总共可以获得人民币8,000.00元的赔偿，且只能获得一次。"


def test_the_victims_share_reduces_and_recourse_passes_the_loss_on(kb):
    _, bl = _bl(kb, "cn/a-debit-card-theft-the-issuer-bears-reduced-by-the-holders-found-share-and-recovers-from-the-thief.yaml")
    (loss,) = _one(bl, "helen")["losses"]
    bank = next(p for p in loss["first"] if p["party"] == "bank")
    assert bank["amount"]["amount"] == "21000.00" and bank["gross"]["amount"] == "30000.00"   # 30% her own
    assert [r["against"] for r in loss["recourse"]] == ["thief"]
    assert loss["final"]["bearers"] == [["thief"]]


def test_what_the_payer_bears_itself_is_set_off(kb):
    _, bl = _bl(kb, "us/stolen-card-unreported-for-months-500-dollars-within-the-60-days-and-uncapped-after.yaml")
    c = _one(bl, "erin")
    assert c["total"]["gross"]["amount"] == "1110.00" and c["total"]["own"]["amount"] == "870.00"
    assert c["total"]["net"]["amount"] == "240.00"
    assert "In the end Erin's bank bears USD 240.00 and Erin bears USD 870.00." in bl["sentences"]["en"][0]
    _, bl = _bl(kb, "de/pin-kept-with-the-card-gross-negligence-makes-the-payer-bear-the-whole-loss.yaml")
    assert bl["sentences"]["en"][0][0] == "Ben bears the whole loss of EUR 1,200.00."


def test_joint_and_several_and_proportional_liability(kb):
    _, bl = _bl(kb, "cn/two-fraudsters-who-ran-a-fake-shop-together-are-jointly-and-severally-liable.yaml")
    (loss,) = _one(bl, "bob")["losses"]
    assert loss["final"]["bearers"] == [["fan", "gao"]]
    assert "Bob may claim from any of them, but recovers the loss only once." in bl["sentences"]["en"][0]
    _, bl = _bl(kb, "cn/a-courier-and-a-warehouse-that-separately-ruined-a-parcel-bear-the-shares-the-court-found.yaml")
    c = _one(bl, "mei")
    assert c["total"]["net"]["amount"] == "10000.00"                  # 3,000 + 7,000, not the larger share
    assert "In the end each bears its own share." in bl["sentences"]["en"][0]


def test_a_defence_that_succeeds_is_said_in_the_bottom_line(kb):
    a = kb.assess(str(ROOT / "tests" / "store" / "incidents" / "disclosed-code-2022.yaml"), open_questions=False)
    bl = bottom_line_json(a.to_json(), kb.vocab, a.incident)
    assert [x["party"] for x in _one(bl, "alice")["not_liable"]] == ["zfb"]
    assert any("its defence under E-Commerce Law (PRC), Art. 57(2) succeeds" in s for s in bl["sentences"]["en"][0])


def test_no_liability_is_never_said_to_be_a_finding_that_no_one_is_liable(kb):
    a = kb.assess(str(ROOT / "examples/cn/a-forum-user-whose-fault-is-not-shown-is-not-liable-and-neither-is-the-forum-2022.yaml"))
    v = explain_assessment(a.to_json(), kb.vocab, a.incident)
    text = " ".join(v["summary"][0])
    assert "makes no one liable here" in text and "not a finding that no one is liable" in text


def test_the_bottom_line_works_from_the_json_alone(kb):
    """A stored assessment (no incident object): the loss links recorded in the JSON
    keep one loss counted once."""
    a = kb.assess(str(ROOT / "examples/cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"))
    data = a.to_json()
    assert ["loss1", "pay1"] in data["incident"]["links"]
    v = explain_assessment(data, kb.vocab)
    assert plain(v["summary"][0][0]) == "Alice can recover CNY 8,000.00 in all, once."


def test_claims_outside_the_knowledge_base_never_read_as_not_liable(kb):
    a = kb.assess(str(ROOT / "examples/cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"))
    data = a.to_json()
    data["claims"] = [
        {"claimant": "alice", "party": "zfb", "status": "liable", "basis": "ECL-57-2", "why": "..."},
        {"claimant": "alice", "party": "taomall", "status": "outside", "basis": None,
         "held": [{"id": "TLL-37-2", "title": "Tort Liability Law (PRC), Art. 37(2)",
                   "effective": "2010-07-01", "repealed": "2021-01-01"}]},
        {"claimant": "alice", "party": "fraudster", "status": "unknown", "open_questions": ["loss1 causedByFaultOf fraudster"]}]
    for lang in ("en", "zh"):
        v = explain_assessment(data, kb.vocab, a.incident, lang)
        rows = {r["party"]: r for r in v["claims"]["rows"]}
        outside = rows["taomall"]
        assert outside["status"] == "outside"
        if lang == "en":
            assert "not a finding that TaoMall Ltd is not liable" in outside["why"]
            assert "Tort Liability Law (PRC), Art. 37(2) (2010-07-01 – 2021-01-01)" in outside["why"]
            assert not outside["why"].startswith("Not liable")
        else:
            assert "并不意味着TaoMall Ltd不承担责任" in outside["why"]
        assert [r["status"] for r in v["claims"]["rows"]] == ["liable", "unknown", "outside"]


def test_an_amount_that_is_an_open_question_is_said_so(kb):
    a = kb.assess(str(ROOT / "examples/cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"))
    data = a.to_json()
    for l in data["liabilities"]:
        if l["party"] == "zfb":
            l.update(amount=None, currency=None, amount_status="unknown", amount_bounds={"min": "0", "max": "8000.00"})
    bl = bottom_line_json(data, kb.vocab, a.incident)
    zfb = next(p for p in bl["claimants"][0]["losses"][0]["first"] if p["party"] == "zfb")
    assert zfb["kind"] == "unknown" and zfb["amount"]["amount"] == "8000.00"
    assert any("an amount not yet known (up to CNY 8,000.00)" in s for s in bl["sentences"]["en"][0])


@pytest.mark.parametrize("jurisdiction", ["CN", "DE", "EU", "US"])
def test_every_jurisdiction_of_a_comparison_has_its_bottom_line(kb, jurisdiction):
    name = "cross-border/chinese-consumer-pays-a-german-shop-through-a-third-party-provider-after-her-phone-is-stolen.yaml"
    _, bl = _bl(kb, name, jurisdiction)
    assert bl["sentences"]["en"] and bl["sentences"]["zh"]
    assert bl["claimants"][0]["claimant"] == "li"
