"""The schema of an incident's top level (docs/incident-format.md), checked
with pydantic on the node tree before any fact is built: which keys hold text,
which a mapping or a list, the jurisdictions, dates read whole, the number of
individuals. What the ontology decides (classes, properties, the ranges of
their values) is checked by the reader after this (load/incident.py).

Keys the schema does not name pass through (`extra="allow"`), so a block read
by its own function (as `calendars` and `individuals` are) needs no entry
here beyond its shape; the reader refuses keys it does not know.
"""
from __future__ import annotations

import re

from typing import Annotated, Any, Literal, Optional, Union

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from dutybound.errors import Problem
from dutybound.load.literals import read_date
from dutybound.load.limits import Limits
from dutybound.load.nodes import problem_at
from dutybound.values import ValueError_

JURISDICTIONS = ("CN", "DE", "EU", "US")


def _date(text: str) -> str:
    try:
        read_date(text)
    except ValueError_ as e:
        raise ValueError(str(e)) from None
    return text


def _reported_date(text: str) -> str:
    """A decision's date as the report gives it: a day (checked like any date),
    or a month, a year or words ("2019-09 (the day is not given)", "not given in
    the report"); the case book reads what it can (engine/casebook.py)."""
    day = re.match(r"\s*(\d{4}-\d{1,2}-\d{1,2})\b", text)
    month = re.match(r"\s*\d{4}-(\d{1,2})\b", text)
    if day:
        _date(day.group(1))
    elif month and not 1 <= int(month.group(1)) <= 12:
        _date(text)
    return text


Scalar = str                               # every scalar arrives as its text
WholeDate = Annotated[str, AfterValidator(_date)]
ReportedDate = Annotated[str, AfterValidator(_reported_date)]
ScalarList = list[Scalar]


class CalendarDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    calendar: Optional[Scalar] = None          # a named calendar (US-FED, CN, DE-BY, TARGET2)

    @model_validator(mode="before")
    @classmethod
    def _a_bare_name(cls, data):
        """`bank: US-FED` is short for `bank: {calendar: US-FED}`."""
        return {"calendar": data} if isinstance(data, str) else data

    workdays: Optional[ScalarList] = None
    holidays: Optional[ScalarList] = None
    extra_workdays: Optional[ScalarList] = None


class DecisionDoc(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)
    court: Optional[Scalar] = None
    # a day, or a month as reported ("2019-09 (…)"): the case book reads it
    # (engine/casebook.py decision_date) and judges on the month's last day
    date: Optional[ReportedDate] = None
    docket: Optional[Scalar] = None
    url: Optional[Scalar] = None
    holding: Optional[Scalar] = None


Individual = dict[Scalar, Any]


class IncidentDoc(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)
    incident: Optional[Annotated[Scalar, Field(min_length=1, max_length=200)]] = None
    title: Optional[Scalar] = None
    description: Optional[Scalar] = None
    jurisdiction: Optional[Literal["CN", "DE", "EU", "US"]] = None
    date: WholeDate
    individuals: dict[Scalar, Individual]
    calendars: Optional[dict[Scalar, CalendarDoc]] = None
    expect: Optional[dict[Scalar, Any]] = None
    decision: Optional[DecisionDoc] = None
    known_disagreement: Optional[Scalar] = None
    notes: Optional[Union[Scalar, list, dict]] = None

    @field_validator("individuals")
    @classmethod
    def _count(cls, value: dict, info: ValidationInfo) -> dict:
        limits: Limits = (info.context or {}).get("limits") or Limits()
        if len(value) > limits.individuals:
            raise ValueError(f"limit:individuals:{len(value)}")
        return value


def raw(node: yaml.Node):
    """The node tree as plain data with every scalar as its text (None for an
    empty value), the form the schema checks."""
    if isinstance(node, yaml.MappingNode):
        return {(k.value if isinstance(k, yaml.ScalarNode) else repr(k)): raw(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [raw(v) for v in node.value]
    if node.tag.endswith(":null"):
        return None
    return node.value


def node_at(root: yaml.Node, loc: tuple):
    """The node a pydantic error location points at (the key's node for a key
    that is missing or not allowed)."""
    node, key_node = root, None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            hit = next(((k, v) for k, v in node.value
                        if isinstance(k, yaml.ScalarNode) and k.value == part), None)
            if hit is None:
                return node, None
            key_node, node = hit
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            key_node, node = None, node.value[part]
        else:
            break
    return node, key_node


_SHAPES = {"string_type": "a single value (text)", "dict_type": "a mapping of 'key: value' lines",
           "list_type": "a list", "model_type": "a mapping of 'key: value' lines",
           "string_too_short": "a value that is not empty"}
_HINTS = {
    "date": "write 'date: YYYY-MM-DD', the day of the harmful event; it selects the law in force",
    "individuals": "list the parties, accounts, payments and events under 'individuals:', each "
                   "with 'a: SomeClass'",
    "jurisdiction": "expected one of " + ", ".join(JURISDICTIONS) + "; leave it out to compare all four",
    "calendars": "write a named calendar (US-FED, CN, DE-BY, TARGET2) or e.g. {calendar: US-FED, holidays: [2022-01-31]}",
    "decision": "write court, date, docket, url and holding (docs/incident-format.md)",
}


def validate(root: yaml.MappingNode, path: str, limits: Limits) -> tuple[IncidentDoc | None, list[Problem]]:
    try:
        return IncidentDoc.model_validate(raw(root), context={"limits": limits}), []
    except ValidationError as e:
        return None, [_problem(err, root, path, limits) for err in e.errors(include_url=False)]


def _problem(err: dict, root, path: str, limits: Limits) -> Problem:
    loc = tuple(err["loc"])
    name = ".".join(str(p) for p in loc)
    top = str(loc[0]) if loc else ""
    node, key_node = node_at(root, loc)
    hint = _HINTS.get(top)
    kind, msg = err["type"], err["msg"]
    if kind == "missing":
        mark = (node or root).start_mark
        return problem_at(mark, f"the incident has no '{name}'" if len(loc) == 1 else f"'{name}' is missing",
                          path, hint=hint)
    if kind == "value_error" and msg.startswith("Value error, limit:"):
        _, limit, found = msg[len("Value error, "):].split(":")
        mark = node.start_mark
        return limits.problem(limit, f"the incident has {int(found):,} individuals", path,
                              mark.line + 1, mark.column + 1)
    if kind == "value_error":
        message = msg[len("Value error, "):]
    elif kind == "literal_error":
        message = f"unknown {top} {err['input']!r}"
    elif kind == "extra_forbidden":
        node = key_node or node
        message = f"unknown field '{loc[-1]}' in '{'.'.join(str(p) for p in loc[:-1])}'"
    elif kind in _SHAPES and err.get("input") in (None, ""):
        message = f"'{name}' is empty"
    elif kind in _SHAPES:
        message = f"'{name}' must be {_SHAPES[kind]}"
        if node is not None and isinstance(node, yaml.ScalarNode) and kind != "string_too_short":
            message += f", not {node.value!r}"
        elif node is not None and not isinstance(node, yaml.ScalarNode):
            message += ", not a " + ("list" if isinstance(node, yaml.SequenceNode) else "mapping")
    elif kind == "string_too_long":
        message = f"'{name}' is too long ({msg.lower()})"
    else:
        message = f"'{name}': {msg}"
    length = len(node.value) if isinstance(node, yaml.ScalarNode) and node.value else 1
    return problem_at(node.start_mark if node is not None else None, message, path,
                      hint=hint or "see docs/incident-format.md", length=length)
