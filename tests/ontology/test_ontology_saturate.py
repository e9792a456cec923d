"""saturate() applies the compiled ontology to an incident's facts."""
import datetime as dt
from decimal import Decimal

import pytest

from dutybound.engine.facts import FactBase, Source, Text
from dutybound.engine.ontology import load_vocabulary, saturate
from dutybound.errors import DutyboundError
from dutybound.values import Money


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


def incident(*triples, false=()):
    fb = FactBase()
    for i, t in enumerate(triples, 1):
        fb.add(t, Source("incident", f"case.yaml:{i}", path="case.yaml", line=i))
    for t in false:
        fb.add(t, Source("assumption", "what-if"), truth=False)
    return fb


def test_subclass_closure(vocab):
    out = saturate(incident(("alipay", "a", "ThirdPartyPaymentProvider")), vocab)
    t = ("alipay", "a", "PaymentServiceProvider")
    assert out.value(t) is True
    src = out.true[t]
    assert src.kind == "axiom" and src.detail == "ThirdPartyPaymentProvider ⊑ PaymentServiceProvider"
    assert src.premises == (("alipay", "a", "ThirdPartyPaymentProvider"),)
    assert out.value(("alipay", "a", "Organisation")) and out.value(("alipay", "a", "Party"))
    assert out.value(("alipay", "a", "Bank")) is None           # nothing unwarranted


def test_platform_operator_is_defined_by_operating_a_trading_platform(vocab):
    out = saturate(incident(("taobao", "a", "Organisation"), ("taobao", "operates", "tmall"),
                            ("tmall", "a", "TradingPlatform")), vocab)
    src = out.true[("taobao", "a", "PlatformOperator")]
    assert src.detail == "PlatformOperator ≡ Organisation ⊓ ∃operates.TradingPlatform"
    assert set(src.premises) == {("taobao", "a", "Organisation"), ("taobao", "operates", "tmall"),
                                 ("tmall", "a", "TradingPlatform")}
    for c in ("EcommerceOperator", "PremisesOperator", "SafeguardDutyHolder"):
        assert out.value(("taobao", "a", c)) is True, c
    assert out.value(("tmall", "operatedBy", "taobao")) is True


def test_operating_a_trading_platform_makes_a_safeguard_duty_holder(vocab):
    # Not said to be an organisation: no PlatformOperator, but still a duty holder.
    fb = incident(("tmall", "a", "TradingPlatform"), ("someone", "operates", "tmall"))
    out = saturate(fb, vocab)
    assert out.value(("someone", "a", "PlatformOperator")) is None
    assert out.value(("someone", "opensOrMaintains", "tmall")) is True
    src = out.true[("someone", "a", "SafeguardDutyHolder")]
    assert src.detail == "SafeguardDutyHolder ≡ ∃opensOrMaintains.SourceOfDanger"
    assert ("tmall", "a", "SourceOfDanger") in src.premises
    assert out.value(("someone", "a", "PremisesOperator")) is True


def test_defined_class_fires_whatever_order_the_facts_come_in(vocab):
    # the filler's type arrives last, derived through a range axiom
    out = saturate(incident(("shop", "sellsOn", "mall")), vocab)
    assert out.value(("mall", "a", "TradingPlatform")) is True        # range of sellsOn
    assert out.value(("shop", "a", "InPlatformSeller")) is True
    out = saturate(incident(("acct", "heldBy", "alice"), ("acct", "a", "BankCard")), vocab)
    assert out.value(("alice", "a", "Cardholder")) and out.value(("alice", "a", "AccountHolder"))


def test_inverse_domain_and_range(vocab):
    out = saturate(incident(("acct1", "heldBy", "alice")), vocab)
    inv = out.true[("alice", "holdsAccount", "acct1")]
    assert "inverse" in inv.detail and inv.premises == (("acct1", "heldBy", "alice"),)
    assert out.true[("acct1", "a", "Account")].detail == "heldBy has domain Account"
    assert out.true[("alice", "a", "Party")].detail == "heldBy has range Party"
    out = saturate(incident(("alice", "holdsAccount", "acct1")), vocab)
    assert out.value(("acct1", "heldBy", "alice")) is True


