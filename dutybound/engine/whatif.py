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


def candidates(assessment) -> tuple[dict, set]:
    """Unknown facts the rules asked about: (triple -> rules that asked, the
    triples some rule needs established false)."""
    ev = assessment.evaluation
    out: dict = {}
    negative: set = set()
    concluded_only = getattr(assessment, "concluded_only", frozenset())
    for run in ev.runs:
        for inst in run.instances:
            lits = list(inst.body)
            for _, exc_lits in inst.exceptions:
                lits.extend(exc_lits)
            for atom, positive in lits:
                t = triple_of(atom)
                if t is None or ev.facts.value(t) is not None:
                    continue
                if t[1] == "a" and t[2] in concluded_only:
                    continue                # the law concludes it; nobody states it
                if (atom, True) in ev.derived_in or (atom, False) in ev.derived_in:
                    continue
                out.setdefault(t, set()).add(inst.rule.id)
                if not positive:
                    negative.add(t)
    return out, negative


def open_questions(kb, incident, assessment, as_of=None, assume=(), jurisdiction=None,
                   decided_on=None) -> list:
    from dutybound.engine.report import evaluate_incident, outcome_of
    base = assessment.outcome()
    out = []
    assume = list(assume)
    asked, negative = candidates(assessment)
    inert = Inertness(kb, assessment)
    for t, rules in sorted(asked.items(), key=lambda kv: repr(kv[0])):
        if t not in negative and inert.cannot_matter(t):
            continue
        entry = {"fact": atom_text((t[1], t[0], t[2])), "subject": t[0], "property": t[1],
                 "object": str(t[2]), "asked_by": sorted(rules)}
        moved = False
        # Established false differs from unknown only where a rule needs the
        # falsehood (`not`); elsewhere both fail whoever had to prove the fact.
        for value in (True, False) if t in negative else (True,):
            try:
                ev = evaluate_incident(kb, incident, as_of, assume + [(t, value)], jurisdiction,
                                       decided_on)[0]
            except DutyboundError:
                continue        # that answer contradicts the facts (disjoint classes): not a live question
            changed = outcome_of(ev)
            # the same conclusion reached through other bindings is no change
            gained = {_describe(k) for k in changed - base}
            lost = {_describe(k) for k in base - changed}
            if gained != lost:
                moved = True
                entry["if_" + str(value).lower()] = {"gained": sorted(gained - lost),
                                                     "lost": sorted(lost - gained)}
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


class Inertness:
    """A sound shortcut for open questions: proves, without re-assessing, that
    making an unknown fact true cannot change the outcome.

    Making `c` true adds `c` and what the ontology derives from it (D). That
    can change the outcome only (1) through a ground instance or exception
    that contains a fact of D and whose other literals are all proved (it
    might newly apply), (2) through a `not` literal of a fact of D, or (3) by
    creating instances the base grounding could not: a fact of D matching a
    pattern that binds a variable no other condition of its rule binds (an
    existential in an `unless`, a lone atom), or a pattern inside an
    aggregate. If none of these holds, the fact is inert and needs no
    re-assessment; otherwise it is re-assessed in full.
    """

    def __init__(self, kb, assessment):
        from dutybound.engine.ground import compiled, pattern_of
        self.kb, self.a = kb, assessment
        ev = assessment.evaluation
        strata, _ = kb.select(getattr(assessment, "time", None) or assessment.as_of,
                              assessment.jurisdiction)
        self.open_patterns: dict = {}          # predicate -> patterns
        for rules in strata:
            for rule in rules:
                for pat in _open_patterns(rule, compiled, pattern_of):
                    self.open_patterns.setdefault(pat[0], []).append(pat)
        # literal occurrences in the base theories: atom -> [(run, theory rule, positive)]
        self.uses: dict = {}
        for run in ev.runs:
            for r, body in enumerate(run.theory.bodies):
                for l in body:
                    self.uses.setdefault(run.atom_list[l >> 1], []).append((run, r, not (l & 1)))

    def cannot_matter(self, t) -> bool:
        from dutybound.engine.defeasible import PROVED
        from dutybound.engine.facts import Source
        from dutybound.engine.ground import unify
        facts = self.a.evaluation.facts
        trial = facts.copy()
        trial.add(t, Source("assumption", "open question"))
        try:
            derived = self.kb.saturate(trial).true.keys() - facts.true.keys()
        except DutyboundError:
            return True                  # contradicts the facts: it cannot be true
        atoms = {(p, s, o) for (s, p, o) in derived}
        for atom in atoms:
            if any(unify(pat, atom, {}) is not None for pat in self.open_patterns.get(atom[0], ())):
                return False
            for run, r, positive in self.uses.get(atom, ()):
                if not positive:
                    return False
                body = run.theory.bodies[r]
                if all(run.result.status[l] == PROVED or (not (l & 1) and run.atom_list[l >> 1] in atoms)
                       for l in body):
                    return False
        return True


def _open_patterns(rule, compiled, pattern_of) -> list:
    """Patterns of a rule that can bind a variable nothing else in it binds."""
    from dutybound.engine.expr import free_vars
    from dutybound.rules.ast import Aggregate, ConclusionAtom, Let, Triple
    atoms, others = compiled(rule)
    bound_by_others = {c.var.name for c, _ in others if isinstance(c, (Let, Aggregate))}
    out = []
    for i, (pat, _) in enumerate(atoms):
        mine = {s.name for s in pat[1:] if hasattr(s, "name")}
        rest = set(bound_by_others)
        for j, (q, _) in enumerate(atoms):
            if j != i:
                rest |= {s.name for s in q[1:] if hasattr(s, "name")}
        if mine - rest:
            out.append(pat)
    when_vars = set(free_vars(rule.conditions))
    for exc in rule.exceptions:
        for c in exc.conditions:
            if isinstance(c, (Triple, ConclusionAtom)) and not c.negated and free_vars(c) - when_vars:
                out.append(pattern_of(c))
    for c, _ in others:
        if isinstance(c, Aggregate):
            out.extend(pattern_of(x) for x in c.conditions if isinstance(x, (Triple, ConclusionAtom)))
    return out
