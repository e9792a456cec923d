"""A tiny vocabulary with the protocol of dutybound.engine.ontology, so the
rule-language tests do not depend on the ontology being finished."""
from __future__ import annotations

from pathlib import Path

import pytest

from dutybound.rules.loader import load_law_texts

HERE = Path(__file__).parent

# class -> direct superclass
CLASSES = {
    "Thing": None, "Party": "Thing", "Person": "Party", "User": "Person",
    "Victim": "Party", "Suspect": "Party", "Thief": "Person",
    "PaymentServiceProvider": "Party",
    "ThirdPartyPaymentProvider": "PaymentServiceProvider",
    "PlatformOperator": "Party", "Seller": "Party",
    "Event": "Thing", "Payment": "Event", "UnauthorisedPayment": "Payment",
    "Account": "Thing", "Calendar": "Thing",
    "Duty": "Thing", "SafeguardDuty": "Duty", "PaymentSecurityDuty": "SafeguardDuty",
    "NotificationDuty": "Duty",
    "LiabilityForm": "Thing",
}
OBJECT_PROPERTIES = {"processedBy", "debitedFrom", "heldBy", "authorisedBy",
                     "causedByFaultOf", "victimOf", "calendar", "operatedBy", "soldBy",
                     "suspectOf"}
DATA_PROPERTIES = {"amount", "occurredAt", "reportedAt", "notifiedAt", "refundedAt",
                   "onDate", "reported", "description", "level"}
INDIVIDUALS = {
    "Sole": {"LiabilityForm"}, "JointAndSeveral": {"LiabilityForm"},
    "Supplementary": {"LiabilityForm"}, "Proportional": {"LiabilityForm"},
    "ChinaCalendar": {"Calendar"}, "Alipay": {"ThirdPartyPaymentProvider"},
}


def _ancestors(c: str) -> frozenset:
    out = set()
    while CLASSES.get(c):
        c = CLASSES[c]
        out.add(c)
    return frozenset(out)


class FakeVocab:
    def __init__(self):
        self.superclasses = {c: _ancestors(c) for c in CLASSES}
        self.individuals = {i: frozenset(cs) for i, cs in INDIVIDUALS.items()}

    def is_class(self, n): return n in CLASSES
    def is_property(self, n): return n in OBJECT_PROPERTIES or n in DATA_PROPERTIES
    def is_object_property(self, n): return n in OBJECT_PROPERTIES
    def is_individual(self, n): return n in INDIVIDUALS

    def names(self):
        return sorted(set(CLASSES) | OBJECT_PROPERTIES | DATA_PROPERTIES | set(INDIVIDUALS))


@pytest.fixture(scope="session")
def vocab():
    return FakeVocab()


@pytest.fixture(scope="session")
def law_texts():
    return load_law_texts(HERE / "law" / "texts")


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DUTYBOUND_CACHE", str(tmp_path / "cache"))
