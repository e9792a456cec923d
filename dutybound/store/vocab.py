"""Names in the case library: namespaces, IRIs, literals.

Individuals of a case get https://dutybound.org/case/<case-id>/<name>, the
case itself (and its named graph) https://dutybound.org/case/<case-id>,
provisions https://dutybound.org/law/<id>, rules https://dutybound.org/rule/<id>,
HYPO factors https://dutybound.org/factor/<id>.

Most properties come from the ontology (https://dutybound.org/ontology#). The
library adds a few terms of its own in the same namespace, listed in EXTRA and
documented in docs/case-library.md; tests check that every db: term written is
in the ontology or in EXTRA.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import quote, unquote

from rdflib import RDF, RDFS, XSD, BNode, Literal, Namespace, URIRef

from dutybound.engine.facts import Text
from dutybound.values import Money

BASE = "https://dutybound.org/"
DB = Namespace(BASE + "ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
CASE = BASE + "case/"
LAW = Namespace(BASE + "law/")
RULE = Namespace(BASE + "rule/")
FACTOR = Namespace(BASE + "factor/")
ONTOLOGY_GRAPH = URIRef(BASE + "ontology")
LAW_GRAPH = URIRef(BASE + "law")

PREFIXES = {
    "db": str(DB), "prov": str(PROV), "law": str(LAW), "rule": str(RULE),
    "factor": str(FACTOR), "case": CASE, "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD),
    "owl": "http://www.w3.org/2002/07/owl#",
}

# Terms of the library that the ontology does not (yet) have. Each is
# documented in docs/case-library.md ("Terms the library adds").
EXTRA = {
    # classes
    "Case", "RuleApplication", "Element", "ExceptionConsidered", "Defence", "Conflict",
    "OpenQuestion", "FalseFact", "InferredFact", "Rule", "Factor",
    # properties
    "incidentId", "title", "asOf", "sourcePath", "sourceText", "assessmentJSON",
    "tripleCount", "cites", "hasFactor", "favours", "status", "statement", "sourceLine",
    "axiom", "exception", "established", "provedBy", "why", "element", "competedWith",
    "note", "reducibleUnder", "conclusion", "rank", "burden", "sourceFile", "concludes",
    "overrides", "engineVersion", "kbHash",
}


def _seg(name: str) -> str:
    return quote(str(name), safe="-._~:@!$&'()*+,;=")


def case_iri(case_id: str) -> URIRef:
    return URIRef(CASE + _seg(case_id))


def case_id_of(iri) -> str:
    return unquote(str(iri)[len(CASE):].split("/", 1)[0])


def node(case_id: str, *parts) -> URIRef:
    """An IRI inside a case: individuals (one part) and the library's own
    nodes (several parts, e.g. 'liability', 1), which cannot clash."""
    return URIRef(CASE + _seg(case_id) + "".join("/" + _seg(p) for p in parts))


def law(pid: str) -> URIRef:
    return URIRef(str(LAW) + _seg(pid))


def rule(rid: str) -> URIRef:
    return URIRef(str(RULE) + _seg(rid))


def factor(fid: str) -> URIRef:
    return URIRef(str(FACTOR) + _seg(fid))


def local(iri, ns) -> str:
    s, n = str(iri), str(ns)
    return unquote(s[len(n):]) if s.startswith(n) else s


def literal(value) -> Literal:
    """An engine value as a typed literal. Money is 'CNY 8000.00'^^db:Money,
    the ontology's datatype; the amount keeps its digits (never a float)."""
    if isinstance(value, Money):
        return Literal(f"{value.currency} {value.amount}", datatype=DB.Money)
    if isinstance(value, bool):
        return Literal(value, datatype=XSD.boolean)
    if isinstance(value, Decimal):
        return Literal(str(value), datatype=XSD.decimal)
    if isinstance(value, int):
        return Literal(str(value), datatype=XSD.integer)
    if isinstance(value, dt.datetime):
        return Literal(value.isoformat(), datatype=XSD.dateTime)
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, Text):
        return Literal(str(value))
    return Literal(str(value))


_ESC = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_ESC_RE = re.compile(r'[\\"\n\r]')
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def nt(term) -> str:
    """One term in N-Triples syntax, which SPARQL's INSERT DATA also reads:
    strings always on one line, escaped; never a prefixed name."""
    if isinstance(term, URIRef):
        s = str(term)
        if _IRI_BAD.search(s):
            raise ValueError(f"not a valid IRI: {s!r}")
        return f"<{s}>"
    if isinstance(term, BNode):
        return "_:b" + re.sub(r"[^A-Za-z0-9]", "", str(term))
    text = '"' + _ESC_RE.sub(lambda m: _ESC[m.group(0)], str(term)) + '"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype is not None and term.datatype != XSD.string:
        return f"{text}^^<{term.datatype}>"
    return text


def money_json(value) -> dict | None:
    """{'amount', 'currency'} of a liability's JSON amount/cap, or None."""
    if isinstance(value, dict) and "amount" in value:
        return value
    return None
