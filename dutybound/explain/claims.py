"""What the assessment decided, claim by claim, and what lies outside the
knowledge base (docs/assessment-format.md, `claims` and `reach`).

A claim is a claimant against a party who could answer for the claimant's
harm. Its status is one of:

- "liable": a rule held concludes the party liable to the claimant;
- "not liable": the law held frees the party: an exemption is proved, or every
  rule that reaches the claim fails on an element established false, on a
  defence established, or loses to a superior rule;
- "unknown": a rule held would decide the claim, but it fails only on facts the
  incident leaves unknown (or on an unresolved conflict): the burden of proof
  decides meanwhile, and the facts are open questions;
- "outside": no rule held reaches the claim on the date of the law applied.
  This is never "not liable": the law may give a claim the knowledge base does
  not hold (a contract, general tort, an older version of the law).

Claimants are the parties who suffer a harm and the parties some rule would
make another liable to; the parties who could answer are every other party of
the incident.
"""
from __future__ import annotations

from dutybound.engine.defeasible import DEFEATER, PROVED, REFUTED
from dutybound.engine.proof import atom_text, triple_of
from dutybound.engine.testjson import test_of
from dutybound.values import to_json

CONCLUSIONS = ("⊢liable", "⊢duty", "⊢breach", "⊢reduction")
STATUSES = ("liable", "not liable", "unknown", "outside")


def claims_of(kb, assessment) -> tuple[list, dict]:
    """(claims, reach) of an assessment."""
    from dutybound.engine.report import winning_heads
    ev = assessment.evaluation
    facts = ev.facts
    states = LiteralStates(ev)
    instances = _liability_instances(ev)
    won = {(run_i, m.instance) for run_i, run in enumerate(ev.runs)
           for m, _, gh in winning_heads(run) if gh.atom[0] == "⊢liable"}
    parties = sorted(x for x in facts.individuals if (x, "a", "Party") in facts.true)
    claimants = {x for x in parties if (x, "a", "Victim") in facts.true}
    claimants |= {v for (_, v), insts in instances.items()     # some rule would make another liable
                  if isinstance(v, str) and any(gh.positive or (r, i) in won  # to v, or frees it
                                                for r, i, gh in insts)}
    payments = {x for x in facts.individuals if (x, "a", "Payment") in facts.true}
    harms = {x for x in facts.individuals if (x, "a", "Harm") in facts.true}
    held = None                     # computed once, only if a claim lies outside
    out = []
    for v in sorted(claimants):
        for p in parties:
            if p == v:
                continue
            insts = instances.get((p, v), [])
            claim = {"claimant": v, "party": p, "jurisdiction": assessment.jurisdiction,
                     **_judge(kb, assessment, states, insts, won, p, v)}
            by_harm = {}
            for run_i, i, gh in (x for x in insts if x[2].positive):   # a payment is the unit of loss
                bound = {x for x in ev.runs[run_i].instances[i].binding.values() if isinstance(x, str)}
                for x in (bound & payments) or (bound & harms):
                    by_harm.setdefault(x, []).append((run_i, i, gh))
            if len(by_harm) > 1 or (by_harm and claim["status"] != "liable"):
                claim["by_harm"] = [{"harm": h, **{k: w for k, w in _judge(
                    kb, assessment, states, hs, won, p, v).items() if k in ("status", "basis", "why", "reasons")}}
                    for h, hs in sorted(by_harm.items())]
            if claim["status"] == "outside":
                if held is None:
                    held = _reach_on_other_dates(kb, assessment)
                claim.update(_outside(kb, assessment, held.get((p, v), {})))
            out.append(claim)
    reach = {s: sum(c["status"] == s for c in out) for s in STATUSES}
    reach["complete"] = reach["outside"] == 0
    return out, reach


# ----------------------------------------------------------------- one claim

