"""The ontology loads, is labelled in English and Chinese, has the names the rule files
use, compiles to the hierarchy we expect, and comes back equal from the disk cache."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dutybound.cache import load as load_cache
from dutybound.engine import ontology
from dutybound.engine.ontology import Vocabulary, load_vocabulary, vocab_graph
from dutybound.errors import DutyboundError

ROOT = Path(__file__).resolve().parents[2]

REQUIRED_CLASSES = """
Party NaturalPerson Organisation Consumer User EcommerceOperator PlatformOperator
InPlatformSeller SelfOperatedSeller PaymentServiceProvider ThirdPartyPaymentProvider Bank
CardIssuer LogisticsProvider ThirdParty UnknownThirdParty Fraudster Regulator PremisesOperator
SafeguardDutyHolder TradingPlatform NetworkBusinessPremises BusinessPremises
PhysicalBusinessPremises PublicPlace SourceOfDanger Account PaymentAccount BankCard
PlatformBalance RedPacket Goods LifeOrHealthGoods Order Payment AuthorisedPayment
UnauthorisedPayment Refund Transfer Event Login NewDeviceLogin PasswordChange ContactChange
PaymentEvent UserNotice RefundRequest Shipment Interception DataLeak AbnormalTransactionSignal
StatementSent Safeguard RiskWarning IdentityVerification TwoFactorAuthentication
StrongCustomerAuthentication AnomalyDetection Harm PropertyLoss PersonalInformationLeak
LifeOrHealthHarm Fault Intent GrossNegligence Negligence Duty SafeguardDuty NetworkSecurityDuty
QualificationReviewDuty PaymentSecurityDuty AbnormalTransactionWarningDuty
IdentityVerificationDuty RefundDuty RecordKeepingDuty LossMitigationDuty
SecurityToolSafekeepingDuty NotificationDuty LegalSource Statute JudicialInterpretation
Regulation Directive Provision Jurisdiction LiabilityForm Liability PrimaryObligation
FinalAllocation Recourse""".split()
REQUIRED_OBJECT_PROPERTIES = """
operates operatedBy sellsOn sells heldBy holdsAccount providedBy provides processedBy processes
debitedFrom creditedTo payer payee initiatedBy authorisedBy causedByFaultOf contributedToBy
causedByActOf causedBy suffers sufferedBy resultsFrom concerns actor notifies notifiedBy warned
appliedSafeguard safeguardUsed opensOrMaintains knewOf shouldHaveKnownOf holdsFundsFor
jurisdictionOf inJurisdiction governedBy establishedIn residentIn calendar""".split()
REQUIRED_DATATYPE_PROPERTIES = """
amount time date share name effectiveFrom repealedOn textOriginal textEnglish article
paragraph verificationStatus reportedWithinDays statementTime""".split()
REQUIRED_INDIVIDUALS = {
    "CN": "Jurisdiction", "DE": "Jurisdiction", "EU": "Jurisdiction", "US": "Jurisdiction",
    **{n: "LiabilityForm" for n in "Sole JointAndSeveral Supplementary Proportional "
       "ReducedForContributoryFault EnlargedPartOnly ConditionalSubstitute "
       "CorrespondingUnspecified Capped Exempt".split()}}


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


def test_required_names_exist_with_the_right_kind(vocab):
    assert [n for n in REQUIRED_CLASSES if not vocab.is_class(n)] == []
    assert [n for n in REQUIRED_OBJECT_PROPERTIES if not vocab.is_object_property(n)] == []
    assert [n for n in REQUIRED_DATATYPE_PROPERTIES if not vocab.is_datatype_property(n)] == []
    for ind, cls in REQUIRED_INDIVIDUALS.items():
        assert vocab.is_individual(ind) and cls in vocab.individuals[ind], ind
    assert vocab.terms["Money"].kind == "datatype"
    assert vocab.range["amount"] == {"Money"} and vocab.range["time"] == {"dateTime"}
    assert vocab.range["date"] == {"date"} and vocab.range["share"] == {"decimal"}


def test_every_term_has_english_and_chinese_label_and_comment(vocab):
    missing = [n for n, t in vocab.terms.items()
               if not (t.label_en and t.label_zh and t.comment_en and t.comment_zh)]
    assert missing == []
    assert all(re.search(r"[\u4e00-\u9fff]", t.label_zh) for t in vocab.terms.values())
    assert vocab.label("PlatformOperator", "zh") == "电子商务平台经营者"
    assert vocab.label("NoSuchTerm") == "NoSuchTerm"


def test_naming_conventions(vocab):
    for n, t in vocab.terms.items():
        if t.kind == "class":
            assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", n), n
        elif t.kind.endswith("_property"):
            assert re.fullmatch(r"[a-z][A-Za-z0-9]*", n), n
        assert t.iri == "https://dutybound.org/ontology#" + n


def test_hierarchy(vocab):
    sub = vocab.is_subclass
    assert sub("TradingPlatform", "NetworkBusinessPremises") and sub("TradingPlatform", "BusinessPremises")
    assert sub("TradingPlatform", "SourceOfDanger")
    assert sub("ThirdPartyPaymentProvider", "PaymentServiceProvider") and sub("Bank", "PaymentServiceProvider")
    assert sub("StrongCustomerAuthentication", "TwoFactorAuthentication")
    assert sub("Fraudster", "ThirdParty") and sub("UnknownThirdParty", "ThirdParty")
    assert sub("GrossNegligence", "Fault") and sub("Intent", "Fault")
    assert sub("Consumer", "Party") and not sub("Party", "Consumer")
    duties = [c for c in REQUIRED_CLASSES if c.endswith("Duty") and c != "Duty"]
    assert len(duties) == 11 and all(sub(d, "Duty") for d in duties)
    assert "ThirdPartyPaymentProvider" in vocab.subclasses["PaymentServiceProvider"]
    # entailed through the defined classes, as HermiT classifies them
    assert sub("PlatformOperator", "SafeguardDutyHolder") and sub("PlatformOperator", "PremisesOperator")
    assert sub("Cardholder", "AccountHolder")
    assert all(c in vocab.superclasses[c] for c in vocab.superclasses)    # reflexive


def test_properties_axioms(vocab):
    for a, b in [("heldBy", "holdsAccount"), ("operates", "operatedBy"), ("provides", "providedBy"),
                 ("processedBy", "processes"), ("suffers", "sufferedBy"), ("notifies", "notifiedBy"),
                 ("inJurisdiction", "jurisdictionOf")]:
        assert vocab.inverse[a] == b and vocab.inverse[b] == a
    assert "opensOrMaintains" in vocab.superproperties["operates"]
    assert "inJurisdiction" in vocab.superproperties["establishedIn"]
    assert vocab.domain["heldBy"] == {"Account"} and vocab.range["heldBy"] == {"Party"}
    assert vocab.range["operatedBy"] == {"Party"}         # entailed from operates' domain
    assert "actedInConcertWith" in vocab.symmetric and "partOf" in vocab.transitive
    assert ("AuthorisedPayment", "UnauthorisedPayment") in vocab.disjoint
    assert ("NaturalPerson", "Organisation") in vocab.disjoint
    defined = {d.name: d.conjuncts for d in vocab.defined}
    assert defined["PlatformOperator"] == (("class", "Organisation"), ("some", "operates", "TradingPlatform"))
    assert defined["SafeguardDutyHolder"] == (("some", "opensOrMaintains", "SourceOfDanger"),)
    assert defined["InPlatformSeller"] == (("some", "sellsOn", "TradingPlatform"),)
    assert defined["PremisesOperator"] == (("some", "operates", "BusinessPremises"),)


def test_safeguard_duty_comment_gives_the_german_origin(vocab):
    c = vocab.terms["SafeguardDuty"].comment_en
    assert "Verkehrssicherungspflicht" in c and "RGZ 52, 373" in c and "RGZ 54, 53" in c
    assert "unverified" in c


def test_vocab_graph_is_the_ontology():
    g = vocab_graph()
    assert ("db", "https://dutybound.org/ontology#") in {(p, str(n)) for p, n in g.namespaces()}
    assert len(g) > 1000


def test_cache_returns_an_equal_vocabulary(tmp_path, monkeypatch):
    monkeypatch.setenv("DUTYBOUND_CACHE", str(tmp_path))
    ontology._MEMO.clear()
    cold = load_vocabulary()
    files = list(tmp_path.glob("vocabulary-*.json"))
    assert len(files) == 1
    ontology._MEMO.clear()
    warm = load_vocabulary()
    assert warm is not cold and warm == cold and warm.key == cold.key
    assert warm.index is not None
    assert load_vocabulary() is warm                      # in-process memo
    files[0].write_bytes(b"not an entry")                  # a damaged cache is rebuilt
    ontology._MEMO.clear()
    assert load_vocabulary() == cold
    assert load_cache(files[0], cold.key) == cold


def test_warm_start_does_not_parse_turtle(tmp_path):
    env = {**os.environ, "DUTYBOUND_CACHE": str(tmp_path), "PYTHONPATH": str(ROOT)}
    code = ("import sys; from dutybound.engine.ontology import load_vocabulary; "
            "load_vocabulary(); print('rdflib' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, check=True).stdout.strip() for _ in range(2)]
    assert runs == ["True", "False"]


def test_cache_key_covers_the_compiler_and_old_entries_are_rebuilt(tmp_path, monkeypatch):
    from dutybound.engine import vocabulary
    assert set(vocabulary._COMPILER) == {"vocabulary.py", "owlcompile.py"}
    monkeypatch.setenv("DUTYBOUND_CACHE", str(tmp_path))
    ontology._MEMO.clear()
    cold = load_vocabulary()
    [entry] = tmp_path.glob("vocabulary-*.json")
    assert b"dutybound.engine.vocabulary.Vocabulary" in entry.read_bytes()
    # an entry naming a class the cache may not build is rebuilt
    entry.write_bytes(entry.read_bytes().replace(b"dutybound.engine.vocabulary.Vocabulary",
                                                 b"dutybound.engine.gone_vocab.Vocabulary"))
    ontology._MEMO.clear()
    assert load_vocabulary() == cold and load_cache(entry, cold.key) == cold
    # a different compiler gives a different key (and so another file)
    monkeypatch.setattr(vocabulary, "_SALT", b"another compiler")
    ontology._MEMO.clear()
    assert load_vocabulary().key != cold.key
    assert len(list(tmp_path.glob("vocabulary-*.json"))) == 2
    monkeypatch.undo()
    ontology._MEMO.clear()


def test_changed_file_changes_the_key(tmp_path):
    src = ROOT / "dutybound" / "knowledge" / "ontology"
    copies = []
    for f in sorted(src.glob("dutybound*.ttl")):
        (tmp_path / f.name).write_bytes(f.read_bytes())
        copies.append(tmp_path / f.name)
    first = load_vocabulary(copies)
    with open(copies[0], "a", encoding="utf-8") as fh:
        fh.write('\ndb:ExtraThing a owl:Class ; rdfs:subClassOf db:Goods ;\n'
                 '    rdfs:label "extra"@en, "额外"@zh ; rdfs:comment "x"@en, "x"@zh .\n')
    second = load_vocabulary(copies)
    assert first.key != second.key and second.is_subclass("ExtraThing", "Goods")


def test_turtle_syntax_error_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix db: <https://dutybound.org/ontology#> .\n"
                   "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                   "db:A a owl:Class .\n"
                   "db:B a owl:Class ;; ] .\n", encoding="utf-8")
    with pytest.raises(DutyboundError) as e:
        load_vocabulary([bad])
    p = e.value.problems[0]
    assert e.value.kind == "ontology" and p.path == str(bad) and p.line == 4
    assert "Turtle" in p.message


def test_undeclared_term_is_reported_with_a_suggestion(tmp_path):
    bad = tmp_path / "typo.ttl"
    bad.write_text("@prefix db: <https://dutybound.org/ontology#> .\n"
                   "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                   "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                   "db:Payment a owl:Class .\n"
                   "db:Refund a owl:Class ; rdfs:subClassOf db:Paymnet .\n", encoding="utf-8")
    with pytest.raises(DutyboundError) as e:
        load_vocabulary([bad])
    p = e.value.problems[0]
    assert "db:Paymnet" in p.message and p.line == 5 and "Payment" in (p.hint or "")
