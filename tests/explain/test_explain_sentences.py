"""Sentences for every term: the ontology's templates, the checker that
requires them, and facts, questions and conclusions read as sentences."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dutybound.errors import DutyboundError
from dutybound.explain.phrases import Phrasebook
from dutybound.explain.titles import provision_title
from dutybound.rules.checker import sentence_problems

ROOT = Path(__file__).resolve().parents[2]
LABELS = {"alice": "Alice (consumer)", "zfb": "ZFB Payment Co.", "taomall": "TaoMall Ltd"}
KINDS = {"pay1": "UnauthorisedPayment", "wallet": "PaymentAccount", "alice": "Consumer"}


def test_every_class_and_property_has_both_templates(kb):
    terms = [t for t in kb.vocab.terms.values() if t.kind in ("class", "object_property", "datatype_property")]
    assert len(terms) > 250
    assert all(t.sentence_en and t.sentence_zh for t in terms)
    assert sentence_problems(kb.vocab) == []


def _kb_copy(tmp_path, extra: str):
    root = tmp_path / "kb"
    shutil.copytree(ROOT / "dutybound" / "knowledge", root, ignore=shutil.ignore_patterns("examples"))
    (root / "ontology" / "dutybound-test.ttl").write_text(
        "@prefix db: <https://dutybound.org/ontology#> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n" + extra, encoding="utf-8")
    return root


def test_the_checker_fails_on_a_term_without_a_chinese_template(tmp_path):
    from dutybound.engine.kb import KnowledgeBase
    root = _kb_copy(tmp_path, 'db:RefundPromise a owl:Class ; rdfs:label "refund promise"@en, "退款承诺"@zh ;\n'
                              '    db:sentence "{s} is a refund promise"@en .\n')
    with pytest.raises(DutyboundError) as e:
        KnowledgeBase.load(root)
    text = e.value.render()
    assert "db:RefundPromise has no sentence template in Chinese" in text and "db:sentence" in text


def test_the_checker_fails_on_a_property_template_without_its_object(tmp_path):
    from dutybound.engine.kb import KnowledgeBase
    root = _kb_copy(tmp_path, 'db:promisedTo a owl:ObjectProperty ; rdfs:label "promised to"@en ;\n'
                              '    db:sentence "{s} made a promise"@en, "{s}作出了承诺"@zh .\n')
    with pytest.raises(DutyboundError) as e:
        KnowledgeBase.load(root)
    assert "db:promisedTo" in e.value.render() and "{s} and {o}" in e.value.render()


def test_a_new_term_with_both_templates_is_accepted_and_read(tmp_path):
    from dutybound.engine.kb import KnowledgeBase
    root = _kb_copy(tmp_path, 'db:promisedTo a owl:ObjectProperty ; rdfs:label "promised to"@en, "承诺对象"@zh ;\n'
                              '    db:sentence "{s} made a promise to {o}"@en, "{s}向{o}作出了承诺"@zh .\n')
    kb = KnowledgeBase.load(root)
    assert Phrasebook(kb.vocab, LABELS).fact("zfb", "promisedTo", "alice") == "ZFB Payment Co. made a promise to Alice"
    assert Phrasebook(kb.vocab, LABELS, "zh").fact("zfb", "promisedTo", "alice") == "ZFB Payment Co.向Alice作出了承诺"


def test_facts_read_as_sentences_with_labels(kb):
    en = Phrasebook(kb.vocab, LABELS, "en", KINDS)
    assert en.fact("pay1", "debitedFrom", "wallet") == \
        "the unauthorised payment pay1 was debited from the payment account wallet"
    assert en.fact("pay1", "a", "UnauthorisedPayment") == "pay1 is an unauthorised payment"
    assert en.fact("taomall", "warned", "alice", positive=False) == \
        "it is not the case that TaoMall Ltd warned Alice of the risk"
    assert en.fact("alice", "residentIn", "CN") == "Alice lives in People's Republic of China"   # an individual's label
    zh = Phrasebook(kb.vocab, LABELS, "zh", KINDS)
    assert zh.fact("pay1", "debitedFrom", "wallet") == "未经授权的支付pay1从支付账户wallet扣款"
    assert zh.fact("pay1", "amount", {"amount": "8000.00", "currency": "CNY"}) == "未经授权的支付pay1的金额为人民币8,000.00元"


def test_a_yes_no_property_reads_as_its_true_case(kb):
    en = Phrasebook(kb.vocab, {"r1": "the return"}, "en")
    assert en.fact("r1", "intact", True) == "the returned goods of the return were intact"
    assert en.fact("r1", "intact", False).startswith("it is not the case that")


def test_open_questions_are_questions(kb):
    en = Phrasebook(kb.vocab, LABELS, "en", KINDS)
    assert en.question("pay1", "causedByFaultOf", "alice") == \
        "Is it true that the unauthorised payment pay1 was caused by the fault of Alice?"
    zh = Phrasebook(kb.vocab, LABELS, "zh", KINDS)
    assert zh.question("pay1", "causedByFaultOf", "alice") == "未经授权的支付pay1是因Alice的过错造成的，是否属实？"
    assert en.value_question("notice1", "time") == "What is the time of notice1?"


def test_conclusions_read_as_sentences(kb):
    en = Phrasebook(kb.vocab, LABELS)
    assert en.conclusion({"kind": "breach", "party": "taomall", "duty": "SafeguardDuty", "to": "alice"}) == \
        "TaoMall Ltd breached its safeguard duty toward Alice"
    assert en.conclusion({"kind": "liable", "party": "zfb", "to": "alice", "positive": False}) == \
        "ZFB Payment Co. is not liable to Alice"


@pytest.mark.parametrize("title, zh", [
    ("Civil Code (PRC), Art. 1198(2)", "《民法典》第1198条第2款"),
    ("BGB (Germany), § 675v(1)", "《德国民法典》第675v条第1款"),
    ("Cybersecurity Law (PRC), Art. 21 (2016 text)", "《网络安全法》第21条（2016年文本）"),
    ("Regulation E (US), 12 CFR 1005.6(b)(1)", "美国E条例（《联邦法规汇编》第12编第1005.6(b)(1)条）"),
    ("A Law Nobody Knows (XX), Art. 3", "A Law Nobody Knows (XX), Art. 3"),     # never a wrong name
    ("BGB § 199(1), (3)", "《德国民法典》第199条第1款、第3款"),
    ("BGB (Germany), § 123(1), (2) sentence 1", "《德国民法典》第123条第1款、第2款第1句"),
    ("BGB (Germany), § 675u (2009-2018 text)", "《德国民法典》第675u条（2009—2018年文本）"),
    ("BGB (Germany), § 676h (misuse of payment cards, 2000-2009 text)",
     "《德国民法典》第676h条（支付卡的滥用，2000—2009年文本）"),
    ("BGB (Germany), § 241(2): the payment user's duty of care (before 31 Oct 2009)",
     "《德国民法典》第241条第2款：支付用户的注意义务（2009年10月31日之前）"),
    ("EGBGB Art. 229 § 45(1)-(3)", "《德国民法典施行法》第229条第45节第1款至第3款"),
    ("12 CFR 205.6 (Regulation E of the Federal Reserve Board)",
     "美国联邦储备委员会E条例（《联邦法规汇编》第12编第205.6条）"),
    ("15 U.S.C. 1693m(g) (Electronic Fund Transfer Act)", "美国《电子资金转账法》（《美国法典》第15编第1693m(g)条）"),
    ("BGB (Germany), § 241(2): words nobody translated", "BGB (Germany), § 241(2): words nobody translated"),
    ("BGB (Germany), Art. 3 to 5", "BGB (Germany), Art. 3 to 5"),     # a pinpoint's shape not read
    ("Electronic Fund Transfer Act (US), 15 U.S.C. 1693f(e)", "美国《电子资金转账法》（《美国法典》第15编第1693f(e)条）"),
    ("Regulation E (US), Supplement I, comment 2(m)-3", "美国E条例附录一（官方解释）评注2(m)-3"),
    ("Uniform Commercial Code § 4A-202 (US; as enacted in D.C. Code § 28:4A-202)",       # translated whole
     "美国《统一商法典》第4A-202条（依《哥伦比亚特区法典》第28:4A-202条施行）"),
])
def test_provision_titles_in_chinese(title, zh):
    assert provision_title({"title": title}, "zh") == zh
    assert provision_title({"title": title}, "en") == title


def test_a_title_of_a_shape_not_read_must_be_translated_whole():
    from dutybound.explain.titles import title_prose
    assert title_prose("BGB (Germany), Art. 3 to 5") == ["BGB (Germany), Art. 3 to 5"]
    assert title_prose("BGB (Germany), § 675v(1) (2009-2018 text)") == ["BGB (Germany)"]
    assert title_prose("BGB (Germany), § 676h (misuse of payment cards, 2000-2009 text)") == \
        ["BGB (Germany)", "misuse of payment cards"]


def test_an_individual_whose_id_repeats_its_kind_is_named_once(kb):
    kinds = {"account": "PaymentAccount", "wallet": "PaymentAccount"}
    en = Phrasebook(kb.vocab, {}, "en", kinds)
    assert en.name("account") == "the payment account"
    assert en.name("wallet") == "the payment account wallet"
    assert Phrasebook(kb.vocab, {}, "zh", kinds).name("account").endswith("account")


def test_a_range_of_a_number_reads_as_the_round_bound_the_search_stepped_to(kb):
    from dutybound.explain.questions import _range_label
    en, zh = Phrasebook(kb.vocab, {}, "en"), Phrasebook(kb.vocab, {}, "zh")
    below = {"value": "5.9999", "up_to": "5.9999", "after": None, "time": False}
    above = {"value": "6", "up_to": None, "after": "5.9999", "time": False}
    assert _range_label(en, below) == "If it is less than 6"
    assert _range_label(en, above) == "If it is 6 or more"
    assert _range_label(zh, below) == "若少于6"
    odd = {"value": "2.5", "up_to": "2.5", "after": None, "time": False}     # not a stepped bound
    assert _range_label(en, odd) == "If it is at most 2.5"
