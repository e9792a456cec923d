"""Reading a controls profile: an operator, its roles and its controls, as facts
in the ontology's vocabulary (docs/controls-profile.md).

A profile is read by the incident reader (load/incident.py): the same
`individuals:` mapping, the same three-valued facts, the same SHACL shapes
and the same file:line errors. What a profile adds:

- `operator:` the individual whose duties are checked, and a review of its
  controls (`ControlsReview`, `reviewOf` it), which scopes the controls rules
  to this operator;
- `roles:` the operator's roles, a closed list: a role not listed is
  established false (an operator knows whether it holds a payment licence), so
  the review does not ask;
- `jurisdictions:` whose law to check it against; `date:` the day the law in
  force is taken from.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dutybound.engine.facts import TYPE, Source
from dutybound.load.incident import Incident, Reader, check_shapes, read_individuals, yaml_mapping
from dutybound.load.limits import Limits
from dutybound.load.nodes import compose_json, compose_yaml
from dutybound.load.source import read_text
from dutybound.errors import DutyboundError, Problem, did_you_mean
from dutybound.values import ValueError_, parse_date

TOP_KEYS = {"profile", "title", "description", "date", "jurisdictions", "operator", "roles",
            "individuals", "expect", "notes"}
JURISDICTIONS = ("CN", "DE", "EU", "US")
# role -> the class the operator is of when it has it (docs/controls-profile.md)
ROLES = {"platform": "PlatformOperator", "payment-institution": "ThirdPartyPaymentProvider",
         "bank": "Bank", "card-issuer": "CardIssuer"}
REVIEW = "controls-review"
EXPECT_KEYS = ("met", "not_met", "unknown", "outside")   # outside: no provision in force on the date


@dataclass
class Profile:
    id: str
    path: str
    title: str
    date: dt.date
    operator: str
    roles: list
    jurisdictions: list
    incident: Incident              # the profile's facts, read as an incident
    description: str = ""
    expect: dict | None = None
    labels: dict = field(default_factory=dict)

    @property
    def source_text(self) -> str:
        return self.incident.source_text


def load_profile(path, vocab, shapes: Path | None = None) -> Profile:
    path = str(path)
    text = read_text(path, Limits.from_env(),
                     "bundled profiles are under controls/profiles/ (`dutybound comply` lists them)")
    if Path(path).suffix.lower() not in (".yaml", ".yml", ".json"):
        raise DutyboundError(Problem(
            f"unknown profile format '{Path(path).suffix or '(none)'}'", path,
            hint="write a profile as .yaml or .json (docs/controls-profile.md)"), kind="file")
    return parse_profile_text(text, path, vocab, shapes)


def parse_profile_text(text: str, path: str, vocab, shapes: Path | None = None) -> Profile:
    limits = Limits.from_env()
    root = compose_json(text, path, limits) if path.endswith(".json") else compose_yaml(text, path, limits)
    r = Reader(path, text, vocab)
    if not isinstance(root, yaml.MappingNode):
        r.problem(root, "a controls profile must be a mapping with 'profile', 'date', 'operator', "
                        "'jurisdictions' and 'individuals'", hint="see docs/controls-profile.md")
        raise DutyboundError(r.problems)
    top = yaml_mapping(root)
    for k, (knode, _) in top.items():
        if k not in TOP_KEYS:
            hint = ("this looks like an incident: assess it with `dutybound assess`" if k == "incident"
                    else did_you_mean(k, TOP_KEYS) or f"expected one of: {', '.join(sorted(TOP_KEYS))}")
            r.problem(knode, f"unknown top-level key '{k}'", hint=hint)
    date = _date(r, top, root)
    juris = _jurisdictions(r, top, root)
    if "individuals" not in top:
        r.problem(root, "the profile has no 'individuals'",
                  hint="list the operator, its controls and the people it serves under 'individuals:'")
        raise DutyboundError(r.problems)
    facts, labels = read_individuals(r, top, root)
    operator = _operator(r, top, root, facts)
    roles = _roles(r, top, vocab)
    if r.problems:
        raise DutyboundError(r.problems)
    _review(facts, path, top, operator, roles, labels)
    plain = yaml.safe_load(text)
    expect = plain.get("expect")
    _check_expect(r, top, expect)
    if r.problems:
        raise DutyboundError(r.problems)
    ident = str(plain.get("profile") or Path(path).stem)
    title = str(plain.get("title") or ident)
    incident = Incident(ident, path, title, date, None, facts, {}, str(plain.get("description") or ""),
                        None, labels, text)
    check_shapes(incident, vocab, shapes)
    return Profile(ident, path, title, date, operator, roles, juris, incident,
                   str(plain.get("description") or ""), expect, labels)


# ----------------------------------------------------------------- the header

def _scalar_node(top, key):
    return top[key][1] if key in top else None


def _date(r, top, root):
    node = _scalar_node(top, "date")
    if node is None:
        r.problem(root, "the profile has no 'date'",
                  hint="add 'date: YYYY-MM-DD': the day whose law in force the controls are checked against")
        return None
    try:
        return parse_date(str(node.value)[:10]) if isinstance(node, yaml.ScalarNode) else None
    except ValueError_ as e:
        r.problem(node, str(e), hint="write the date as YYYY-MM-DD")
        return None


def _jurisdictions(r, top, root) -> list:
    node = _scalar_node(top, "jurisdictions")
    if node is None:
        r.problem(root, "the profile has no 'jurisdictions'",
                  hint=f"add e.g. 'jurisdictions: [CN]' (any of {', '.join(JURISDICTIONS)})")
        return []
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    out = []
    for item in items:
        value = str(getattr(item, "value", ""))
        if not isinstance(item, yaml.ScalarNode) or value not in JURISDICTIONS:
            r.problem(item, f"unknown jurisdiction '{value}'",
                      hint=f"expected one of {', '.join(JURISDICTIONS)}")
        elif value not in out:
            out.append(value)
    if items and not out and not r.problems:
        r.problem(node, "name at least one jurisdiction", hint="e.g. 'jurisdictions: [CN]'")
    return out


def _operator(r, top, root, facts) -> str | None:
    node = _scalar_node(top, "operator")
    if node is None:
        r.problem(root, "the profile has no 'operator'",
                  hint="add 'operator: NAME', the individual under 'individuals' whose controls are checked")
        return None
    name = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    if name not in facts.individuals:
        r.problem(node, f"the operator '{name}' is not declared under 'individuals'",
                  hint=did_you_mean(name, facts.individuals) or f"declare '{name}' under 'individuals'")
        return None
    if name == REVIEW:
        r.problem(node, f"'{REVIEW}' is the name of the review itself",
                  hint="give the operator another name")
    return name


def _roles(r, top, vocab) -> list:
    node = _scalar_node(top, "roles")
    if node is None:
        return []
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    out = []
    for item in items:
        value = str(getattr(item, "value", ""))
        if value not in ROLES:
            r.problem(item, f"unknown role '{value}'",
                      hint=did_you_mean(value, ROLES) or f"expected some of: {', '.join(ROLES)}")
        elif value not in out:
            out.append(value)
    return out


def _review(facts, path, top, operator, roles, labels) -> None:
    """The review the profile stands for, and the operator's roles (closed list)."""
    knode = top["operator"][0]
    src = Source("incident", f"{path}:{knode.start_mark.line + 1}", path=path,
                 line=knode.start_mark.line + 1)
    if REVIEW in facts.individuals:
        raise DutyboundError(Problem(f"'{REVIEW}' names the review itself and cannot name an individual",
                                     path, facts.individuals[REVIEW].line, hint="choose another name"))
    facts.individuals[REVIEW] = src
    facts.add((REVIEW, TYPE, "ControlsReview"), src)
    facts.add((REVIEW, "reviewOf", operator), src)
    labels.setdefault(REVIEW, "controls review")
    rnode = top.get("roles")
    rsrc = src if rnode is None else Source("incident", f"{path}:{rnode[0].start_mark.line + 1}",
                                            path=path, line=rnode[0].start_mark.line + 1)
    for role, cls in ROLES.items():
        t = (operator, TYPE, cls)
        if role in roles:
            facts.add(t, rsrc)
        elif t not in facts.true:              # stated under the operator: its own statement stands
            facts.add(t, rsrc, truth=False)


