"""Incidents written in RDF (Turtle, JSON-LD, N-Triples, RDF/XML) through rdflib.

Classes and properties are the ontology's (https://dutybound.org/ontology#);
individuals may have any IRI, and are named by its local part. The incident
itself is the node of class db:Incident, with db:date and optionally
db:inJurisdiction and rdfs:label. Problems name the file and, where the
parser gives one, the line; otherwise the offending node.

JSON-LD is expanded by pyld with a loader that refuses the network
(load/jsonld.py); rdflib never reads JSON-LD here. Turtle is checked for its
nesting before rdflib parses it (rdflib's parser recurses), rdflib's own
warnings are kept off the terminal and turned into problems (an ill-typed
literal, an IRI that is not one), and every value is read by the same
readers as YAML's (load/literals.py).
"""
from __future__ import annotations

import logging
import re
import threading

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from dutybound.engine.facts import TYPE, FactBase, Source, Text
from dutybound.errors import DutyboundError, Problem, did_you_mean
from dutybound.load.incident import Incident
from dutybound.load.limits import Limits
from dutybound.load.nodes import too_deep
from dutybound.load.literals import (currency_problems, read_boolean, read_date, read_datetime,
                                     read_decimal, read_integer, read_money)
from dutybound.values import ValueError_

DB = "https://dutybound.org/ontology#"
FORMATS = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt", ".rdf": "xml"}
JURISDICTIONS = ("CN", "DE", "EU", "US")


def local(term) -> str:
    s = str(term)
    for sep in ("#", "/", ":"):
        if sep in s:
            s = s.rsplit(sep, 1)[1]
    return s


# ------------------------------------------------------------ rdflib, quietly

_quiet = threading.local()


class _Quiet(logging.Filter):
    """Keeps rdflib's warnings (and the tracebacks it logs with them) off the
    terminal while an incident is parsed in this thread."""
    def filter(self, record) -> bool:
        return not getattr(_quiet, "on", False)


for _name in ("rdflib", "rdflib.term", "rdflib.plugins.parsers.notation3", "rdflib.plugins.parsers.ntriples"):
    logging.getLogger(_name).addFilter(_Quiet())

_OPEN = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                   r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^>\s]*>|#[^\n]*|[\[\]()]', re.S)


def _check_nesting(text: str, path: str, limits: Limits) -> None:
    if hit := too_deep(_OPEN, text, "[(", "])", limits.depth):
        i, depth = hit
        raise DutyboundError(limits.problem("depth", f"the values here are nested {depth} levels deep",
                                            path, text.count("\n", 0, i) + 1, i - text.rfind("\n", 0, i)))


def _parse(path: str, text: str, fmt: str, limits: Limits) -> Graph:
    if fmt == "json-ld":
        from dutybound.load.jsonld import to_graph
        return to_graph(text, path, limits)
    g = Graph()
    if fmt == "turtle":
        _check_nesting(text, path, limits)
    elif fmt == "xml" and (m := re.search(r"<!DOCTYPE|<!ENTITY", text)):
        # a DTD's entities can expand exponentially (billion laughs) or name files
        line = text.count("\n", 0, m.start()) + 1
        raise DutyboundError(Problem(
            "an RDF/XML incident with a DOCTYPE or entity declarations is not read", path, line,
            m.start() - text.rfind("\n", 0, m.start()),
            hint="remove the <!DOCTYPE ...> block and write the values out, or use Turtle"))
    from rdflib.plugins.parsers.notation3 import BadSyntax
    _quiet.on = True
    try:
        g.parse(data=text, format=fmt, publicID=f"file:///{path.lstrip('/')}")
    except BadSyntax as e:       # Turtle: the reason and the place
        i = getattr(e, "_i", None)
        col = i - text.rfind("\n", 0, i) if i else None
        raise DutyboundError(Problem(f"Turtle syntax error: {e._why}"[:500], path, e.lines + 1, col,
                                     hint="check the syntax near this place: every statement ends "
                                          "with ' .', prefixes must be declared, strings closed")) from None
    except Exception as e:       # rdflib raises many kinds; all mean "cannot parse"
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        m = re.search(r"line (\d+)", str(e))
        raise DutyboundError(Problem(f"cannot parse the {fmt} incident: {msg}"[:500], path,
                                     int(m.group(1)) if m else None,
                                     hint="check the syntax near this place; prefixes must be declared")) from None
    finally:
        _quiet.on = False
    return g


