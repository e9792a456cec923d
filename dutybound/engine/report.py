"""From an incident to an Assessment: duties, breaches, liabilities,
conflicts, open questions and proofs (docs/assessment-format.md).
"""
from __future__ import annotations

import json

import datetime as dt
from dataclasses import dataclass, field

from dutybound.engine.assess import evaluate_strata
from dutybound.engine.defeasible import PROVED
from dutybound.engine.proof import Prover, atom_text, matched_binding, provision_json
from dutybound.engine.whatif import apply_assumptions, open_questions as find_open_questions
from dutybound.values import Money, Unknown, to_json


@dataclass
class Context:
    """What builtin functions may consult (the incident's calendars); what the
    grounder completes unknown facts over (engine/completion.py): the
    incident's individuals and the classes it declares complete; and the law
    in time the grounder asks per instance (kb/intime.py)."""
    calendars: dict
    default_calendar: object = None
    individuals: tuple = ()
    complete: frozenset = frozenset()
    no_value: frozenset = frozenset()     # (subject, property) with no value (a what-if)
    time: object = None


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
    facts_concluded: list = field(default_factory=list)
    claims: list = field(default_factory=list)      # explain/claims.py: decided, unknown, outside
    reach: dict = field(default_factory=dict)
    kb_digest: str = ""
    rule_packs: list = field(default_factory=list)   # the packs laid over the shipped KB
    concluded_only: frozenset = frozenset()
    evaluation: object = None
    prover: object = None
    time: object = None           # the law in time (kb/intime.py): dates, versions, limitation

    def outcome(self) -> frozenset:
        """What a what-if compares: the conclusions, without their proofs."""
        return outcome_of(self.evaluation)

    def _question_rules(self) -> dict:
        """The provision each rule an open question names cites (a rule that asks
        it, a defence an answer would make succeed), so that a reader is told the
        law, not the rule's id."""
        named: set = set()
        for q in self.open_questions or ():
            named.update(q.get("asked_by", ()))
            named.update(q.get("defences", ()))
        cites = {r.id: r.cites for run in getattr(self.evaluation, "runs", ()) for r in getattr(run, "rules", ())}
        return {r: cites[r] for r in sorted(named) if r in cites}

    def to_json(self) -> dict:
        inc = self.incident
        return {
            "incident": {"id": inc.id, "title": inc.title, "path": inc.path,
                         "date": inc.date.isoformat(), "jurisdiction": inc.jurisdiction,
                         "labels": dict(getattr(inc, "labels", {}) or {}),
                         "links": loss_links(inc)},
            "as_of": self.as_of.isoformat(),
            "jurisdiction": self.jurisdiction,
            "knowledge_base": self.kb_digest,
            "reach": self.reach,
            "claims": self.claims,
            "rule_packs": self.rule_packs,
            "assumptions": self.assumptions,
            "duties": self.duties,
            "breaches": self.breaches,
            "liabilities": self.liabilities,
            "exemptions": self.exemptions,
            "conflicts": self.conflicts,
            "defences": self.defences,
            "facts_concluded": self.facts_concluded,
            "open_questions": self.open_questions,
            "question_rules": self._question_rules(),
            "law_applied": self.law_applied,
            "law_not_in_force": self.law_not_in_force,
            **in_time_json(self),
            "problems": self.problems,
            "proofs": self.proofs,
        }


def loss_links(incident) -> list:
    """[x, y] for each `x resultsFrom y` and `x partOf y` the incident states: which
    harms and payments are one loss (the bottom line counts it once)."""
    facts = getattr(getattr(incident, "facts", None), "true", {}) or {}
    return sorted([s, o] for (s, p, o) in facts if p in ("resultsFrom", "partOf") and isinstance(o, str))


