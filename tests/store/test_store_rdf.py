"""The RDF of a case: ontology terms, PROV-O proofs, no blank nodes, and the
knowledge-base graphs."""
from __future__ import annotations

from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal

from dutybound.store import vocab as V
from dutybound.store.kbgraph import kb_graphs
from dutybound.store.library import export_kb
from dutybound.store.rdf import case_graph
from dutybound.store.vocab import DB, PROV


def test_every_db_term_is_in_the_ontology_or_documented(assessments, kb):
    doc = Path(__file__).resolve().parents[2] / "docs" / "case-library.md"
    documented = doc.read_text(encoding="utf-8")
    graphs = [case_graph(a, kb) for a in assessments.values()] + list(kb_graphs(kb).values())
    for g in graphs:
        terms = {V.local(t, DB) for triple in g for t in triple
                 if not isinstance(t, Literal) and str(t).startswith(str(DB))}
        unknown = {t for t in terms if t not in kb.vocab.terms and t not in V.EXTRA}
        assert not unknown, f"db: terms in neither the ontology nor vocab.EXTRA: {unknown}"
        undocumented = {t for t in terms & V.EXTRA if f"db:{t}" not in documented}
        assert not undocumented, f"add these to docs/case-library.md: {undocumented}"


def test_a_case_graph_has_no_blank_nodes_and_is_deterministic(assessments, kb):
    import datetime as dt
    at = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    a = assessments["t-disclosed-2022"]
    g1, g2 = case_graph(a, kb, saved_at=at), case_graph(a, kb, saved_at=at)
    assert not any(isinstance(t, BNode) for triple in g1 for t in triple)
    assert set(g1) == set(g2)
    c = V.case_iri("t-disclosed-2022")
    assert int(g1.value(c, DB.tripleCount)) == len(g1)


def test_each_liability_has_its_proof_in_prov(assessments, kb):
    g = case_graph(assessments["t-takeover-2022"], kb)
    liabilities = list(g.subjects(RDF.type, DB.Liability))
    assert len(liabilities) == 3
    for l in liabilities:
        assert (l, RDF.type, PROV.Entity) in g
        act = g.value(l, PROV.wasGeneratedBy)
        assert (act, RDF.type, PROV.Activity) in g
        used = set(g.objects(act, PROV.used))
        assert any(str(u).startswith(str(V.RULE)) for u in used)
        assert g.value(l, DB.basedOn) in used
        elements = set(g.objects(l, PROV.wasDerivedFrom))
        assert elements and elements <= used
        for e in elements:
            assert g.value(e, DB.status) is not None and g.value(e, DB.statement) is not None


def test_the_provider_liability_records_the_defence_it_survived(assessments, kb):
    g = case_graph(assessments["t-takeover-2022"], kb)
    [zfb_l] = [l for l in g.subjects(DB.obligor, V.node("t-takeover-2022", "zfb")) if (l, RDF.type, DB.Liability) in g]
    act = g.value(zfb_l, PROV.wasGeneratedBy)
    [x] = list(g.objects(act, DB.exception))
    assert g.value(x, DB.established) == Literal(False)
    assert g.value(x, DB.provedBy) == V.node("t-takeover-2022", "zfb")
    assert g.value(zfb_l, DB.amount) == Literal("CNY 8000.00", datatype=DB.Money)


def test_facts_stated_derived_and_false(assessments, kb):
    g = case_graph(assessments["t-takeover-2022"], kb)
    n = lambda x: V.node("t-takeover-2022", x)  # noqa: E731
    assert (n("taomall"), DB.operates, n("mall")) in g                     # stated
    assert (n("taomall"), RDF.type, DB.PlatformOperator) in g              # by the ontology
    inferred = [s for s in g.subjects(RDF.subject, n("taomall"))
                if (s, RDF.type, DB.InferredFact) in g and g.value(s, RDF.object) == DB.PlatformOperator]
    assert inferred and "PlatformOperator ≡" in str(g.value(inferred[0], DB.axiom))
    [neg] = list(g.subjects(RDF.type, DB.FalseFact))                       # not warned alice
    assert (g.value(neg, RDF.subject), g.value(neg, RDF.predicate), g.value(neg, RDF.object)) == \
        (n("taomall"), DB.warned, n("alice"))
    assert (n("pay1"), DB.time, Literal("2022-03-14T02:13:00", datatype=V.XSD.dateTime)) in g


def test_the_knowledge_base_exports_parse_and_hold_ontology_provisions_and_rules(kb):
    graphs = kb_graphs(kb)
    law = graphs[V.LAW_GRAPH]
    assert len(set(law.subjects(RDF.type, DB.Provision))) == len(kb.provisions)
    assert len(set(law.subjects(RDF.type, DB.Rule))) == len(kb.rules)
    for fmt, parse in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")):
        g = Graph().parse(data=export_kb(kb, fmt), format=parse)
        assert (DB.Liability, RDF.type, V.URIRef("http://www.w3.org/2002/07/owl#Class")) in g
        assert (V.law("CC-1198-2"), RDF.type, DB.Provision) in g
        assert (V.rule("psp-bears-unauthorised-loss"), DB.cites, V.law("ECL-57-2")) in g
        assert len(g) == sum(len(x) for x in graphs.values())
