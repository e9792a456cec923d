"""What if: toggling a fact, and the open questions that would move the outcome.

An assumption is `SUBJECT PROPERTY OBJECT=true|false|unknown`, e.g.
`pay1 causedByFaultOf alice=true` or `zfb a Bank=false`. It is applied to
the incident's own facts before the ontology is, so what follows from it
follows and what rested on a retracted fact goes.

An open question is a fact the rules asked about that the incident leaves
unknown, and whose answer (true or false) changes a conclusion.
"""
from __future__ import annotations

from dutybound.engine.facts import TYPE, Source
# the open-question search lives in engine/questions.py; re-exported for callers
from dutybound.engine.questions import candidates as _candidates, open_questions  # noqa: F401


def candidates(assessment) -> tuple[dict, set]:
    """The unknown facts that rules' own conditions rest on (what the web
    interview asks, one at a time)."""
    return _candidates(assessment, rows=False)
from dutybound.errors import DutyboundError, Problem, did_you_mean
from dutybound.values import (ValueError_, parse_date, parse_datetime, parse_money, parse_scalar,
                              show)

VALUES = {"true": True, "false": False, "unknown": None, "yes": True, "no": False}


def parse_assumption(text: str, kb, incident):
    """'s p o=true' -> ((s, p, o), True|False|None)."""
    hint = "write SUBJECT PROPERTY OBJECT=true|false|unknown, e.g. 'pay1 causedByFaultOf alice=true'"
    if not isinstance(text, str):
        return text
    if "=" not in text:
        raise DutyboundError(Problem(f"cannot read the assumption {text!r}", hint=hint), kind="usage")
    left, _, val = text.rpartition("=")
    if val.strip().lower() not in VALUES:
        raise DutyboundError(Problem(f"the assumption {text!r} must end in =true, =false or =unknown",
                                     hint=hint), kind="usage")
    parts = left.split(None, 2)
    if len(parts) != 3:
        raise DutyboundError(Problem(f"the assumption {text!r} needs a subject, a property and an object",
                                     hint=hint), kind="usage")
    s, p, o = parts
    v = kb.vocab
    known = set(incident.facts.individuals)
    if s not in known:
        raise DutyboundError(Problem(f"'{s}' is not an individual of the incident",
                                     hint=did_you_mean(s, known) or hint), kind="usage")
    if p == TYPE:
        if not v.is_class(o):
            raise DutyboundError(Problem(f"unknown class '{o}'", hint=did_you_mean(o, v.names())),
                                 kind="usage")
        obj = o
    elif not v.is_property(p):
        raise DutyboundError(Problem(f"unknown property '{p}'", hint=did_you_mean(p, v.names())),
                             kind="usage")
    elif v.is_object_property(p):
        if o not in known and not v.is_individual(o):
            raise DutyboundError(Problem(f"'{o}' is not an individual of the incident",
                                         hint=did_you_mean(o, known) or hint), kind="usage")
        obj = o
    else:
        obj = _literal(v.range.get(p, frozenset()), o, text)
    return (s, p, obj), VALUES[val.strip().lower()]


def _literal(ranges, raw, text):
    try:
        if "Money" in ranges:
            return parse_money(raw)
        if "dateTime" in ranges:
            return parse_datetime(raw)
        if "date" in ranges:
            return parse_date(raw)
        return parse_scalar(raw)
    except ValueError_ as e:
        raise DutyboundError(Problem(f"in the assumption {text!r}: {e}"), kind="usage") from None


def apply_assumptions(kb, incident, facts, assume):
    """A copy of the incident's raw facts with the toggles applied. A datatype
    value assumed true replaces the value the incident states for that
    subject and property (a payment has one time); `(s, p, None)` assumed
    false says that s has no value of p at all."""
    facts = facts.copy()
    shown = []
    for a in assume:
        t, value = parse_assumption(a, kb, incident)
        if t[2] is None:
            facts.no_value.add((t[0], t[1]))
            for old in [x for x in facts.true if x[0] == t[0] and x[1] == t[1]]:
                facts.true.pop(old)
            shown.append(f"{t[0]} {t[1]}: none")
            continue
        label = f"{t[0]} {t[1]} {show(t[2])}={'unknown' if value is None else str(value).lower()}"
        if isinstance(t[2], bool):     # a yes/no property has one value: its other one goes too
            other = (t[0], t[1], not t[2])
            implied = facts.true.get(t)
            if implied is not None and facts.false.get(other) is implied:
                facts.false.pop(other)
            if value:
                facts.false[other] = Source("assumption", f"assumed: {label}")
        facts.true.pop(t, None)
        facts.false.pop(t, None)
        if value and t[1] != TYPE and not kb.vocab.is_object_property(t[1]):
            for old in [x for x in facts.true if x[0] == t[0] and x[1] == t[1]]:
                facts.true.pop(old)
        if value is not None:
            facts.add(t, Source("assumption", f"assumed: {label}"), truth=value)
        shown.append(label)
    return facts, shown