def evaluate_incident(kb, incident, as_of=None, assume=(), jurisdiction=None, decided_on=None):
    """(evaluation, law left out for its date, assumptions shown, date, jurisdiction).
    The date is --as-of's, else the decision date; the evaluation's `time`
    holds both clocks (docs/semantics.md §3)."""
    from dutybound.kb.intime import LawInTime
    juris = jurisdiction or incident.jurisdiction
    if assume:
        facts, assumptions = apply_assumptions(kb, incident, incident.facts, assume)
        facts = kb.saturate(facts)
    else:
        facts, assumptions = incident.saturated or kb.saturate(incident.facts), []
    time = LawInTime(kb, incident, facts, juris, as_of, decided_on)
    strata, excluded = kb.select(time, juris)
    ctx = Context(incident.calendars, individuals=tuple(facts.individuals),
                  complete=frozenset(getattr(incident, "complete", ())),
                  no_value=frozenset(facts.no_value), time=time)
    ev = evaluate_strata(kb, strata, facts, ctx)
    ev.time, ev.ctx = time, ctx      # ctx: proofs re-evaluate the dates a rule computed (proof.py)
    return ev, excluded, assumptions, time.dates.as_of or time.dates.decided, juris


def assess_incident(kb, incident, as_of=None, assume=(), jurisdiction=None,
                    open_questions=True, decided_on=None) -> Assessment:
    ev, excluded, assumptions, on, juris = evaluate_incident(kb, incident, as_of, assume,
                                                             jurisdiction, decided_on)
    a = _collect(kb, incident, ev, on, juris, excluded, assumptions)
    a.time = ev.time
    a.concluded_only = kb.vocab.concluded_only
    if open_questions:
        a.open_questions = find_open_questions(kb, incident, a, as_of=as_of, assume=assume,
                                               jurisdiction=jurisdiction, decided_on=decided_on)
    from dutybound.explain.claims import claims_of
    a.claims, a.reach = claims_of(kb, a)
    return a


def _collect(kb, incident, ev, on, juris, excluded, assumptions) -> Assessment:
    prover = Prover(kb, ev)
    duties, breaches, liabilities, exemptions, conflicts, problems = [], [], [], [], [], []
    defences, facts_concluded = [], []
    reductions: dict = {}
    cited = {}
    for run_i, run in enumerate(ev.runs):
        for m, inst, gh in winning_heads(run):
            prov = ev.time.governing(inst) if getattr(ev, "time", None) else kb.provisions[inst.rule.cites]
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
            elif not kind.startswith("⊢"):
                facts_concluded.append({"fact": atom_text(gh.atom, gh.positive),
                                        "subject": gh.atom[1], "property": gh.atom[0],
                                        "object": to_json(gh.atom[2]), "positive": gh.positive,
                                        **base})
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
        incident, on, juris, sorted(_once(duties), key=order), sorted(_once(breaches), key=order),
        sorted(liabilities, key=order), exemptions, conflicts, prover.proofs,
        [provision_json(p, kb.provision_packs.get(p.id)) for p in sorted(cited.values(), key=lambda p: p.id)],
        _left_out(kb, ev, excluded),
        problems, assumptions, defences=defences, facts_concluded=facts_concluded,
        kb_digest=kb.digest, evaluation=ev, prover=prover,
        rule_packs=[p.to_json() for p in kb.packs])


def _left_out(kb, ev, excluded: dict) -> list:
    """The provisions that govern none of the facts: left out before grounding
    (their period misses every fact date), or whose every instance met facts
    another version governs (docs/semantics.md §3)."""
    time = getattr(ev, "time", None)
    why = {p.id: time.versions.why_not_reason(p) for p in excluded.values()} if time else {}
    if time is not None:
        for pid, reason in time.versions.not_governing_reasons().items():
            excluded.setdefault(pid, kb.provisions[pid])
            why[pid] = reason
    return [{"id": p.id, "title": p.title, "effective": p.effective.isoformat(),
             "repealed": p.repealed.isoformat() if p.repealed else None,
             **({"why": why[p.id]["why"], "left_out": {k: x for k, x in why[p.id].items() if k != "why"}}
                if p.id in why else {})}
            for p in sorted(excluded.values(), key=lambda p: p.id)]


