"""From an incident to an Assessment: duties, breaches, liabilities,
conflicts, open questions and proofs (docs/assessment-format.md).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dutybound.engine.assess import evaluate_strata
from dutybound.engine.defeasible import PROVED
from dutybound.engine.proof import Prover, atom_text, provision_json
from dutybound.engine.whatif import apply_assumptions, open_questions as find_open_questions
from dutybound.values import Money, to_json


@dataclass
class Context:
    """What builtin functions may consult: the incident's calendars."""
    calendars: dict
    default_calendar: object = None


@dataclass
class Assessment:
    incident: object
    as_of: dt.date
    jurisdiction: str | None
    duties: list
    breaches: list
    liabilities: list
    exemptions: list
    conflicts: list
    proofs: dict
    law_applied: list
    law_not_in_force: list
    problems: list
    assumptions: list
    open_questions: list = field(default_factory=list)
    defences: list = field(default_factory=list)
    evaluation: object = None
    prover: object = None

    def outcome(self) -> frozenset:
        """What a what-if compares: the conclusions, without their proofs."""
        keys = set()
        for d in self.duties:
            keys.add(("duty", d["party"], d["duty"], d["provision"]))
        for b in self.breaches:
            keys.add(("breach", b["party"], b["duty"], b["provision"]))
        for l in self.liabilities:
            keys.add(("liable", l["party"], l["to"], l["form"], str(l["amount"]), l["basis"]))
        for e in self.exemptions:
            keys.add(("exempt", e["party"], e["to"], e["basis"]))
        for c in self.conflicts:
            keys.add(("conflict", c["conclusion"]))
        for d in self.defences:
            keys.add(("defence", d["rule"], tuple(d["would_conclude"])))
        return frozenset(keys)

    def to_json(self) -> dict:
        inc = self.incident
        return {
            "incident": {"id": inc.id, "title": inc.title, "path": inc.path,
                         "date": inc.date.isoformat(), "jurisdiction": inc.jurisdiction},
            "as_of": self.as_of.isoformat(),
            "jurisdiction": self.jurisdiction,
            "assumptions": self.assumptions,
            "duties": self.duties,
            "breaches": self.breaches,
            "liabilities": self.liabilities,
            "exemptions": self.exemptions,
            "conflicts": self.conflicts,
            "defences": self.defences,
            "open_questions": self.open_questions,
            "law_applied": self.law_applied,
            "law_not_in_force": self.law_not_in_force,
            "problems": self.problems,
            "proofs": self.proofs,
        }


def assess_incident(kb, incident, as_of=None, assume=(), jurisdiction=None,
                    open_questions=True) -> Assessment:
    on = as_of or incident.date
    juris = jurisdiction or incident.jurisdiction
    facts, assumptions = incident.facts, []
    if assume:
        facts, assumptions = apply_assumptions(kb, incident, facts, assume)
    facts = kb.saturate(facts)
    strata, excluded = kb.select(on, juris)
    ctx = Context(incident.calendars)
    ev = evaluate_strata(kb, strata, facts, ctx)
    a = _collect(kb, incident, ev, on, juris, excluded, assumptions)
    if open_questions:
        a.open_questions = find_open_questions(kb, incident, a, as_of=as_of, assume=assume,
                                               jurisdiction=jurisdiction)
    return a


