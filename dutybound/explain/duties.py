"""Duties checked against an operator's controls: met, not met or unknown.

A review of an operator's controls (a controls profile, dutybound/comply) is
assessed like an incident. This module reads the assessment's duties and, for
each one whose provision has a rule that can find it met (a `not breach`
conclusion), says which it is:

- "not met": a rule of that provision concludes a breach (its instance applies);
- "met": a rule of that provision concludes no breach, and none a breach;
- "unknown": neither, and the facts that would decide it are open: each is an
  item with what is missing (a control the profile does not describe, a value it
  does not give, or a yes/no fact it leaves open).

Each row keeps the proofs of what decided it (the duty's own, and the breach or
the met rule's). Duties whose provision has no such rule (they are decided on an
incident, not by controls) are returned apart.

Like claims.py, it reads the evaluation's rule instances through LiteralStates;
render/ and comply/ read only its results.
"""
from __future__ import annotations

from dutybound.engine.defeasible import PROVED
from dutybound.engine.proof import atom_text, triple_of
from dutybound.explain.claims import LiteralStates
from dutybound.rules.ast import BreachHead, Triple, Var
from dutybound.values import to_json

STATUSES = ("met", "not met", "unknown")


def duty_statuses(kb, assessment) -> tuple[list, list]:
    """(rows, others): each duty checked by controls with its status, and the
    duties the assessment concludes that no controls rule decides."""
    ev = assessment.evaluation
    checked = controls_provisions(kb)
    instances = _breach_instances(ev)
    states = LiteralStates(ev)
    rows, others = [], []
    for d in assessment.duties:
        if d["provision"] not in checked:
            others.append(d)
            continue
        key = (d["party"], d["duty"], d["to"], d["provision"])
        rows.append({**d, **_judge(kb, assessment, states, instances.get(key, []), key)})
    return rows, others


def controls_provisions(kb) -> set:
    """The provisions whose duties a review of controls decides: those with a
    rule that can find the duty met (a `not breach` conclusion)."""
    return {r.cites for r in kb.rules if any(isinstance(h, BreachHead) and h.negated for h in r.heads)}


def _judge(kb, a, states, insts, key) -> dict:
    ev, prover = a.evaluation, a.prover
    applied = [(r, i, pos) for r, i, pos in insts
               if ev.runs[r].result.status[ev.runs[r].applies[i]] == PROVED]
    breached = [(r, i) for r, i, pos in applied if pos]
    met = [(r, i) for r, i, pos in applied if not pos]
    rules = lambda xs: sorted({ev.runs[r].instances[i].rule.id for r, i in xs})  # noqa: E731
    if breached and met:                  # contradictory controls: both sides hold
        return {"status": "unknown", "conflict": True, "decided_by": [],
                "open": [], "rules": rules(breached + met)}
    if breached or met:
        xs = breached or met
        return {"status": "not met" if breached else "met", "conflict": False,
                "decided_by": [prover.instance_proof(r, i) for r, i in xs],
                "open": [], "rules": rules(xs)}
    items: dict = {}
    for r, i, _ in insts:                 # tried, but an element is open
        for item in _open_leaves(ev, states, r, i):
            items.setdefault(_item_key(item), item)
    tried = {ev.runs[r].instances[i].rule.id for r, i, _ in insts}
    for rule in _deciding_rules(kb, key[3], key[1]):
        if rule.id not in tried:          # never tried: some fact it needs is not stated
            item = _missing(ev.facts, rule, key[0])
            if item:
                items.setdefault(_item_key(item), item)
    return {"status": "unknown", "conflict": False, "decided_by": [],
            "tried": [prover.instance_proof(r, i) for r, i, _ in insts],
            "open": sorted(items.values(), key=_item_key), "rules": sorted(tried)}


def _breach_instances(ev) -> dict:
    """(party, duty, beneficiary, provision) -> [(run, instance, positive)] of
    every rule instance that concludes a breach (True) or no breach (False)."""
    out: dict = {}
    for run_i, run in enumerate(ev.runs):
        for i, inst in enumerate(run.instances):
            for gh in inst.heads:
                if gh.atom[0] == "⊢breach":
                    key = (gh.atom[1], gh.atom[2], gh.atom[3], inst.rule.cites)
                    out.setdefault(key, []).append((run_i, i, gh.positive))
    return out