def in_time_json(a) -> dict:
    """The dates used, limitation, undetermined versions and, under EU law,
    what the directives require (docs/assessment-format.md)."""
    if a.time is None:
        return {}
    from dutybound.kb.directives import directives_json
    out = a.time.to_json()
    # limitation is reported for the claims the assessment concludes, and for those it barred
    held = {(l["party"], l["to"], l["basis"]) for l in a.liabilities}
    # in one order whatever the order the claims were found in (a line per claim and violation)
    out["limitation"] = sorted((e for e in out["limitation"]
                                if e["status"] == "barred" or (e["party"], e["to"], e["basis"]) in held),
                               key=lambda e: json.dumps(e, sort_keys=True, default=str))
    return {"dates": out.pop("dates"), "law_in_time": out,
            "directives": directives_json(a.time.kb, a.law_applied, a.jurisdiction)}


def _once(entries: list) -> list:
    """One duty or breach per (party, duty, beneficiary, provision); the proofs
    of every instance that gave it are kept in `proofs`."""
    out: dict = {}
    # the entry shown is the first rule by id, whatever order the rules were found in
    for e in sorted(entries, key=lambda e: e["rule"]):
        key = (e["party"], e["duty"], e["to"], e["provision"])
        if key in out:
            out[key]["proofs"].append(e["proof"])
        else:
            out[key] = {**e, "proofs": [e["proof"]]}
    return list(out.values())


def _liability(gh, base) -> dict:
    pl = gh.payload
    amount = pl["amount"]
    out = {"party": gh.atom[1], "to": gh.atom[2], "form": pl["form"],
           "amount": str(amount.amount) if isinstance(amount, Money) else _known(amount),
           "currency": amount.currency if isinstance(amount, Money) else _currency(amount),
           "share": _known(pl["share"]), "cap": _known(pl["cap"]),
           "pays_after": pl["after"], "recourse_against": pl["recourse"],
           "factors": pl["factors"], "basis": base["provision"], **base}
    out.update(amount_status(pl))
    return out


def amount_status(pl) -> dict:
    """`amount_status`: "fixed" (the incident and the rule fix it), "unknown" (it
    rests on a value the incident does not state: an open question; with
    `amount_bounds` where they follow, and the unknown `share`/`cap` likewise),
    or "left to the court" (the rule fixes no amount; `factors` say what the
    court weighs)."""
    out: dict = {}
    amount = pl["amount"]
    if isinstance(amount, Unknown):
        out["amount_status"] = "unknown"
        out["amount_bounds"] = {"min": _bound_json(amount.lo), "max": _bound_json(amount.hi)}
        out["amount_depends_on"] = sorted(_value_sources(amount))
    elif amount is None:
        out["amount_status"] = "left to the court"
    else:
        out["amount_status"] = "fixed"
    for key in ("share", "cap"):
        v = pl[key]
        if isinstance(v, Unknown):
            out[key + "_status"] = "unknown"
            out[key + "_bounds"] = {"min": _bound_json(v.lo), "max": _bound_json(v.hi)}
    return out


def _known(v):
    return None if isinstance(v, Unknown) else to_json(v)


def _currency(v):
    if isinstance(v, Unknown):
        for b in (v.lo, v.hi):
            if isinstance(b, Money):
                return b.currency
    return None


def _bound_json(v):
    if isinstance(v, Money):
        return str(v.amount)
    return to_json(v)


def _value_sources(u) -> set:
    return {f"{s[1]} {s[2]}" for s in u.sources if s[0] == "value"}


def winning_heads(run):
    """(meta, instance, ground head) of each conclusion the run draws: its rule
    instance applies, no applicable superior rule beats it, its head is proved."""
    res, th = run.result, run.theory
    for r, m in enumerate(run.meta):
        if (m.kind == "head" and res.applicable[r] and not res.beaten_by[r]
                and res.status[th.heads[r]] == PROVED):
            yield m, run.instances[m.instance], m.head


def successful_defences(run):
    """(theory rule, meta) of each exception established against a claim whose
    every element was established."""
    res = run.result
    for r, m in enumerate(run.meta):
        if m.kind == "exception" and res.applicable[r] and res.applicable[m.claim]:
            yield r, m