def _judge(kb, a, states, insts, won, party_id, claimant_id) -> dict:
    """Status, basis, reasons and a sentence for a claim, from the rule
    instances with a `liable` or `not liable` conclusion for it."""
    labels = getattr(a.incident, "labels", {}) or {}
    party, claimant = labels.get(party_id, party_id), labels.get(claimant_id, claimant_id)
    runs = a.evaluation.runs
    provision = lambda run_i, i: runs[run_i].instances[i].rule.cites     # noqa: E731
    liable = sorted({provision(r, i) for r, i, gh in insts if gh.positive and (r, i) in won})
    if liable:
        return {"status": "liable", "basis": liable, "reasons": [],
                "why": f"{party} is liable to {claimant} under {', '.join(_titles(kb, liable))}."}
    freed = sorted({provision(r, i) for r, i, gh in insts if not gh.positive and (r, i) in won})
    if freed:
        return {"status": "not liable", "basis": freed,
                "reasons": [{"kind": "exemption", "provision": b} for b in freed],
                "why": f"{party} is not liable to {claimant}: {', '.join(_titles(kb, freed))} "
                       f"exempts it."}
    positive = [(r, i) for r, i, gh in insts if gh.positive]
    if not positive:
        return {"status": "outside", "basis": [], "reasons": []}
    reasons, unknown = [], False
    for run_i, i in positive:
        why, is_unknown = _why_instance(a, states, run_i, i, claimant_id)
        unknown |= is_unknown
        reasons.extend(why)
    basis = sorted({r["provision"] for r in reasons})
    status = "unknown" if unknown else "not liable"
    # one order whatever the order the rules were found in (tests/engine/test_properties.py)
    reasons = sorted(reasons, key=lambda r: (str(r.get("provision") or ""), r["kind"],
                                             str(r.get("fact") or ""), str(r.get("rule") or "")))
    facts = sorted({f for r in reasons if r["kind"] == "element unknown"
                    for f in r["rests_on"] or [r["fact"]]})
    asked = set().union(*(r["_triples"] for r in reasons if "_triples" in r))
    reasons = [{k: v for k, v in r.items() if k != "_triples"} for r in reasons]
    index = _questions_by_triple(states, a)
    questions = [f for _, f in sorted(x for triple in asked for x in index.get(triple, ()))]
    if status == "unknown":
        why = (f"Whether {party} is liable to {claimant} under {', '.join(_titles(kb, basis))} "
               f"depends on what the incident leaves unknown"
               + (f": {'; '.join(facts)}" if facts else "")
               + ". Until it is established, the party who must prove it loses.")
    else:
        why = (f"{party} is not liable to {claimant}: the rules of "
               f"{', '.join(_titles(kb, basis))} that reach the claim fail ("
               + "; ".join(_reason_text(r) for r in reasons) + ").")
    triples = {tuple(sorted(t.items())): t for r in reasons for t in r.get("rests_on_triples", [])}
    return {"status": status, "basis": basis, "reasons": reasons,
            "unknown_facts": facts, "unknown_triples": list(triples.values()),
            "open_questions": questions, "why": why}


def _questions_by_triple(states, a) -> dict:
    """(subject, property, object) -> the open questions' keys, once per
    assessment: each claim and each harm scanning every open question made the
    claims quadratic with the search on (10,000 payments ask some 120,000)."""
    if states.questions_by_triple is None:
        states.questions_by_triple = {}
        for n, q in enumerate(a.open_questions or ()):     # n keeps the questions' order
            states.questions_by_triple.setdefault((q["subject"], q["property"], q["object"]),
                                                  []).append((n, q["fact"]))
    return states.questions_by_triple


def _why_instance(a, states, run_i, i, claimant) -> tuple[list, bool]:
    """Why one rule instance that would make the party liable did not:
    (reasons, whether only unknown facts stand in its way)."""
    run = a.evaluation.runs[run_i]
    inst = run.instances[i]
    res = run.result
    base = {"rule": inst.rule.id, "provision": inst.rule.cites}
    applies = res.status[run.applies[i]]
    heads, exceptions = a.prover.theory_rules(run, i)
    if applies == PROVED:                 # it applies, but its conclusion lost
        for r in heads:
            if res.beaten_by[r]:
                w = res.beaten_by[r][0]
                reason = run.sup_reason.get((w, r), "a superior rule")
                return [{**base, "kind": "beaten", "by": run.instances[run.meta[w].instance].rule.id,
                         "reason": reason}], False
        return [{**base, "kind": "conflict"}], True
    out = []
    for r in exceptions:                  # a defence established against a complete claim
        m = run.meta[r]
        if res.applicable[r] and res.applicable[m.claim]:
            exc = m.exception
            who = inst.binding.get(exc.proved_by.name) if exc.proved_by else None
            text = " and ".join(atom_text(run.atom_list[l >> 1], not (l & 1)) for l in run.theory.bodies[r])
            out.append({**base, "kind": "defence", "fact": text, "proved_by": who})
    if out:
        return out, False
    unknown_only = True
    implied = _implied_links(run, inst.body)
    for atom, positive in inst.body:
        lit = run.lit(atom, positive)
        if res.status[lit] == PROVED or atom in implied:
            continue
        state = states.of(run_i, lit)
        if state == "unknown":
            leaves = sorted(states.leaves(run_i, lit), key=repr)
            out.append({**base, "kind": "element unknown", "fact": atom_text(atom, positive),
                        "burden": claimant, "rests_on": [atom_text(x, pos) for x, pos in leaves],
                        "rests_on_triples": [{"subject": x[1], "property": x[0], "object": to_json(x[2]),
                                              "positive": pos} for x, pos in leaves if triple_of(x)],
                        "_triples": {(x[1], x[0], str(x[2])) for x, _ in leaves if triple_of(x)},
                        **_test_of(run, atom)})
        else:
            unknown_only = False
            out.append({**base, "kind": "element false", "fact": atom_text(atom, positive)})
    if applies != REFUTED:                # undecided: a loop the solver could not settle
        out.append({**base, "kind": "conflict"})
    return out, unknown_only and bool(out)


