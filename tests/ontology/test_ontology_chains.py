"""Property chains and self restrictions (owlcompile, saturate): what the
safeguard ontology's `suffers ∘ resultsFrom ∘ isPhysicalSourceOfDanger ⊑
cameToHarmFrom` rests on (docs/ontology.md)."""
from __future__ import annotations

import pytest

from dutybound.engine.facts import FactBase, Source
from dutybound.engine.saturate import saturate
from dutybound.engine.vocabulary import load_vocabulary
from dutybound.errors import DutyboundError

HEAD = ("@prefix db: <https://dutybound.org/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "db:Harm a owl:Class . db:Place a owl:Class . db:Act a owl:Class .\n"
        "db:suffers a owl:ObjectProperty . db:from a owl:ObjectProperty .\n"
        "db:isPlace a owl:ObjectProperty . db:harmedAt a owl:ObjectProperty .\n")


def _vocab(tmp_path, body):
    f = tmp_path / "chain.ttl"
    f.write_text(HEAD + body, encoding="utf-8")
    return load_vocabulary([f]), f


def test_a_chain_ending_in_a_self_restriction_reaches_members_of_the_class_only(tmp_path):
    v, _ = _vocab(tmp_path, "db:Place rdfs:subClassOf [ a owl:Restriction ; owl:onProperty db:isPlace ; "
                            "owl:hasSelf true ] .\n"
                            "db:harmedAt owl:propertyChainAxiom ( db:suffers db:from db:isPlace ) .\n")
    fb = FactBase()
    src = Source("incident", "test")
    for t in [("ann", "suffers", "h1"), ("h1", "from", "steps"), ("steps", "a", "Place"),
              ("bob", "suffers", "h2"), ("h2", "from", "push")]:
        fb.true[t] = src
    out = saturate(fb, v)
    got = out.true[("ann", "harmedAt", "steps")]
    assert got.premises == (("ann", "suffers", "h1"), ("h1", "from", "steps"), ("steps", "isPlace", "steps"))
    assert "suffers ∘ from ∘ isPlace ⊑ harmedAt" in got.detail
    assert not [t for t in out.true if t[1] == "harmedAt" and t[0] == "bob"]   # push is no Place


def test_the_last_fact_of_a_chain_may_come_first(tmp_path):
    v, _ = _vocab(tmp_path, "db:harmedAt owl:propertyChainAxiom ( db:suffers db:from ) .\n")
    fb = FactBase()
    src = Source("incident", "test")
    for t in [("h1", "from", "steps"), ("ann", "suffers", "h1")]:       # order of statement
        fb.true[t] = src
    assert ("ann", "harmedAt", "steps") in saturate(fb, v).true


def test_a_self_restriction_other_than_true_is_refused_with_its_line(tmp_path):
    with pytest.raises(DutyboundError) as e:
        _vocab(tmp_path, "db:Place rdfs:subClassOf [ a owl:Restriction ; owl:onProperty db:isPlace ; "
                         "owl:hasSelf false ] .\n")
    assert "hasSelf true" in e.value.problems[0].message and e.value.problems[0].line


def test_a_chain_of_one_step_is_refused(tmp_path):
    with pytest.raises(DutyboundError) as e:
        _vocab(tmp_path, "db:harmedAt owl:propertyChainAxiom ( db:suffers ) .\n")
    assert "at least two steps" in e.value.problems[0].message


PRODUCT = ("db:Act rdfs:subClassOf [ a owl:Restriction ; owl:onProperty db:from ; owl:hasSelf true ] .\n"
           "db:Place rdfs:subClassOf [ a owl:Restriction ; owl:onProperty db:isPlace ; owl:hasSelf true ] .\n"
           "db:harmedAt owl:propertyChainAxiom ( db:suffers db:from owl:topObjectProperty db:isPlace ) .\n")


@pytest.mark.parametrize("order", [1, -1])
def test_a_top_step_between_two_self_steps_relates_each_member_to_each_member(tmp_path, order):
    # isAct ∘ ⊤ ∘ isPlace: whoever suffered an Act, to every Place, whichever fact comes first
    v, _ = _vocab(tmp_path, PRODUCT)
    fb = FactBase()
    src = Source("incident", "test")
    facts = [("ann", "suffers", "push"), ("push", "a", "Act"), ("hall", "a", "Place"),
             ("lobby", "a", "Place"), ("bob", "suffers", "h2"), ("cafe", "a", "Act")]
    for t in facts[::order]:
        fb.true[t] = src
    out = saturate(fb, v)
    got = sorted(t for t in out.true if t[1] == "harmedAt")
    assert got == [("ann", "harmedAt", "hall"), ("ann", "harmedAt", "lobby")]
    # the top step is no premise: the proof is the facts on either side of it
    assert out.true[("ann", "harmedAt", "hall")].premises == (
        ("ann", "suffers", "push"), ("push", "from", "push"), ("hall", "isPlace", "hall"))


def test_a_top_step_at_either_end_of_a_chain_is_refused(tmp_path):
    for chain in ("( owl:topObjectProperty db:isPlace )", "( db:suffers owl:topObjectProperty )"):
        with pytest.raises(DutyboundError) as e:
            _vocab(tmp_path, f"db:harmedAt owl:propertyChainAxiom {chain} .\n")
        assert "only between two steps" in e.value.problems[0].message and e.value.problems[0].line