def conflict_pairs(run):
    """(literal, rule for it, rule against it): applicable conclusion rules with
    contradicting heads that no priority orders."""
    res = run.result
    by_head: dict = {}
    for r, m in enumerate(run.meta):
        if m.kind == "head" and res.applicable[r]:
            by_head.setdefault(run.theory.heads[r], []).append(r)
    for lit, rs in by_head.items():
        if lit & 1 or (lit ^ 1) not in by_head:
            continue
        for r1 in rs:
            for r2 in by_head[lit ^ 1]:
                if (r1, r2) not in run.sup_reason and (r2, r1) not in run.sup_reason:
                    yield lit, r1, r2


def outcome_of(ev) -> frozenset:
    """The conclusions of an evaluation as comparable keys (no proofs built):
    duties, breaches on each occasion, liabilities with form, amount and basis, exemptions,
    successful defences and unresolved conflicts."""
    keys = set()
    for run in ev.runs:
        for m, inst, gh in winning_heads(run):
            k = head_key(inst, gh)
            if k is not None:
                keys.add(k)
        for _, m in successful_defences(run):
            keys.add(defence_key(run.instances[m.instance]))
        for lit, _, _ in conflict_pairs(run):
            keys.add(conflict_key(run.atom_list[lit >> 1]))
    return frozenset(keys)


def head_key(inst, gh):
    """The outcome key of one winning conclusion (None for derived facts)."""
    basis, kind = inst.rule.cites, gh.atom[0]
    # a duty and a breach are owed toward someone (docs/semantics.md §10): the
    # breach toward Hugo alone and toward Hugo and Greta are two outcomes, so that
    # the fact that decides whether Greta is among them is asked
    if kind == "⊢duty" and gh.positive:
        return ("duty", gh.atom[1], gh.atom[2], basis, gh.atom[3])
    if kind == "⊢breach" and gh.positive:
        # the occasion (docs/semantics.md §10): the payments the instance's patterns
        # matched (engine/candidates.py `_occasion`), so that a breach reached on one
        # more payment, or one fewer, is a change and the fact that decides it is asked
        return ("breach", gh.atom[1], gh.atom[2], basis, gh.atom[3], inst.occasion)
    if kind == "⊢liable" and gh.positive:
        amount = gh.payload["amount"]
        shown = (str(amount.amount) if isinstance(amount, Money)
                 else "unknown" if isinstance(amount, Unknown) else str(to_json(amount)))
        return ("liable", gh.atom[1], gh.atom[2], gh.payload["form"], shown, basis,
                _signature(inst))
    if kind == "⊢liable":
        return ("exempt", gh.atom[1], gh.atom[2], basis)
    return None


def defence_key(inst):
    return ("defence", inst.rule.id, tuple(atom_text(h.atom, h.positive) for h in inst.heads))


def conflict_key(atom):
    return ("conflict", atom_text(atom))


def _signature(inst) -> tuple:
    """Tells apart two liabilities of one pair, form and amount (e.g. two
    payments of the same amount) in what-if comparisons, by what the instance
    matched: a value it only computed on the way (a running total, a count)
    is not an outcome; the amount it concludes is, and is in the key."""
    return tuple(sorted((k, repr(v)) for k, v in matched_binding(inst).items()))


def _defences(kb, prover, run_i, run) -> list:
    """Claims whose every element was established but which an established
    exception defeated: the defence that won, and who proved it."""
    out = []
    for r, m in successful_defences(run):
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
    for lit, r1, r2 in conflict_pairs(run):
        i1, i2 = run.meta[r1].instance, run.meta[r2].instance
        out.append({
            "conclusion": atom_text(run.atom_list[lit >> 1]),
            "for": {"rule": run.instances[i1].rule.id, "provision": run.instances[i1].rule.cites,
                    "proof": prover.instance_proof(run_i, i1)},
            "against": {"rule": run.instances[i2].rule.id,
                        "provision": run.instances[i2].rule.cites,
                        "proof": prover.instance_proof(run_i, i2)},
            "resolution": "unresolved: no priority (overrides, lex superior, lex "
                          "specialis, lex posterior) decides; neither conclusion is drawn",
        })
    return out