def test_symmetric_transitive_and_subproperty(vocab):
    out = saturate(incident(("a", "actedInConcertWith", "b"), ("p1", "partOf", "p2"),
                            ("p2", "partOf", "p3"), ("p3", "partOf", "law"),
                            ("x", "knewOf", "y")), vocab)
    assert out.value(("b", "actedInConcertWith", "a")) is True
    assert out.value(("p1", "partOf", "law")) is True
    assert out.value(("x", "knewOrShouldHaveKnownOf", "y")) is True


def test_literals_are_not_typed_and_datatype_facts_pass_through(vocab):
    amt = Money(Decimal("1200.00"), "CNY")
    fb = incident(("pay", "a", "UnauthorisedPayment"), ("pay", "amount", amt),
                  ("pay", "time", dt.datetime(2024, 3, 1, 10)), ("pay", "payee", Text("note")))
    out = saturate(fb, vocab)
    assert out.value(("pay", "amount", amt)) is True
    assert out.value(("pay", "a", "Payment")) is True
    assert not any(s == amt or s == "note" for (s, p, o) in out.true)


def test_input_is_not_changed_and_false_facts_are_kept(vocab):
    fb = incident(("alipay", "a", "Bank"), false=[("alipay", "a", "CardIssuer")])
    before = (dict(fb.true), dict(fb.false))
    out = saturate(fb, vocab)
    assert (fb.true, fb.false) == before
    assert out.false == fb.false and out.value(("alipay", "a", "CardIssuer")) is False
    again = saturate(out, vocab)
    assert again.true.keys() == out.true.keys()                     # a fixpoint


def test_disjointness_clash_names_both_facts_and_sources(vocab):
    fb = incident(("alice", "a", "Consumer"), ("pay", "processedBy", "alipay"),
                  ("alice", "a", "Bank"))
    with pytest.raises(DutyboundError) as e:
        saturate(fb, vocab)
    err = e.value
    assert err.kind == "incident"
    msg = err.problems[0].message
    assert msg.startswith("these facts contradict each other")
    assert "'alice a Consumer' (incident: case.yaml:1)" in msg
    assert "'alice a Bank' (incident: case.yaml:3)" in msg
    assert "NaturalPerson ⊓ Organisation ⊑ ⊥" in msg
    assert (err.problems[0].path, err.problems[0].line) == ("case.yaml", 1)
    assert (err.problems[1].path, err.problems[1].line) == ("case.yaml", 3)
    assert err.problems[1].severity == "note"


def test_direct_disjointness_and_payment_authorisation(vocab):
    fb = incident(("pay", "a", "AuthorisedPayment"), ("pay", "a", "UnauthorisedPayment"))
    with pytest.raises(DutyboundError, match="AuthorisedPayment ⊓ UnauthorisedPayment"):
        saturate(fb, vocab)


def test_derived_fact_against_established_false_fact(vocab):
    fb = incident(("alice", "a", "Consumer"), false=[("alice", "a", "Party")])
    with pytest.raises(DutyboundError) as e:
        saturate(fb, vocab)
    msg = e.value.problems[0].message
    assert "'alice a Party' established false (assumption: what-if)" in msg
    assert "case.yaml:1" in msg


def test_fifty_triple_incident(vocab):
    triples = [("alipay", "a", "ThirdPartyPaymentProvider"), ("alice", "a", "Consumer"),
               ("acct", "heldBy", "alice"), ("acct", "a", "PlatformBalance")]
    for i in range(9):
        p = f"pay{i}"
        triples += [(p, "a", "UnauthorisedPayment"), (p, "processedBy", "alipay"),
                    (p, "debitedFrom", "acct"), (p, "amount", Money(Decimal(i), "CNY")),
                    (p, "time", dt.datetime(2024, 3, 1, 10, i))]
    triples += [("n", "a", "UserNotice"), ("n", "notifies", "alipay")]
    assert len(triples) >= 50
    out = saturate(incident(*triples), vocab)
    assert all(out.value((f"pay{i}", "a", "Payment")) for i in range(9))
    assert all(out.value(("alipay", "processes", f"pay{i}")) for i in range(9))
    assert out.value(("alipay", "notifiedBy", "n")) and out.value(("alice", "a", "AccountHolder"))
    # every derived fact carries an axiom and premises that are themselves established
    for t, src in out.true.items():
        if src.kind == "axiom":
            assert src.detail and src.premises and all(p in out.true for p in src.premises), t
