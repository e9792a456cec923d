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
from dutybound.engine.proof import atom_text, triple_of
from dutybound.errors import DutyboundError, Problem, did_you_mean
from dutybound.values import ValueError_, parse_date, parse_datetime, parse_money, parse_scalar

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
    """A copy of the incident's raw facts with the toggles applied."""
    facts = facts.copy()
    shown = []
    for a in assume:
        t, value = parse_assumption(a, kb, incident)
        label = f"{t[0]} {t[1]} {t[2]}={'unknown' if value is None else str(value).lower()}"
        facts.true.pop(t, None)
        facts.false.pop(t, None)
        if value is not None:
            facts.add(t, Source("assumption", f"assumed: {label}"), truth=value)
        shown.append(label)
    return facts, shown


def candidates(assessment) -> dict:
    """Unknown facts the rules asked about: triple -> rules that asked."""
    ev = assessment.evaluation
    out: dict = {}
    for run in ev.runs:
        for inst in run.instances:
            lits = list(inst.body)
            for _, exc_lits in inst.exceptions:
                lits.extend(exc_lits)
            for atom, _ in lits:
                t = triple_of(atom)
                if t is None or ev.facts.value(t) is not None:
                    continue
                if (atom, True) in ev.derived_in or (atom, False) in ev.derived_in:
                    continue
                out.setdefault(t, set()).add(inst.rule.id)
    return out


def open_questions(kb, incident, assessment, as_of=None, assume=(), jurisdiction=None) -> list:
    base = assessment.outcome()
    out = []
    assume = list(assume)
    for t, rules in sorted(candidates(assessment).items(), key=lambda kv: repr(kv[0])):
        entry = {"fact": atom_text((t[1], t[0], t[2])), "subject": t[0], "property": t[1],
                 "object": str(t[2]), "asked_by": sorted(rules)}
        moved = False
        for value in (True, False):
            other = kb.assess(incident, as_of=as_of, assume=assume + [(t, value)],
                              jurisdiction=jurisdiction, open_questions=False)
            changed = other.outcome()
            if changed != base:
                moved = True
                entry["if_" + str(value).lower()] = {
                    "gained": sorted(_describe(k) for k in changed - base),
                    "lost": sorted(_describe(k) for k in base - changed)}
        if moved:
            out.append(entry)
    return out


def _describe(key) -> str:
    kind = key[0]
    if kind == "duty":
        return f"{key[1]} owes {key[2]} ({key[3]})"
    if kind == "breach":
        return f"{key[1]} breached {key[2]} ({key[3]})"
    if kind == "liable":
        amount = "" if key[4] in ("None", None) else f" for {key[4]}"
        return f"{key[1]} liable to {key[2]} as {key[3]}{amount} ({key[5]})"
    if kind == "exempt":
        return f"{key[1]} not liable to {key[2]} ({key[3]})"
    if kind == "defence":
        return f"the defence against {key[1]} succeeds"
    return f"unresolved conflict on {key[1]}"