def _test_of(run, atom) -> dict:
    """An open `where` test's meaning beside its notation (engine/testjson.py)."""
    test = test_of(run, atom)
    return {"test": test} if test is not None else {}


def _implied_links(run, body) -> set:
    """The links of an instance that another of its links implies: `loss1
    causedBy zfb` beside `loss1 causedByFaultOf zfb` (a sub-property between the
    same individuals) is not a second fact the claim turns on."""
    ups = getattr(run.grounder.vocab, "superproperties", {})
    links = [a for a, positive in body if positive and len(a) == 3 and a[0] != "a"
             and not a[0].startswith("⊢")]
    return {a for a in links for b in links
            if b[0] != a[0] and a[0] in ups.get(b[0], ()) and b[1:] == a[1:]}


def _reason_text(r) -> str:
    kind = r["kind"]
    if kind == "element false":
        return f"{r['fact']} is established false ({r['provision']})"
    if kind == "element unknown":
        return f"{r['fact']} is not established ({r['provision']})"
    if kind == "defence":
        by = f", proved by {r['proved_by']}" if r.get("proved_by") else ""
        return f"the defence that {r['fact']} is established{by} ({r['provision']})"
    if kind == "beaten":
        return f"{r['provision']} gives way: {r['reason']}"
    if kind == "exemption":
        return f"{r['provision']} exempts it"
    return f"an unresolved conflict ({r['provision']})"


def _titles(kb, ids) -> list[str]:
    return [kb.provisions[i].title if i in kb.provisions else i for i in ids]


# ----------------------------------------------------------------- outside

def _reach_on_other_dates(kb, a) -> dict:
    """(party, claimant) -> {provision id: provision} for the provisions of the
    assessment's jurisdiction that the law in time kept from these facts
    (left out, or governing none of the facts they met) and whose rules reach
    the claim when the incident is assessed with every version at once.
    Grounding alone says whether a rule reaches a claim, so the versions are
    simply not guarded here."""
    from dutybound.engine.assess import evaluate_strata
    from dutybound.engine.report import Context
    kept_out = {p["id"] for p in a.law_not_in_force}
    if not kept_out:
        return {}                          # every version held governs: nothing else reaches
    juris = a.jurisdiction
    strata = [[r for r in s if juris is None or kb.provisions[r.cites].jurisdiction == juris]
              for s in kb.strata]
    ev = evaluate_strata(kb, strata, a.evaluation.facts, Context(a.incident.calendars))
    out: dict = {}
    for (p, v), insts in _liability_instances(ev).items():
        for run_i, i, gh in insts:
            pid = ev.runs[run_i].instances[i].rule.cites
            if gh.positive and pid in kept_out:
                out.setdefault((p, v), {})[pid] = kb.provisions[pid]
    return out


def _facts_date(a):
    time = getattr(a.evaluation, "time", None)
    return (time.dates.as_of or time.dates.incident) if time else a.as_of


def _outside(kb, a, held: dict) -> dict:
    versions = [{"id": p.id, "title": p.title, "effective": p.effective.isoformat(),
                 "repealed": p.repealed.isoformat() if p.repealed else None}
                for p in sorted(held.values(), key=lambda p: (p.effective, p.id))]
    on = _facts_date(a)
    if not versions:
        why = (f"No provision the knowledge base holds reaches this claim"
               + (f" under {a.jurisdiction} law" if a.jurisdiction else "")
               + f" for facts of {on}. That is not a finding that the party is not liable: the law may "
                 "give a claim the knowledge base does not hold (a contract, general tort, "
                 "another field).")
        return {"why": why, "held_versions": []}
    before = all(on < p.effective for p in held.values())
    after = all(p.repealed is not None and on >= p.repealed for p in held.values())
    span = "before all of them" if before else "after all of them" if after else "outside each of them"
    listed = "; ".join(f"{p.title} ({_span(p)})" for p in sorted(held.values(), key=lambda p: (p.effective, p.id)))
    why = (f"No provision held covers this claim for facts of {on}. The knowledge base holds "
           f"versions of the law that reach it on other dates: {listed}; the date falls {span}.")
    return {"why": why, "held_versions": versions}


