"""Whether a party sells on a platform, when the incident does not say (issue 17;
docs/semantics.md §9.2 and §9.7, ontology/dutybound-cn-commerce.ttl). Asked of
the parties the platform's operator verified and registered (E-Commerce Law
Art. 27(1): it verifies the operators that apply to sell on it), so that the
fact beneath "Is the withdrawal an electronic payment for e-commerce?" is asked
as itself. Fails without the change: before it only the membership was asked."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "cn" / "sale-proceeds-the-provider-misroutes-are-its-loss.yaml"


def _without_sells_on(text: str) -> str:
    assert "    sellsOn: mall\n" in text
    return text.replace("    sellsOn: mall\n", "", 1)


def _asked(a):
    return {q["fact"]: q for q in a.open_questions}


def test_whether_a_seller_the_platform_verified_sells_on_it_is_asked(kb, incident):
    a = kb.assess(kb.load_incident(incident(_without_sells_on(EXAMPLE.read_text(encoding="utf-8")))))
    # the provisions of ECL 53-55 need an e-commerce payment: not concluded while unknown
    assert not [l for l in a.liabilities if l["party"] == "zfb" and l["basis"] == "ECL-55-2"]
    q = _asked(a)["jiatea sellsOn mall"]
    gained = " ".join(q["if_true"]["gained"])
    assert "zfb liable to jiatea as Sole for 9000.00 (ECL-55-2)" in gained
    assert "taomall owes QualificationReviewDuty (ECL-27-1)" in gained
    # nobody the platform did not verify is asked whether it sells there
    assert not [f for f in _asked(a) if "sellsOn" in f and not f.startswith("jiatea ")]


def test_a_party_the_platform_did_not_verify_is_not_asked_whether_it_sells_on_it(kb, incident):
    text = _without_sells_on(EXAMPLE.read_text(encoding="utf-8")).replace(
        "    verifiedAndRegistered: jiatea\n", "", 1)
    a = kb.assess(kb.load_incident(incident(text)))
    assert not [f for f in _asked(a) if "sellsOn" in f]
