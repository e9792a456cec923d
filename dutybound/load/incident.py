"""Loading an incident: YAML or JSON (docs/incident-format.md), or RDF
(Turtle, JSON-LD: load/incident_rdf.py), into a FactBase checked against the
ontology and the knowledge base's SHACL shapes. Every problem names the file
and line (or the RDF node) and says what was expected and how to fix it.

Files and text pasted into the web app take the same way, in this order:
    source.py   the bytes (regular files only, the size limit, UTF-8)
    nodes.py    the tree of values (nesting, aliases, tags, lengths, duplicate keys)
    schema.py   the top level (pydantic): types, jurisdictions, dates, counts
    this file   individuals against the ontology, values by their range
                (literals.py), one currency per incident, then the shapes
A top-level block with a reader of its own is one entry in TOP_KEYS and one
function called from _parse_incident_text (as `_calendars` is); pydantic
checks its shape if schema.py gives it a field (the top level allows other keys).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dutybound.engine.facts import TYPE, FactBase, Source, Text
from dutybound.errors import DutyboundError, Problem, did_you_mean
from dutybound.load.proceedings import read_proceedings, unknown_dates
from dutybound.load import schema
from dutybound.load.limits import Limits
from dutybound.load.literals import currency_problems, read_date, read_literal, read_untyped
from dutybound.load.nodes import compose_json, compose_yaml, gc_paused, to_plain
from dutybound.load.source import check_text_size, read_text
from dutybound.rules.functions import Calendar
from dutybound.values import ValueError_

TOP_KEYS = {"incident", "title", "description", "jurisdiction", "date", "individuals",
            "calendars", "expect", "notes", "decision", "known_disagreement", "complete",
            "proceedings"}
INDIVIDUAL_KEYS = {"a", "not", "unknown", "label"}
JURISDICTIONS = schema.JURISDICTIONS
RDF_SUFFIXES = (".ttl", ".jsonld", ".nt", ".rdf")


@dataclass
class Incident:
    id: str
    path: str
    title: str
    date: dt.date
    jurisdiction: str | None
    facts: FactBase
    calendars: dict = field(default_factory=dict)
    description: str = ""
    expect: dict | None = None
    labels: dict = field(default_factory=dict)    # individual -> human label
    source_text: str = ""
    warnings: list = field(default_factory=list)   # Problems that do not stop an assessment
    saturated: object = None      # the facts with the ontology applied, once (shapes need them too)
    complete: frozenset = frozenset()   # classes whose members the incident lists completely
    # the claim in court: filed, decided, limitation (read_proceedings); and the
    # individuals whose date the incident says is unknown (`unknown: [time]`)
    proceedings: dict = field(default_factory=dict)
    unknown_dates: frozenset = frozenset()
    document: dict = field(default_factory=dict)   # the top-level blocks but individuals, as plain data

    def __repr__(self) -> str:
        # short: a failing test prints it, and the facts and the source text run long
        return f"Incident({self.id!r}, path={self.path!r}, {len(self.facts.true)} facts)"

    def _repr_pretty_(self, printer, cycle) -> None:   # hypothesis prints through this
        printer.text(repr(self))


class _Reader:
    def __init__(self, path: str, text: str, vocab):
        self.path, self.text, self.vocab = path, text, vocab
        self.problems: list[Problem] = []

    def problem(self, node, message, hint=None, length=1):
        line = col = None
        if node is not None and hasattr(node, "start_mark"):
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            if isinstance(node, yaml.ScalarNode):
                length = max(1, len(str(node.value)))
        self.problems.append(Problem(message, self.path, line, col, length, hint))

    def src(self, node) -> Source:
        line = node.start_mark.line + 1
        return Source("incident", f"{self.path}:{line}", path=self.path, line=line)


def load_incident(path: str | Path, vocab, shapes: Path | None = None,
                  limits: Limits | None = None) -> Incident:
    path = str(path)
    limits = limits or Limits.from_env()
    _format(path)
    text = read_text(path, limits, missing_hint="check the path; `dutybound examples` lists the bundled examples, which can be named as listed")
    return load_incident_text(text, path, vocab, shapes, limits)


def load_incident_text(text: str, path: str, vocab, shapes: Path | None = None,
                       limits: Limits | None = None) -> Incident:
    """An incident given as text (a file's, or pasted into the web app) under the
    name `path`, whose suffix says the format: read, checked and shaped."""
    limits = limits or Limits.from_env()
    check_text_size(text, path, limits)
    with gc_paused():            # cycles made on the way are collected afterwards
        if _format(path) == "rdf":
            from dutybound.load.incident_rdf import load_rdf_incident
            return check_shapes(load_rdf_incident(path, text, vocab, limits), vocab, shapes)
        return check_shapes(parse_incident_text(text, path, vocab, limits), vocab, shapes)


def _format(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in RDF_SUFFIXES:
        return "rdf"
    if suffix not in (".yaml", ".yml", ".json"):
        raise DutyboundError(Problem(
            f"unknown incident format '{suffix or '(none)'}'", path,
            hint="use .yaml, .yml or .json (documented in docs/incident-format.md), or .ttl / .jsonld"),
            kind="file")
    return "json" if suffix == ".json" else "yaml"


def check_shapes(incident: Incident, vocab, shapes=None) -> Incident:
    """SHACL shapes (ontology/shapes.ttl of the knowledge base) on the facts with the
    ontology applied."""
    from dutybound.engine.ontology import saturate
    from dutybound.engine.shapes import validate
    from dutybound.kb.locate import default_root
    if shapes is None:
        shapes = default_root() / "ontology" / "shapes.ttl"
    shapes = [Path(p) for p in ([shapes] if isinstance(shapes, (str, Path)) else shapes)]
    shapes = [p for p in shapes if p.exists()]      # the shipped file and a rule pack's
    if not shapes:
        return incident
    incident.saturated = saturate(incident.facts, vocab)
    errors, warnings = validate(incident.saturated, incident.path, shapes)
    lines = incident.source_text.splitlines()
    for p in errors + warnings:       # point at the individual's name in its file
        if p.line and p.line <= len(lines):
            src = lines[p.line - 1]
            p.col, p.length = len(src) - len(src.lstrip()) + 1, max(1, len(src.strip().rstrip(":")))
    if errors:
        raise DutyboundError(errors)
    incident.warnings = [*incident.warnings, *warnings]
    return incident


def parse_incident_text(text: str, path: str, vocab, limits: Limits | None = None) -> Incident:
    """A YAML or JSON incident (JSON when `path` ends in .json), without the shapes."""
    with gc_paused():
        return _parse_incident_text(text, path, vocab, limits or Limits.from_env())


def _parse_incident_text(text: str, path: str, vocab, limits: Limits) -> Incident:
    if path.endswith(".json"):
        root = compose_json(text, path, limits)
    else:
        root = compose_yaml(text, path, limits)
    r = _Reader(path, text, vocab)
    if not isinstance(root, yaml.MappingNode):
        r.problem(root, "an incident must be a mapping with 'incident', 'date' and 'individuals'",
                  hint="see examples/ or docs/incident-format.md")
        if root is None:
            r.problems[-1].line, r.problems[-1].col = 1, 1
        raise DutyboundError(r.problems)
    top = _mapping(root)
    if "profile" in top and "incident" not in top:
        r.problem(top["profile"][0], "this is a controls profile, not an incident",
                  hint=f"check it with `dutybound comply {path}` (docs/controls-profile.md)")
        raise DutyboundError(r.problems)
    for k, (knode, _) in top.items():
        if k not in TOP_KEYS:
            r.problem(knode, f"unknown top-level key '{k}'",
                      hint=did_you_mean(k, TOP_KEYS) or f"expected one of: {', '.join(sorted(TOP_KEYS))}")
    doc, problems = schema.validate(root, path, limits)
    if r.problems or problems:
        raise DutyboundError(sorted(r.problems + problems, key=lambda p: (p.line or 0, p.col or 0)))
    ident = doc.incident or Path(path).stem
    date = read_date(doc.date)
    calendars = _calendars(r, top)
    facts, labels = _individuals(r, top, root)
    proceedings = read_proceedings(r, top)
    r.problems += currency_problems(facts, path)
    plain_problems: list[Problem] = []     # said once: a block's own reader may have said it
    document = {k: to_plain(v, path, plain_problems) for k, (_, v) in top.items() if k != "individuals"}
    dated = unknown_dates({"individuals": to_plain(top["individuals"][1], path, plain_problems)}
                          if "individuals" in top else {})
    seen = {(p.line, p.col) for p in r.problems}
    r.problems += [p for p in plain_problems if (p.line, p.col) not in seen]
    complete = complete_classes(r, top, vocab)
    if r.problems:
        raise DutyboundError(r.problems)
    incident = Incident(str(ident), path, doc.title or str(ident), date, doc.jurisdiction, facts,
                        calendars, doc.description or "", document.get("expect"),
                        labels, text, document=document, proceedings=proceedings,
                        unknown_dates=dated)
    incident.complete = complete
    incident.warnings = calendar_warnings(incident)
    return incident


def complete_classes(r, top, vocab) -> frozenset:
    """`complete: [UserNotice, statementTime, ...]`: the incident lists every
    member of these classes and every fact of these properties, so no other
    individual is one of them and no other such fact holds
    (docs/incident-format.md, "Complete lists"; docs/semantics.md)."""
    if "complete" not in top:
        return frozenset()
    node = top["complete"][1]
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    out = set()
    for item in items:
        if not isinstance(item, yaml.ScalarNode) or not (
                vocab.is_class(item.value) or vocab.is_property(item.value)):
            name = getattr(item, "value", item)
            r.problem(item, f"'complete' lists classes and properties; '{name}' is neither",
                      hint=(did_you_mean(str(name), vocab.names()) if isinstance(name, str) else None)
                      or "write e.g. 'complete: [UserNotice, statementTime]'")
            continue
        out.add(item.value)
    return frozenset(out)


def _mapping(node) -> dict:
    return {k.value: (k, v) for k, v in node.value}


def _calendars(r, top) -> dict:
    out = {}
    if "calendars" not in top:
        return out
    node = top["calendars"][1]
    if not isinstance(node, yaml.MappingNode):
        r.problem(node, "'calendars' must map a calendar name to its workdays and holidays",
                  hint="write e.g. {bank: {workdays: [Mon, Tue, Wed, Thu, Fri], holidays: [2022-01-31]}}")
        return out
    for name, (knode, vnode) in _mapping(node).items():
        try:
            out[name] = Calendar.from_data(to_plain(vnode, r.path, r.problems))
        except (ValueError_, ValueError, TypeError) as e:
            r.problem(vnode, f"calendar '{name}': {_short(str(e))}",
                      hint="write a named calendar (US-FED, CN, DE-BY, TARGET2; docs/incident-format.md) "
                           "or e.g. {calendar: US-FED, holidays: [2022-01-31]}")
    return out


def calendar_warnings(incident: Incident) -> list[Problem]:
    """A named calendar whose library days for the incident's year are an estimate
    (China's working-day swaps not yet in the holidays package) is said, not hidden."""
    from dutybound.rules.calendars import estimate_note
    out = []
    for name, cal in incident.calendars.items():
        note = cal.named and incident.date and estimate_note(cal.named, incident.date.year)
        if note:
            out.append(Problem(f"'{name}': {note}", incident.path, severity="warning"))
    return out


def _short(text: str, n: int = 300) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _individuals(r, top, root):
    facts, labels = FactBase(), {}
    if "individuals" not in top:
        r.problem(root, "the incident has no 'individuals'",
                  hint="list the parties, accounts, payments and events under 'individuals:'")
        return facts, labels
    node = top["individuals"][1]
    if not isinstance(node, yaml.MappingNode):
        r.problem(node, "'individuals' must map each name to its classes and properties",
                  hint="write e.g. 'alice: {a: Consumer}' under 'individuals:'")
        return facts, labels
    entries = _mapping(node)
    names = set(entries)
    v = r.vocab
    for name, (knode, body) in entries.items():
        facts.individuals[name] = r.src(knode)
        if v.is_class(name) or v.is_property(name):
            r.problem(knode, f"'{name}' is a term of the ontology and cannot name an individual",
                      hint="choose another name, e.g. lower case")
        if not isinstance(body, yaml.MappingNode):
            r.problem(body, f"'{name}' must be a mapping with at least 'a: SomeClass'",
                      hint=f"write e.g. '{name}: {{a: Consumer}}'")
            continue
        props = _mapping(body)
        if "a" not in props:
            r.problem(knode, f"'{name}' has no class", hint="add 'a: Consumer' (or another class)")
        for key, (pk, pv) in props.items():
            if key == "label":
                if not isinstance(pv, yaml.ScalarNode):
                    r.problem(pv, f"the label of '{name}' must be text", hint="write 'label: Alice (consumer)'")
                    continue
                labels[name] = str(pv.value)
            elif key in ("not", "unknown"):
                _negatives(r, facts, name, key, pv, names)
            else:
                for vnode in _items(pv):
                    t = _triple(r, name, key, pk, vnode, names)
                    if t is not None:
                        facts.add(t, r.src(vnode))
    # a yes/no property has one value: stating one establishes the other false
    for (s, p, o), src in list(facts.true.items()):
        if isinstance(o, bool) and (s, p, not o) not in facts.true:
            facts.false.setdefault((s, p, not o), src)
    for t in [t for t in facts.false if t in facts.true]:
        r.problem(None, f"'{t[0]} {t[1]} {t[2]}' is stated both true ({facts.true[t]}) "
                        f"and false ({facts.false[t]})", hint="keep one of them")
    return facts, labels


def _items(node):
    return node.value if isinstance(node, yaml.SequenceNode) else [node]


def _negatives(r, facts, name, key, node, names):
    if key == "unknown":        # documentation of what is not known: unknown is the default
        for item in _items(node):
            if not r.vocab.is_property(str(item.value)) and item.value != "a":
                r.problem(item, f"unknown property '{item.value}'",
                          hint=did_you_mean(str(item.value), r.vocab.names())
                          or "see docs/ontology.md for the properties")
        return
    if not isinstance(node, yaml.MappingNode):
        r.problem(node, "'not' must map properties to the values that are established false",
                  hint="e.g. not: {causedByFaultOf: alice}")
        return
    for prop, (pk, pv) in _mapping(node).items():
        for vnode in _items(pv):
            t = _triple(r, name, prop, pk, vnode, names)
            if t is not None:
                facts.add(t, r.src(vnode), truth=False)


def _triple(r, subject, prop, pnode, vnode, names):
    v = r.vocab
    if not isinstance(vnode, yaml.ScalarNode):
        r.problem(vnode, f"the value of '{prop}' must be a single value or a list of values",
                  hint=f"write '{prop}: value' or '{prop}: [value, value]'")
        return None
    raw = vnode.value
    if prop == "a":
        if not v.is_class(raw):
            r.problem(vnode, f"unknown class '{raw}'",
                      hint=did_you_mean(raw, v.names()) or "see docs/ontology.md for the classes")
            return None
        if raw in getattr(v, "concluded_only", ()):
            r.problem(vnode, f"'{raw}' is concluded by the rules and is not stated in an incident",
                      hint="state the facts it rests on (see its comment in docs/ontology.md)")
            return None
        return (subject, TYPE, raw)
    if not v.is_property(prop):
        r.problem(pnode, f"unknown property '{prop}'",
                  hint=did_you_mean(prop, v.names()) or "see docs/ontology.md for the properties")
        return None
    if v.is_object_property(prop):
        if raw not in names and not v.is_individual(raw):
            r.problem(vnode, f"'{prop}' needs an individual, but '{raw}' is not declared",
                      hint=did_you_mean(raw, names) or f"declare '{raw}' under 'individuals'")
            return None
        return (subject, prop, raw)
    try:
        return (subject, prop, _literal(v.range.get(prop, frozenset()), vnode))
    except ValueError_ as e:
        r.problem(vnode, f"'{prop}': {e}", hint=_LITERAL_HINTS.get(_kind(v.range.get(prop, ())),
                                                                   "see docs/incident-format.md, 'Values'"))
        return None


def _literal(ranges, node):
    """The value by the property's range (load/literals.py); a quoted value of a
    property without a range stays text."""
    if _kind(ranges) or "string" in ranges:
        return read_literal(ranges, node.value)
    return Text(node.value) if node.style is not None else read_untyped(node.value)


def _kind(ranges) -> str | None:
    return next((k for k in _LITERAL_HINTS if k in ranges), None)


_LITERAL_HINTS = {
    "Money": "write the currency code then the amount, e.g. 'CNY 1200.00' (docs/incident-format.md)",
    "dateTime": "write the local date and time, e.g. 2022-03-14T02:13",
    "date": "write the date as YYYY-MM-DD, e.g. 2022-03-14",
    "integer": "write a whole number, e.g. 2",
    "decimal": "write a number, e.g. 0.3",
    "boolean": "write true or false",
}


# The same reading serves controls profiles (dutybound/comply/profile.py): one
# reader, one error format, the same facts.
Reader, read_individuals, yaml_mapping = _Reader, _individuals, _mapping