def _check_expect(r, top, expect) -> None:
    if expect is None:
        return
    node = top["expect"][1]
    if not isinstance(expect, dict):
        r.problem(node, "'expect' must map met, not_met, unknown and outside to lists of duties",
                  hint="e.g. expect: {met: [ClientFundsCustodyDuty NBPR2024-29]}")
        return
    for k, (knode, vnode) in yaml_mapping(node).items():
        if k not in EXPECT_KEYS:
            r.problem(knode, f"unknown key '{k}' in 'expect'",
                      hint=did_you_mean(k, EXPECT_KEYS) or f"expected {', '.join(EXPECT_KEYS)}")
        elif not isinstance(vnode, yaml.SequenceNode) or any(
                not isinstance(i, yaml.ScalarNode) or len(str(i.value).split()) != 2 for i in vnode.value):
            r.problem(vnode, f"'{k}' must list duties as 'DutyClass PROVISION'",
                      hint="e.g. - ClientFundsCustodyDuty NBPR2024-29")


def expected_rows(expect: dict | None) -> dict:
    """{'met': {(duty, provision)}, ...} from a profile's `expect:`."""
    out = {}
    for k in EXPECT_KEYS:
        if expect and k in expect:
            out[k.replace("_", " ")] = {tuple(str(x).split()) for x in expect[k] or []}
    return out