def _deciding_rules(kb, provision: str, duty: str) -> list:
    """The rules of a provision that decide a duty from a review of controls
    (they read `controlOf` or `reviewOf`); rules about an incident's events
    (a leak, a payment) are not a control's open question."""
    return [r for r in kb.rules if r.cites == provision
            and any(isinstance(c, Triple) and c.predicate.name in ("controlOf", "reviewOf")
                    for c in r.conditions)
            and any(isinstance(h, BreachHead) and getattr(h.duty, "name", h.duty) == duty
                    for h in r.heads)]


def _open_leaves(ev, states, run_i, i) -> list:
    """The unknown facts an instance's unproved elements rest on."""
    run = ev.runs[run_i]
    out = []
    for atom, positive in run.instances[i].body:
        lit = run.lit(atom, positive)
        if lit is None or run.result.status[lit] == PROVED or states.of(run_i, lit) != "unknown":
            continue
        for leaf, pos in states.leaves(run_i, lit):
            t = triple_of(leaf)
            if t is not None:
                out.append({"kind": "fact", "subject": t[0], "property": t[1],
                            "object": to_json(t[2]), "positive": pos, "fact": atom_text(leaf, pos)})
            elif leaf[0] == "⊢value":     # an unstated value a `where` test needs: asked for
                out.append({"kind": "value", "subject": leaf[1], "property": leaf[2],
                            "fact": f"{leaf[1]} {leaf[2]} ?"})
    return out


def _item_key(item) -> tuple:
    return (item["kind"], str(item.get("subject")), item.get("property") or "",
            str(item.get("object")), item.get("class") or "")


# ----------------------------------------------------------------- never tried

def _missing(facts, rule, party) -> dict | None:
    """What a rule that was never tried for `party` needs and the facts do not
    state: a control (a `?c a Class ; controlOf ?party` pair with no such
    individual), or the first condition no stated fact meets."""
    head = next(h for h in rule.heads if isinstance(h, BreachHead))
    if not isinstance(head.party, Var):
        return None
    binding = {head.party.name: party}
    triples = [c for c in rule.conditions if isinstance(c, Triple) and not c.negated]
    true = facts.true
    # controls first: the pairs that tie a control of some class to the party
    for c in triples:
        var, prop, owner = _name(c.subject), c.predicate.name, _name(c.object)
        if prop != "controlOf" or not isinstance(c.subject, Var) or binding.get(owner) != party:
            continue
        classes = [_name(t.object) for t in triples
                   if _name(t.subject) == var and t.predicate.name == "a"]
        found = sorted(s for (s, p, o) in true if p == "controlOf" and o == party
                       and all((s, "a", k) in true for k in classes))
        if not found:
            return {"kind": "control", "class": classes[0] if classes else "Control", "party": party,
                    "fact": f"a {classes[0] if classes else 'Control'} controlOf {party}"}
        binding[var] = found[0]
    for c in triples:                      # then each condition, in the order written
        s, p, o = _term(c.subject, binding), c.predicate.name, _term(c.object, binding)
        if s is None:
            continue
        matches = [t for t in true if t[0] == s and t[1] == p and (o is None or t[2] == o)]
        if matches:
            if o is None and isinstance(c.object, Var):
                binding[c.object.name] = matches[0][2]
            continue
        if o is None:
            return {"kind": "value", "subject": s, "property": p, "fact": f"{s} {p} ?"}
        if facts.value((s, p, o)) is False:
            return None                    # settled the other way: another rule decides
        return {"kind": "fact", "subject": s, "property": p, "object": to_json(o), "positive": True,
                "fact": f"{s} {p} {o}"}
    return None


def _name(term):
    return term.name if hasattr(term, "name") else term


def _term(term, binding):
    if isinstance(term, Var):
        return binding.get(term.name)
    value = getattr(term, "value", None)
    return value if value is not None else _name(term)


__all__ = ["STATUSES", "controls_provisions", "duty_statuses"]
