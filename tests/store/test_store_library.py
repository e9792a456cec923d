"""The case library against both backends: the embedded store and a real
Oxigraph server (the `location` fixture runs each test on both)."""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from dutybound.errors import DutyboundError
from dutybound.store import vocab as V
from dutybound.store.rdf import case_graph
from dutybound.store.vocab import PROV

SAVED = URIRef(str(PROV) + "generatedAtTime")


def test_an_empty_store_lists_nothing(library):
    assert library.list() == []
    assert library.ids() == []


def test_saved_cases_are_listed_by_incident_date_with_their_liabilities(seeded, assessments):
    cases = seeded.list()
    assert [c["id"] for c in cases] == ["t-takeover-2020", "t-takeover-2022", "t-disclosed-2022"]
    got = {(l["party"], l["to"], l["form"], l["basis"]) for l in cases[1]["liabilities"]}
    want = {(l["party"], l["to"], l["form"], l["basis"]) for l in assessments["t-takeover-2022"].liabilities}
    assert got == want
    assert cases[1]["jurisdiction"] == "CN" and cases[1]["date"] == "2022-03-14"


def test_a_stored_case_reads_back_triple_for_triple(seeded, assessments, kb):
    """What the store returns is exactly the graph built from the assessment:
    typed literals (money, dates), language tags and long texts survive."""
    stored = Graph().parse(data=seeded.export("t-takeover-2022", "nt"), format="nt")
    built = case_graph(assessments["t-takeover-2022"], kb)
    for g in (stored, built):
        g.remove((None, SAVED, None))
    assert set(stored) == set(built)
    money = list(stored.objects(None, V.DB.amount))
    assert money and all(m.datatype == V.DB.Money for m in money)


def test_show_gives_the_case_its_factors_and_the_assessment(seeded, assessments):
    c = seeded.show("t-disclosed-2022")
    assert c["complete"] and c["triples"] > 100
    assert c["title"] == "The user disclosed her one-time code (2022)"
    assert c["assessment"] == _plain(assessments["t-disclosed-2022"].to_json())
    assert "user-fault-proved" in {f["id"] for f in c["factors"]}
    assert "CC-1173" in c["cites"]
    assert c["source_text"].startswith("# The same takeover")


def _plain(data):
    import json
    return json.loads(json.dumps(data, ensure_ascii=False))


def test_saving_a_case_again_replaces_it(seeded, assessments):
    before = seeded.show("t-takeover-2022")["triples"]
    r = seeded.add(assessments["t-takeover-2022"])
    assert r["replaced"] and r["id"] == "t-takeover-2022"
    assert seeded.ids().count("t-takeover-2022") == 1
    assert seeded.show("t-takeover-2022")["triples"] == before


def test_a_case_can_be_saved_under_another_id(library, assessments):
    library.add(assessments["t-takeover-2022"], case_id="copy-1")
    assert library.ids() == ["copy-1"]
    assert library.show("copy-1")["incident"] == "t-takeover-2022"


def test_delete_removes_only_that_case(seeded):
    assert seeded.delete("t-takeover-2020")
    assert not seeded.delete("t-takeover-2020")
    assert seeded.ids() == ["t-disclosed-2022", "t-takeover-2022"]
    with pytest.raises(DutyboundError) as e:
        seeded.show("t-takeover-2020")
    assert "no case 't-takeover-2020'" in e.value.render()


def test_filters_by_jurisdiction_provision_party_type_and_form(seeded):
    ids = lambda **f: [c["id"] for c in seeded.list(**f)]  # noqa: E731
    assert ids(jurisdiction="cn") == ["t-takeover-2020", "t-takeover-2022", "t-disclosed-2022"]
    assert ids(jurisdiction="DE") == []
    assert ids(provision="CC-1198") == ["t-takeover-2022", "t-disclosed-2022"]
    assert ids(provision="TLL-37-2") == ["t-takeover-2020"]
    assert ids(provision="CC-11") == []                    # whole ids or paragraphs, not prefixes
    assert ids(party_type="PaymentServiceProvider") == ["t-takeover-2020", "t-takeover-2022"]
    assert ids(party_type="PlatformOperator", form="Supplementary", provision="CC-1198") == \
        ["t-takeover-2022", "t-disclosed-2022"]
    assert ids(party_type="PlatformOperator", form="Sole") == []   # both must hold of one liability