def _span(p) -> str:
    """'in force 2010-07-01 to 2020-12-31' (the last day, not the day of repeal)."""
    import datetime as dt
    if p.repealed is None:
        return f"in force from {p.effective}"
    return f"in force {p.effective} to {p.repealed - dt.timedelta(days=1)}"


# ----------------------------------------------------------------- shared

def _liability_instances(ev) -> dict:
    """(party, claimant) -> [(run index, instance index, ground head)] for every
    rule instance with a `liable` or `not liable` conclusion."""
    out: dict = {}
    for run_i, run in enumerate(ev.runs):
        for i, inst in enumerate(run.instances):
            for gh in inst.heads:
                if gh.atom[0] == "⊢liable":
                    out.setdefault((gh.atom[1], gh.atom[2]), []).append((run_i, i, gh))
    return out


class LiteralStates:
    """Whether a literal that was not proved failed on the facts ("false": it,
    or an element it rests on, is established false, or a defence or a superior
    rule defeated it) or only for want of facts ("unknown": it rests on facts
    the incident leaves unknown, which the burden of proof decides)."""

    def __init__(self, ev):
        self.ev = ev
        self.memo: dict = {}
        self.questions_by_triple = None     # (s, p, o) -> open questions (_questions_by_triple)
        self.rules_for: dict = {}          # (run, literal) -> theory rules with that head
        self.home: dict = {}               # atom -> runs whose rules conclude it
        for run_i, run in enumerate(ev.runs):
            for r, h in enumerate(run.theory.heads):
                self.rules_for.setdefault((run_i, h), []).append(r)
                if run.theory.kinds[r] != DEFEATER:
                    self.home.setdefault(run.atom_list[h >> 1], set()).add(run_i)

    def of(self, run_i: int, lit: int) -> str:
        key = (run_i, lit)
        if key not in self.memo:
            self.memo[key] = "false"       # a loop back here decides nothing new
            self.memo[key] = self._state(run_i, lit)
        return self.memo[key]

    def _state(self, run_i, lit) -> str:
        run = self.ev.runs[run_i]
        atom, positive = run.atom_list[lit >> 1], not (lit & 1)
        if run.result.status[lit] == PROVED:
            return "established"
        if (lit ^ 1) in run.theory.facts:
            return "false"
        t = triple_of(atom)
        if t is not None and self.ev.facts.value(t) is not None:
            return "false"                 # the incident settles it the other way
        supporters = [r for r in self.rules_for.get((run_i, lit), ())
                      if run.theory.kinds[r] != DEFEATER]
        if supporters:
            return "unknown" if any(self._rule_unknown(run_i, r) for r in supporters) else "false"
        for other in sorted(self.home.get(atom, ()), reverse=True):
            if other != run_i:             # concluded (or not) in an earlier stratum
                olit = self.ev.runs[other].lit(atom, positive)
                if olit is not None:
                    return self.of(other, olit)
        if t is not None:
            return "unknown"               # a fact the incident leaves open
        if atom[0].startswith("⊢") and atom[0] not in CONCLUSIONS + ("⊢applies",):
            return "unknown"               # an element the engine could not settle (a test on unknowns)
        return "false"

    def leaves(self, run_i: int, lit: int, seen=None) -> set:
        """The unknown facts (atoms) an "unknown" literal rests on, down through the
        rules that could have concluded it."""
        seen = set() if seen is None else seen
        if (run_i, lit) in seen or self.of(run_i, lit) != "unknown":
            return set()
        seen.add((run_i, lit))
        run = self.ev.runs[run_i]
        atom = run.atom_list[lit >> 1]
        supporters = [r for r in self.rules_for.get((run_i, lit), ())
                      if run.theory.kinds[r] != DEFEATER and self._rule_unknown(run_i, r)]
        if not supporters:
            for other in sorted(self.home.get(atom, ()), reverse=True):
                olit = self.ev.runs[other].lit(atom, not (lit & 1))
                if other != run_i and olit is not None:
                    return self.leaves(other, olit, seen)
            return {(atom, not (lit & 1))}
        out: set = set()
        for r in supporters:
            for l in run.theory.bodies[r]:
                if run.result.status[l] != PROVED:
                    out |= self.leaves(run_i, l, seen)
        return out

    def _rule_unknown(self, run_i, r) -> bool:
        """A supporting rule that fails only on unknown literals (and is not
        defeated by an established exception or a superior rule)."""
        run = self.ev.runs[run_i]
        res = run.result
        if res.applicable[r]:
            return bool(not res.beaten_by[r])      # applicable, yet its head failed: a conflict
        blocked = [l for l in run.theory.bodies[r] if res.status[l] != PROVED]
        return bool(blocked) and all(self.of(run_i, l) == "unknown" for l in blocked)
