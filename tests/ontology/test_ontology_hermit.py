"""HermiT (through owlready2, on Java) checks the ontology and classifies it.

These tests need Java. Without it check_consistency() raises a DutyboundError saying how
to install one, so the tests FAIL rather than skip: a machine that cannot run the DL
reasoner cannot vouch for the ontology.
"""
from pathlib import Path

import owlready2
import pytest

from dutybound.engine.ontology import load_vocabulary
from dutybound.engine.owlcheck import check_consistency
from dutybound.errors import DutyboundError

ROOT = Path(__file__).resolve().parents[2]
CORE = sorted((ROOT / "dutybound" / "knowledge" / "ontology").glob("dutybound*.ttl"))


@pytest.fixture(scope="module")
def report():
    return check_consistency()


def test_hermit_says_consistent_and_coherent(report):
    assert report.consistent, report.message
    assert report.unsatisfiable == [] and report.coherent
    assert report.message == "consistent and coherent"


def test_compiled_hierarchy_matches_hermit_classification(report):
    # The run time uses the compiled hierarchy, so it must be exactly what HermiT infers:
    # no subsumption missing (incomplete) and none extra (unsound).
    vocab = load_vocabulary()
    assert set(report.ancestors) == set(vocab.superclasses)
    diff = {c: report.ancestors[c] ^ vocab.superclasses[c] for c in report.ancestors
            if report.ancestors[c] != vocab.superclasses[c]}
    assert diff == {}
    assert ("PlatformOperator", "SafeguardDutyHolder") in report.inferred
    assert ("PlatformOperator", "PremisesOperator") in report.inferred


def test_inconsistent_ontology_is_reported_clearly(tmp_path):
    clash = tmp_path / "clash.ttl"
    clash.write_text("@prefix db: <https://dutybound.org/ontology#> .\n"
                     "db:Sole a db:Jurisdiction .\n", encoding="utf-8")
    rep = check_consistency(CORE + [clash])
    assert not rep.consistent and not rep.coherent
    assert rep.message.startswith("HermiT found the ontology inconsistent")
    assert "Sole" in rep.message and "Jurisdiction" in rep.message and "LiabilityForm" in rep.message


def test_missing_java_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java-for-dutybound-test")
    with pytest.raises(DutyboundError) as e:
        check_consistency()
    assert e.value.kind == "ontology"
    assert "default-jre-headless" in e.value.render() and "Java" in e.value.render()
