"""The case library: assessed cases as RDF in a SPARQL store (docs/case-library.md).

    vocab.py     namespaces, IRIs, literals, the library's own db: terms
    rdf.py       an assessment -> the triples of its case graph (facts, conclusions, PROV-O proofs)
    kbgraph.py   the ontology, provisions and rules as RDF
    factors.py   HYPO-style factors and the ranking of similar cases
    backends.py  embedded Oxigraph on disk, or a SPARQL 1.1 server over HTTP
    sparql.py    query kinds, prefixes, errors with line and column, result formats, named queries
    library.py   CaseLibrary: add, list, show, delete, export, query, similar
    cli.py       `dutybound cases`, `dutybound query`, `dutybound export kb`
    web.py       the Flask blueprint: /cases, /sparql, /export
"""