def _collect(kb, incident, ev, on, juris, excluded, assumptions) -> Assessment:
    prover = Prover(kb, ev)
    duties, breaches, liabilities, exemptions, conflicts, problems = [], [], [], [], [], []
    defences = []
    reductions: dict = {}
    cited = {}
    for run_i, run in enumerate(ev.runs):
        res = run.result
        for r, m in enumerate(run.meta):
            if m.kind != "head" or not res.applicable[r] or res.beaten_by[r]:
                continue
            lit = run.theory.heads[r]
            if res.status[lit] != PROVED:
                continue
            inst = run.instances[m.instance]
            gh = m.head
            prov = kb.provisions[inst.rule.cites]
            cited[prov.id] = prov
            pid = prover.instance_proof(run_i, m.instance)
            base = {"provision": prov.id, "provision_title": prov.title, "rule": inst.rule.id,
                    "proof": pid, "verified": prov.verified}
            kind = gh.atom[0]
            if kind in ("⊢duty", "⊢breach") and gh.positive:
                entry = {"party": gh.atom[1], "duty": gh.atom[2], "to": gh.atom[3], **base}
                (duties if kind == "⊢duty" else breaches).append(entry)
            elif kind == "⊢liable" and gh.positive:
                liabilities.append(_liability(gh, base))
            elif kind == "⊢liable":
                exemptions.append({"party": gh.atom[1], "to": gh.atom[2], "basis": prov.id, **base})
            elif kind == "⊢reduction" and gh.positive:
                reductions.setdefault((gh.atom[1], gh.atom[2]), []).append(
                    {"share": to_json(gh.payload["share"]), "factors": gh.payload["factors"],
                     "basis": prov.id, "proof": pid})
        conflicts.extend(_conflicts(kb, prover, run_i, run))
        defences.extend(_defences(kb, prover, run_i, run))
        for cond, err in run.problems:
            pos = getattr(err, "pos", None) or getattr(cond, "pos", None)
            problems.append({"message": str(err), "at": str(pos) if pos else None})
    for l in liabilities:
        l["reductions"] = reductions.get((l["party"], l["to"]), [])
    for w in getattr(incident, "warnings", ()):
        problems.append({"message": w.message, "at": w.location(), "severity": "warning"})
    order = lambda d: (d["party"], d.get("duty") or d.get("form") or "", d["provision"])  # noqa: E731
    return Assessment(
        incident, on, juris, sorted(duties, key=order), sorted(breaches, key=order),
        sorted(liabilities, key=order), exemptions, conflicts, prover.proofs,
        [provision_json(p) for p in sorted(cited.values(), key=lambda p: p.id)],
        [{"id": p.id, "title": p.title, "effective": p.effective.isoformat(),
          "repealed": p.repealed.isoformat() if p.repealed else None}
         for p in sorted(excluded.values(), key=lambda p: p.id)],
        problems, assumptions, defences=defences, evaluation=ev, prover=prover)


def _liability(gh, base) -> dict:
    pl = gh.payload
    amount = pl["amount"]
    return {"party": gh.atom[1], "to": gh.atom[2], "form": pl["form"],
            "amount": str(amount.amount) if isinstance(amount, Money) else to_json(amount),
            "currency": amount.currency if isinstance(amount, Money) else None,
            "share": to_json(pl["share"]), "cap": to_json(pl["cap"]),
            "pays_after": pl["after"], "recourse_against": pl["recourse"],
            "factors": pl["factors"], "basis": base["provision"], **base}


def _defences(kb, prover, run_i, run) -> list:
    """Claims whose every element was established but which an established
    exception defeated: the defence that won, and who proved it."""
    out = []
    res = run.result
    for r, m in enumerate(run.meta):
        if m.kind != "exception" or not res.applicable[r]:
            continue
        claim = next(c for c, mc in enumerate(run.meta) if mc.kind == "claim" and mc.instance == m.instance)
        if not res.applicable[claim]:
            continue
        inst = run.instances[m.instance]
        exc = m.exception
        out.append({
            "rule": inst.rule.id, "provision": inst.rule.cites,
            "would_conclude": [atom_text(h.atom, h.positive) for h in inst.heads],
            "exception": " and ".join(atom_text(run.atom_list[l >> 1], not (l & 1))
                                      for l in run.theory.bodies[r]),
            "proved_by": inst.binding.get(exc.proved_by.name) if exc.proved_by else None,
            "proof": prover.instance_proof(run_i, m.instance)})
    return out


def _conflicts(kb, prover, run_i, run) -> list:
    """Pairs of applicable rules with contradicting conclusions that no
    priority orders: reported, never decided silently."""
    out = []
    res = run.result
    seen = set()
    by_head: dict = {}
    for r, m in enumerate(run.meta):
        if m.kind == "head" and res.applicable[r]:
            by_head.setdefault(run.theory.heads[r], []).append(r)
    for lit, rs in by_head.items():
        if lit & 1 or (lit ^ 1) not in by_head:
            continue
        for r1 in rs:
            for r2 in by_head[lit ^ 1]:
                if (r1, r2) in run.sup_reason or (r2, r1) in run.sup_reason:
                    continue
                key = (lit, r1, r2)
                if key in seen:
                    continue
                seen.add(key)
                i1, i2 = run.meta[r1].instance, run.meta[r2].instance
                out.append({
                    "conclusion": atom_text(run.atom_list[lit >> 1]),
                    "for": {"rule": run.instances[i1].rule.id,
                            "provision": run.instances[i1].rule.cites,
                            "proof": prover.instance_proof(run_i, i1)},
                    "against": {"rule": run.instances[i2].rule.id,
                                "provision": run.instances[i2].rule.cites,
                                "proof": prover.instance_proof(run_i, i2)},
                    "resolution": "unresolved: no priority (overrides, lex superior, lex "
                                  "specialis, lex posterior) decides; neither conclusion is drawn",
                })
    return out
