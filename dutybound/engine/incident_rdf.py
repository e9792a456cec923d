"""Incidents written in RDF (Turtle, JSON-LD, N-Triples, RDF/XML) through rdflib.

Classes and properties are the ontology's (https://dutybound.org/ontology#);
individuals may have any IRI, and are named by its local part. The incident
itself is the node of class db:Incident, with db:date and optionally
db:inJurisdiction and rdfs:label. Problems name the file and, where the
parser gives one, the line; otherwise the offending node.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from dutybound.engine.facts import TYPE, FactBase, Source, Text
from dutybound.engine.incident import Incident
from dutybound.errors import DutyboundError, Problem, did_you_mean
from dutybound.values import ValueError_, parse_money

DB = "https://dutybound.org/ontology#"
FORMATS = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt", ".rdf": "xml"}


def local(term) -> str:
    s = str(term)
    for sep in ("#", "/", ":"):
        if sep in s:
            s = s.rsplit(sep, 1)[1]
    return s


def load_rdf_incident(path: str, text: str, vocab) -> Incident:
    fmt = FORMATS.get("." + path.rsplit(".", 1)[-1].lower(), "turtle")
    g = Graph()
    try:
        g.parse(data=text, format=fmt, publicID=f"file://{path}")
    except Exception as e:       # rdflib raises many kinds; all mean "cannot parse"
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        m = re.search(r"line (\d+)", str(e))
        raise DutyboundError(Problem(f"cannot parse the {fmt} incident: {msg}", path,
                                     int(m.group(1)) if m else None,
                                     hint="check the syntax near this place; prefixes must be declared")) from None
    problems: list[Problem] = []

    def bad(node, message, hint=None):
        problems.append(Problem(message, path, where=str(node), hint=hint))

    incident_nodes = list(g.subjects(RDF.type, URIRef(DB + "Incident")))
    facts = FactBase()
    labels: dict = {}
    src = Source("incident", path, path=path)
    meta = incident_nodes[0] if incident_nodes else None
    date, juris, title = None, None, None
    if meta is None:
        bad(path, "no node of class db:Incident", hint="add `[] a db:Incident ; db:date \"2022-03-14\"^^xsd:date .`")
    else:
        d = g.value(meta, URIRef(DB + "date"))
        try:
            date = dt.date.fromisoformat(str(d)[:10]) if d is not None else None
        except ValueError:
            date = None
        if date is None:
            bad(meta, "the incident has no valid db:date", hint="add db:date \"YYYY-MM-DD\"^^xsd:date")
        j = g.value(meta, URIRef(DB + "inJurisdiction"))
        juris = local(j) if j is not None else None
        t = g.value(meta, RDFS.label)
        title = str(t) if t is not None else None

    for s, p, o in sorted(g):
        if s == meta or isinstance(s, BNode) and s == meta:
            continue
        name = local(s)
        facts.individuals.setdefault(name, src)
        if p == RDF.type:
            cls = local(o)
            if not str(o).startswith(DB) or not vocab.is_class(cls):
                bad(s, f"unknown class <{o}>", hint=did_you_mean(cls, vocab.names()))
                continue
            facts.add((name, TYPE, cls), src)
            continue
        if p == RDFS.label:
            labels[name] = str(o)
            continue
        if p == RDFS.comment:
            continue
        prop = local(p)
        if not str(p).startswith(DB) or not vocab.is_property(prop):
            bad(s, f"unknown property <{p}>", hint=did_you_mean(prop, vocab.names()))
            continue
        if isinstance(o, Literal):
            try:
                facts.add((name, prop, _value(o)), src)
            except ValueError_ as e:
                bad(s, f"{prop}: {e}")
        else:
            facts.add((name, prop, local(o)), src)
    if problems:
        raise DutyboundError(problems)
    # a generic node name (`:incident`, a blank node) gives way to the file's name
    ident = local(meta) if meta is not None and not isinstance(meta, BNode) else ""
    if ident.lower() in ("", "incident"):
        ident = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return Incident(ident,
                    path, title or path, date, juris, facts, {}, labels=labels, source_text=text)


def _value(lit: Literal):
    dtype = lit.datatype
    if dtype == URIRef(DB + "Money"):
        return parse_money(str(lit))
    if dtype == XSD.dateTime:
        return dt.datetime.fromisoformat(str(lit))
    if dtype == XSD.date:
        return dt.date.fromisoformat(str(lit))
    if dtype in (XSD.decimal, XSD.integer, XSD.double, XSD.float):
        return Decimal(str(lit))
    if dtype == XSD.boolean:
        return str(lit).lower() == "true"
    return Text(str(lit))
