"""SHACL validation of an incident (ontology/shapes.ttl) through pyshacl.

The shapes state what the law's rules presume about an incident's structure
(an unauthorised payment has at most one amount and one time; an account is
held by someone). They run on the incident's facts after the ontology has
been applied, so a shape on Payment also sees an UnauthorisedPayment.
Violations are errors that point at the individual's line in the incident
file; warnings travel with the incident and appear among the assessment's
problems.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from dutybound.engine.facts import TYPE
from dutybound.errors import Problem
from dutybound.values import Money

DB = "https://dutybound.org/ontology#"
CASE = "https://dutybound.org/incident/"


@lru_cache(maxsize=4)
def _shapes(paths: tuple):
    from rdflib import Graph
    g = Graph()
    for path in paths:          # the shipped shapes and those of rule packs, as one graph
        g.parse(path, format="turtle")
    return g


def facts_graph(facts, case_id: str = "x"):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, XSD
    g = Graph()
    base = f"{CASE}{case_id}/"
    node = lambda name: URIRef(base + name)     # noqa: E731

    def lit(v):
        if isinstance(v, Money):
            return Literal(f"{v.currency} {v.amount}", datatype=URIRef(DB + "Money"))
        if isinstance(v, bool):
            return Literal(v)
        if isinstance(v, dt.datetime):
            return Literal(v.isoformat(), datatype=XSD.dateTime)
        if isinstance(v, dt.date):
            return Literal(v.isoformat(), datatype=XSD.date)
        if isinstance(v, Decimal):
            return Literal(v, datatype=XSD.decimal)
        return Literal(str(v))
    for (s, p, o) in facts.true:
        if p == TYPE:
            g.add((node(s), RDF.type, URIRef(DB + o)))
        elif isinstance(o, str) and type(o) is str:
            g.add((node(s), URIRef(DB + p), node(o)))
        else:
            g.add((node(s), URIRef(DB + p), lit(o)))
    return g, base


def validate(facts, path: str, shapes_path) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) for the saturated facts of an incident; shapes_path is a file
    or a list of files."""
    import pyshacl
    from rdflib.namespace import SH
    g, base = facts_graph(facts)
    paths = [shapes_path] if isinstance(shapes_path, (str, Path)) else shapes_path
    conforms, report, _ = pyshacl.validate(g, shacl_graph=_shapes(tuple(str(p) for p in paths)))
    if conforms:
        return [], []
    errors, warnings = [], []
    for res in sorted(report.subjects(SH.focusNode, None), key=str):
        focus = str(report.value(res, SH.focusNode))
        name = focus[len(base):] if focus.startswith(base) else focus
        msgs = sorted(report.objects(res, SH.resultMessage), key=_english_first)
        message = str(msgs[0]).replace(base, "") if msgs else "does not have the shape the rules expect"
        prop = report.value(res, SH.resultPath)
        src = _value_source(facts, name, str(prop).rsplit("#", 1)[-1] if prop else None) \
            or facts.individuals.get(name)
        p = Problem(f"'{name}': {message}", path, src.line if src else None, None,
                    hint=f"see the shape of {str(prop).rsplit('#', 1)[-1] if prop else name} in ontology/shapes.ttl")
        severity = report.value(res, SH.resultSeverity)
        (warnings if severity == SH.Warning else errors).append(p)
    return errors, warnings


def _value_source(facts, name: str, prop: str | None):
    """Where the incident states `name prop ...`, to point at that line rather
    than at the individual's name."""
    if prop is None:
        return None
    return next((src for (s, p, _), src in facts.true.items()
                 if s == name and p == prop and getattr(src, "kind", None) == "incident"), None)


def _english_first(m) -> tuple:
    """English messages first: tagged @en, then untagged ones without Chinese (pyshacl
    drops the tag of a SPARQL constraint's message when it fills in its variables)."""
    lang = getattr(m, "language", None)
    return (lang != "en", lang is not None or any("\u4e00" <= c <= "\u9fff" for c in str(m)), str(m))
