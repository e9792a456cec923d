"""The knowledge base as RDF: the ontology, the provisions and the rules.

Two named graphs: https://dutybound.org/ontology (the OWL files as they are)
and https://dutybound.org/law (every provision with its texts and dates, every
rule with what it cites and concludes, the HYPO factor definitions). The
library keeps both in the store next to the cases, so a query can join cases
with the law (e.g. provisions never cited); `dutybound export kb` writes them.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal

from dutybound.rules import ast
from dutybound.store import vocab as V
from dutybound.store.vocab import DB, LAW_GRAPH, ONTOLOGY_GRAPH

_KINDS = {ast.DutyHead: "duty", ast.BreachHead: "breach", ast.LiableHead: "liable",
          ast.ReductionHead: "reduction", ast.FactHead: "fact"}


def ontology_graph(kb) -> Graph:
    from dutybound.engine.ontology import vocab_graph
    paths = sorted((Path(kb.root) / "ontology").glob("dutybound*.ttl"))
    return vocab_graph(paths or None)


def law_graph(kb) -> Graph:
    from dutybound.store.factors import FACTORS
    g = Graph()
    add = g.add
    for p in sorted(kb.provisions.values(), key=lambda p: p.id):
        n = V.law(p.id)
        add((n, RDF.type, DB.Provision))
        add((n, RDFS.label, Literal(p.title)))
        add((n, DB.inJurisdiction, DB[p.jurisdiction]))
        add((n, DB.rank, Literal(p.rank)))
        add((n, DB.effectiveFrom, V.literal(p.effective)))
        if p.repealed:
            add((n, DB.repealedOn, V.literal(p.repealed)))
        if p.text_original:
            add((n, DB.textOriginal, Literal(p.text_original, lang=p.language or None)))
        add((n, DB.textEnglish, Literal(" ".join(p.text_en.split()), lang="en")))
        add((n, DB.verificationStatus, Literal(p.verified)))
        for o in p.specialises:
            add((n, DB.specialises, V.law(o)))
        for o in p.replaces:
            add((n, DB.replaces, V.law(o)))
        if p.burden:
            add((n, DB.burden, Literal(p.burden)))
        if p.url:
            add((n, RDFS.seeAlso, Literal(p.url, datatype=XSD.anyURI)))
        _source(g, n, kb, p.pos)
    for r in sorted(kb.rules, key=lambda r: r.id):
        n = V.rule(r.id)
        add((n, RDF.type, DB.Rule))
        add((n, RDFS.label, Literal(r.id)))
        add((n, DB.cites, V.law(r.cites)))
        add((n, DB.basedOn, V.law(r.cites)))
        for o in r.overrides:
            add((n, DB.overrides, V.rule(o)))
        if r.note:
            add((n, DB.note, Literal(r.note)))
        for h in r.heads:
            kind = _KINDS.get(type(h), "fact")
            add((n, DB.concludes, Literal(("not " if getattr(h, "negated", False) else "") + kind)))
            if isinstance(h, ast.LiableHead) and h.form is not None:
                add((n, DB.liabilityForm, DB[h.form.name]))
            if isinstance(h, (ast.DutyHead, ast.BreachHead)):
                add((n, DB.concludes, DB[h.duty.name]))
        _source(g, n, kb, r.pos)
    for f in FACTORS:
        n = V.factor(f.id)
        add((n, RDF.type, DB.Factor))
        add((n, RDFS.label, Literal(f.label, lang="en")))
        add((n, DB.favours, Literal(f.favours)))
        add((n, RDFS.comment, Literal(f.why, lang="en")))
    return g


def _source(g, n, kb, pos):
    if pos is None:
        return
    path = Path(pos.path)
    try:
        path = path.resolve().relative_to(Path(kb.root).resolve())
    except ValueError:
        pass
    g.add((n, DB.sourceFile, Literal(str(path))))
    g.add((n, DB.sourceLine, Literal(pos.line, datatype=XSD.integer)))


def kb_graphs(kb) -> dict:
    """{graph IRI: rdflib Graph} for the ontology and the law."""
    return {ONTOLOGY_GRAPH: ontology_graph(kb), LAW_GRAPH: law_graph(kb)}


def kb_dataset(kb) -> Dataset:
    ds = Dataset()
    for name, g in kb_graphs(kb).items():
        target = ds.graph(name)
        for t in g:
            target.add(t)
    for prefix, ns in V.PREFIXES.items():
        ds.bind(prefix, ns)
    return ds


def graphs_hash(graphs: dict) -> str:
    h = hashlib.sha256()
    for name in sorted(graphs):
        h.update(str(name).encode())
        for line in sorted(nt_lines(graphs[name])):
            h.update(line.encode())
    return h.hexdigest()[:16]


def nt_lines(g) -> list[str]:
    """The triples of a graph as N-Triples lines (blank nodes kept as _:id)."""
    return [f"{V.nt(s)} {V.nt(p)} {V.nt(o)} ." for s, p, o in g]