def test_bad_filters_say_what_was_meant(seeded):
    with pytest.raises(DutyboundError) as e:
        seeded.list(form="Supplementry")
    assert "did you mean 'Supplementary'" in e.value.render()
    with pytest.raises(DutyboundError):
        seeded.list(provision='x" } DROP ALL #')
    with pytest.raises(DutyboundError):
        seeded.list(jurisdiction="China")


def test_queries_select_ask_construct_describe(seeded):
    r = seeded.query("SELECT ?c WHERE { GRAPH ?c { ?c a db:Case } } ORDER BY ?c")
    assert r.kind == "select" and [row[0].value for row in r.rows] == [
        str(V.case_iri(i)) for i in ("t-disclosed-2022", "t-takeover-2020", "t-takeover-2022")]
    assert seeded.query("ASK { GRAPH ?c { ?l db:liabilityForm db:Supplementary } }").boolean is True
    g = seeded.query("CONSTRUCT { ?c db:title ?t } WHERE { GRAPH ?c { ?c db:title ?t } }")
    assert g.kind == "graph" and len(g.triples) == 3
    d = seeded.query(f"DESCRIBE <{V.LAW_GRAPH}>")
    assert d.kind == "graph"
    r = seeded.query("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", max_rows=5)
    assert len(r.rows) == 5 and r.truncated


def test_updates_are_refused_by_query(seeded):
    with pytest.raises(DutyboundError) as e:
        seeded.query("DROP ALL")
    assert "this is an update" in e.value.render()
    assert len(seeded.ids()) == 3


def test_a_bad_query_reports_line_and_column(seeded):
    with pytest.raises(DutyboundError) as e:
        seeded.query("SELECT ?c WHERE {\n  GRAPH ?c { ?c a db:Case \n}", source="q.rq")
    p = e.value.problems[0]
    assert p.path == "q.rq" and p.line == 3 and p.col is not None
    assert "invalid SPARQL" in p.message


def test_a_write_the_store_refuses_saves_nothing_and_keeps_the_old_case(seeded, assessments, monkeypatch):
    """One update request per case: when it fails, neither the drop of the
    old graph nor any part of the new one happens."""
    before = seeded.show("t-takeover-2022")
    real = V.nt

    def broken(term):
        out = real(term)
        return out + " }} GARBAGE" if term == V.DB.assessmentJSON else out
    monkeypatch.setattr(V, "nt", broken)
    with pytest.raises(DutyboundError) as e:
        seeded.add(assessments["t-takeover-2022"])
    assert "nothing of it was saved" in e.value.render()
    monkeypatch.setattr(V, "nt", real)
    after = seeded.show("t-takeover-2022")
    assert after["complete"] and after["triples"] == before["triples"]
    assert after["saved_at"] == before["saved_at"]


def test_the_knowledge_base_is_kept_beside_the_cases(seeded, kb):
    r = seeded.query("SELECT (COUNT(?p) AS ?n) WHERE { GRAPH <https://dutybound.org/law> { ?p a db:Provision } }")
    assert int(r.rows[0][0].value) == len(kb.provisions)
    r = seeded.query("ASK { GRAPH <https://dutybound.org/ontology> { db:Liability a owl:Class } }")
    assert r.boolean
    assert not seeded.sync_kb()                # written once; unchanged since


def test_export_all_keeps_each_case_in_its_graph(seeded):
    import pyoxigraph as ox
    quads = ox.parse(seeded.export(None, "trig"), format=ox.RdfFormat.TRIG)
    names = {q.graph_name.value for q in quads}
    assert {str(V.case_iri(i)) for i in seeded.ids()} <= names
    assert str(V.LAW_GRAPH) not in names