def load_rdf_incident(path: str, text: str, vocab, limits: Limits | None = None) -> Incident:
    limits = limits or Limits.from_env()
    fmt = FORMATS.get("." + path.rsplit(".", 1)[-1].lower(), "turtle")
    g = _parse(path, text, fmt, limits)
    problems: list[Problem] = []

    def bad(node, message, hint=None):
        where = None if node is None else "the db:Incident node" if node == meta else \
            "a blank node" if isinstance(node, BNode) else str(node)[:200]
        problems.append(Problem(message, path, where=where, hint=hint))

    meta = None

    _check_terms(g, bad, limits, path, problems)
    if problems:
        raise DutyboundError(problems[:20])

    incident_nodes = list(g.subjects(RDF.type, URIRef(DB + "Incident")))
    facts = FactBase()
    labels: dict = {}
    src = Source("incident", path, path=path)
    meta = incident_nodes[0] if incident_nodes else None
    date, juris, title = None, None, None
    if meta is None:
        bad(None, "no node of class db:Incident", hint="add `[] a db:Incident ; db:date \"2022-03-14\"^^xsd:date .`")
    else:
        d = g.value(meta, URIRef(DB + "date"))
        try:
            date = read_date(str(d)) if d is not None else None
        except ValueError_ as e:
            bad(meta, f"db:date: {e}", hint="write db:date \"YYYY-MM-DD\"^^xsd:date")
        else:
            if date is None:
                bad(meta, "the incident has no db:date", hint="add db:date \"YYYY-MM-DD\"^^xsd:date")
        j = g.value(meta, URIRef(DB + "inJurisdiction"))
        juris = local(j) if j is not None else None
        if juris is not None and juris not in JURISDICTIONS:
            bad(meta, f"unknown jurisdiction <{j}>", hint="use db:CN, db:DE, db:EU or db:US")
        t = g.value(meta, RDFS.label)
        title = str(t) if t is not None else None

    for s, p, o in sorted(g):
        if s == meta or isinstance(s, BNode) and s == meta:
            continue
        name = local(s)
        facts.individuals.setdefault(name, src)
        if len(facts.individuals) > limits.individuals:
            raise DutyboundError(limits.problem("individuals", f"the incident has more than "
                                                f"{limits.individuals:,} individuals", path))
        if p == RDF.type:
            cls = local(o)
            if not str(o).startswith(DB) or not vocab.is_class(cls):
                bad(s, f"unknown class <{o}>", hint=did_you_mean(cls, vocab.names()) or "see docs/ontology.md for the classes")
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
            bad(s, f"unknown property <{p}>", hint=did_you_mean(prop, vocab.names()) or "see docs/ontology.md for the properties")
            continue
        if isinstance(o, Literal):
            try:
                facts.add((name, prop, _value(o)), src)
            except ValueError_ as e:
                bad(s, f"{prop}: {e}", hint="see docs/incident-format.md, 'Values'")
        else:
            facts.add((name, prop, local(o)), src)
    problems += currency_problems(facts, path)
    if problems:
        raise DutyboundError(problems)
    # a generic node name (`:incident`, a blank node) gives way to the file's name
    ident = local(meta) if meta is not None and not isinstance(meta, BNode) else ""
    if ident.lower() in ("", "incident"):
        ident = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return Incident(ident,
                    path, title or path, date, juris, facts, {}, labels=labels, source_text=text)


_READ = {URIRef(DB + "Money"): read_money, XSD.dateTime: read_datetime, XSD.date: read_date,
         XSD.decimal: read_decimal, XSD.integer: read_integer, XSD.double: read_decimal,
         XSD.float: read_decimal, XSD.boolean: read_boolean}


def _value(lit: Literal):
    """The literal's lexical form read like a YAML value of its datatype (never
    rdflib's own conversion, which lets `2022-13-99` through as ill-typed)."""
    read = _READ.get(lit.datatype)
    return read(str(lit)) if read else Text(str(lit))


def _check_terms(g: Graph, bad, limits: Limits, path: str, problems: list) -> None:
    """IRIs that are IRIs, and no text over the length limit."""
    from rdflib.term import _is_valid_uri
    seen: set = set()
    for t in g:
        for term in t:
            if term in seen:
                continue
            seen.add(term)
            if isinstance(term, URIRef) and not _is_valid_uri(term):
                bad(term, f"<{term}> is not a valid IRI (it has spaces or characters such as <>\"{{}}|^`)",
                    hint="write the characters percent-encoded, e.g. %20 for a space")
            elif isinstance(term, Literal) and len(term) > limits.text_chars:
                problems.append(limits.problem("text_chars", f"a literal has {len(term):,} characters", path))
            elif isinstance(term, (Literal, URIRef)) and re.search(r"[\ud800-\udfff\x00]", term):
                bad(term, "a lone surrogate or NUL character, which is not a character",
                    hint="remove it, or write the character itself")
            if len(problems) >= 20:
                return
