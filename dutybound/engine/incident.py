"""Loading an incident: YAML or JSON (docs/incident-format.md), or RDF
(Turtle, JSON-LD) through rdflib, into a FactBase checked against the
ontology. Every problem names the file and line (or the RDF node) and says
what was expected.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from dutybound.engine.facts import TYPE, FactBase, Source, Text
from dutybound.errors import DutyboundError, Problem, did_you_mean
from dutybound.load.proceedings import read_proceedings, unknown_dates
from dutybound.rules.functions import Calendar
from dutybound.values import ValueError_, parse_date, parse_datetime, parse_money, parse_scalar, to_decimal

TOP_KEYS = {"incident", "title", "description", "jurisdiction", "date", "individuals",
            "calendars", "expect", "notes", "decision", "known_disagreement", "proceedings"}
INDIVIDUAL_KEYS = {"a", "not", "unknown", "label"}
JURISDICTIONS = ("CN", "DE", "EU", "US")


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
    # the claim in court: filed, decided, limitation (read_proceedings); and the
    # individuals whose date the incident says is unknown (`unknown: [time]`)
    proceedings: dict = field(default_factory=dict)
    unknown_dates: frozenset = frozenset()


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


def read_file_text(path: str, missing_hint: str) -> str:
    """A file's UTF-8 text, or an error naming the file (shared with controls profiles)."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DutyboundError(Problem(f"no such file: {path}", path, hint=missing_hint),
                             kind="file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise DutyboundError(Problem(f"cannot read the file: {e}", path), kind="file") from None


def load_incident(path: str | Path, vocab, shapes=None) -> Incident:
    path = str(path)
    text = read_file_text(path, "check the path; bundled examples are under examples/")
    suffix = Path(path).suffix.lower()
    if suffix in (".ttl", ".jsonld", ".nt", ".rdf"):
        from dutybound.engine.incident_rdf import load_rdf_incident
        return check_shapes(load_rdf_incident(path, text, vocab), vocab, shapes)
    if suffix not in (".yaml", ".yml", ".json"):
        raise DutyboundError(Problem(
            f"unknown incident format '{suffix or '(none)'}'", path,
            hint="use .yaml, .yml or .json (documented in docs/incident-format.md), or .ttl / .jsonld"),
            kind="file")
    return check_shapes(parse_incident_text(text, path, vocab), vocab, shapes)


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


def compose_yaml(text: str, path: str):
    """The document's node tree (YAML, or JSON read as YAML so that nodes keep
    their lines), or an error naming the line. Shared with controls profiles."""
    if path.endswith(".json"):
        try:
            json.loads(text)
        except json.JSONDecodeError as e:
            raise DutyboundError(Problem(f"invalid JSON: {e.msg}", path, e.lineno, e.colno,
                                         hint="check commas, quotes and brackets near this place"))
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise DutyboundError(Problem(
            f"invalid YAML: {getattr(e, 'problem', None) or e}", path,
            mark.line + 1 if mark else None, mark.column + 1 if mark else None,
            hint="check indentation and that every 'key: value' has a space after the colon"))


def parse_incident_text(text: str, path: str, vocab) -> Incident:
    root = compose_yaml(text, path)
    r = _Reader(path, text, vocab)
    if not isinstance(root, yaml.MappingNode):
        r.problem(root, "an incident must be a mapping with 'incident', 'date' and 'individuals'",
                  hint="see examples/ or docs/incident-format.md")
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
    ident = _scalar(top, "incident") or Path(path).stem
    date = _date_field(r, top, root)
    juris = _scalar(top, "jurisdiction")
    if juris is not None and juris not in JURISDICTIONS:
        r.problem(top["jurisdiction"][1], f"unknown jurisdiction '{juris}'",
                  hint=f"expected one of {', '.join(JURISDICTIONS)}")
    calendars = _calendars(r, top)
    facts, labels = _individuals(r, top, root)
    proceedings = read_proceedings(r, top)
    if r.problems:
        raise DutyboundError(r.problems)
    plain = yaml.safe_load(text)
    incident = Incident(str(ident), path, str(_scalar(top, "title") or ident), date, juris, facts,
                        calendars, str(_scalar(top, "description") or ""), plain.get("expect"),
                        labels, text, proceedings=proceedings, unknown_dates=unknown_dates(plain))
    incident.warnings = calendar_warnings(incident)
    return incident


def _mapping(node) -> dict:
    return {k.value: (k, v) for k, v in node.value}


def _scalar(top, key):
    if key in top and isinstance(top[key][1], yaml.ScalarNode):
        return top[key][1].value
    return None


def _date_field(r, top, root):
    if "date" not in top:
        r.problem(root, "the incident has no 'date'",
                  hint="add 'date: YYYY-MM-DD', the day of the harmful event; it selects the law in force")
        return None
    node = top["date"][1]
    try:
        return parse_date(str(node.value)[:10]) if isinstance(node, yaml.ScalarNode) else None
    except ValueError_ as e:
        r.problem(node, str(e))
        return None


def _calendars(r, top) -> dict:
    out = {}
    if "calendars" not in top:
        return out
    node = top["calendars"][1]
    if not isinstance(node, yaml.MappingNode):
        r.problem(node, "'calendars' must map a calendar name to its workdays and holidays")
        return out
    for name, (knode, vnode) in _mapping(node).items():
        try:
            out[name] = Calendar.from_data(yaml.safe_load(yaml.serialize(vnode)))
        except (ValueError_, ValueError) as e:
            r.problem(vnode, f"calendar '{name}': {e}",
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


def _individuals(r, top, root):
    facts, labels = FactBase(), {}
    if "individuals" not in top:
        r.problem(root, "the incident has no 'individuals'",
                  hint="list the parties, accounts, payments and events under 'individuals:'")
        return facts, labels
    node = top["individuals"][1]
    if not isinstance(node, yaml.MappingNode):
        r.problem(node, "'individuals' must map each name to its classes and properties")
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
            r.problem(body, f"'{name}' must be a mapping with at least 'a: SomeClass'")
            continue
        props = _mapping(body)
        if "a" not in props:
            r.problem(knode, f"'{name}' has no class", hint="add 'a: Consumer' (or another class)")
        for key, (pk, pv) in props.items():
            if key == "label":
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
                          hint=did_you_mean(str(item.value), r.vocab.names()))
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
        r.problem(vnode, f"the value of '{prop}' must be a single value or a list of values")
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
        r.problem(vnode, f"'{prop}': {e}")
        return None


def _literal(ranges, node):
    raw = node.value
    if "Money" in ranges:
        return parse_money(raw)
    if "dateTime" in ranges:
        return parse_datetime(raw)
    if "date" in ranges:
        return parse_date(raw)
    if "decimal" in ranges:
        try:
            return to_decimal(Decimal(raw))
        except Exception:
            raise ValueError_(f"expected a number, got {raw!r}") from None
    if "boolean" in ranges:
        if raw.lower() not in ("true", "false"):
            raise ValueError_(f"expected true or false, got {raw!r}")
        return raw.lower() == "true"
    if "string" in ranges:
        return Text(raw)
    value = parse_scalar(raw) if node.style is None else raw
    return Text(value) if isinstance(value, str) else value


# The same reading serves controls profiles (dutybound/comply/profile.py): one
# reader, one error format, the same facts.
Reader, read_individuals, yaml_mapping = _Reader, _individuals, _mapping
