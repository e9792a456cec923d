"""The duties a review's date leaves outside the law held: no provision in
force on the profile's date imposes them, but provisions the knowledge base
holds do on other dates (docs/controls-profile.md, "Outside the law held on
the date").

"No duty is owed under this law" must never stand for "no rule held reaches
this". A duty is outside on the date when the law in time kept a provision
from it (the assessment's `law_not_in_force`: not yet, or no longer, in
force) and that provision's rules conclude the duty for the operator once
every version is let in. Which provisions those are comes from the rules that
conclude the duty; why they are left out, from the engine's law-in-time data
and the provision's rule of application (its `before`: what governed until
then, where the transitional provision names it and the knowledge base does
not hold it, as ZAG § 68(4) names the BaFin circular 4/2015).
"""
from __future__ import annotations

import dataclasses

from dutybound.engine.assess import evaluate_strata
from dutybound.engine.defeasible import PROVED
from dutybound.explain.duties import controls_provisions
from dutybound.rules.ast import DutyHead


def outside_duties(kb, a, operator: str, date) -> list:
    """For one jurisdiction's assessment: each (duty class, provision) that a
    provision kept from the date would impose on `operator`, with when it
    applies and what its rule of application says (the JSON of
    docs/controls-profile.md). Only duties a review of controls decides (a
    provision with a rule that can find the duty met), as in explain/duties.py."""
    kept = {p["id"]: p for p in a.law_not_in_force}
    checked = controls_provisions(kb) & set(kept)
    if not checked:
        return []
    versions = a.evaluation.time.versions
    found: dict = {}
    for ev_run, inst in _instances_with_every_version(kb, a):
        pid = inst.rule.cites
        if pid not in checked:
            continue
        for gh in inst.heads:
            if gh.atom[0] == "⊢duty" and gh.positive and gh.atom[1] == operator:
                owed = ev_run.result.status[ev_run.lit(gh.atom)] == PROVED
                key = (gh.atom[2], pid)
                found[key] = found.get(key, False) or owed
    out = []
    for (duty, pid), owed in sorted(found.items()):
        p, left = kb.provisions[pid], kept[pid]
        when = ("not yet in force" if date < p.effective
                else "no longer in force" if p.repealed is not None and date >= p.repealed
                else "left out")
        out.append({"duty": duty, "provision": pid, "title": p.title,
                    "effective": p.effective.isoformat(),
                    "repealed": p.repealed.isoformat() if p.repealed else None,
                    "when": when, "owed_then": owed, "left_out": left.get("left_out"),
                    "why": left.get("why"),
                    "application": versions.application_json(versions.application(p))})
    return out


def _instances_with_every_version(kb, a):
    """The rule instances of the assessment's jurisdiction when no version is
    kept from the facts (grounding alone says which rules reach the operator;
    as explain/claims.py does for a claim outside the law held)."""
    juris = a.jurisdiction
    strata = [[r for r in s if juris is None or kb.provisions[r.cites].jurisdiction == juris]
              for s in kb.strata]
    ctx = dataclasses.replace(a.evaluation.ctx, time=None)
    ev = evaluate_strata(kb, strata, a.evaluation.facts, ctx)
    for run in ev.runs:
        for inst in run.instances:
            yield run, inst


def open_duties(a, operator: str) -> set:
    """The duty classes a provision in force would impose on `operator` in
    some completion of the facts the profile leaves unknown (the evaluation's
    `maybe` conclusions): whether they are owed is open, never "not owed"."""
    return {atom[2] for atom in a.evaluation.store.maybe.all
            if atom[0] == "⊢duty" and atom[1] == operator}


def held_duties(kb, jurisdictions) -> set:
    """The duty classes some provision held in these jurisdictions imposes, on
    any date: a duty class outside them is not held at all, which is never
    "not owed"."""
    out = set()
    for r in kb.rules:
        if kb.provisions[r.cites].jurisdiction not in jurisdictions:
            continue
        for h in r.heads:
            if isinstance(h, DutyHead) and not h.negated:
                out.add(getattr(h.duty, "name", h.duty))
    return out
