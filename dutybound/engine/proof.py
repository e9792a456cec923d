"""Proofs: why each conclusion holds (or fails), read off the decided theory.

A proof node names the rule and its provision (with the statute's text),
the variable bindings, every element of the claim with where it came from
(a line of the incident file, an ontology axiom, an earlier conclusion),
every exception with who had to prove it and whether it was established,
and every competing rule with the reason it lost.
"""
from __future__ import annotations

import hashlib
import datetime as dt

from dutybound.engine.defeasible import PROVED, REFUTED
from dutybound.engine.expr import EvalError, evaluate, expr_text, free_vars
from dutybound.engine.testjson import test_json, test_of
from dutybound.rules.ast import Aggregate, BinOp, Call, Let, Test
from dutybound.values import show, to_json


def atom_text(atom, positive=True) -> str:
    p = atom[0]
    if p == "⊢liable":
        t = f"{atom[1]} is liable to {atom[2]}"
    elif p == "⊢duty":
        t = f"{atom[1]} owes {atom[2]}" + (f" to {atom[3]}" if atom[3] is not None else "")
    elif p == "⊢breach":
        t = f"{atom[1]} breached {atom[2]}" + (f" toward {atom[3]}" if atom[3] is not None else "")
    elif p == "⊢reduction":
        t = f"{atom[1]}'s liability to {atom[2]} may be reduced for the victim's fault"
    elif p == "⊢applies":
        t = f"rule instance {atom[1]} applies"
    elif p == "⊢test":                # a `where` test over values the incident leaves open
        t = f"where {atom[2]}"
    elif p == "⊢value":               # a value the incident may or may not have
        t = f"{atom[1]} has a {atom[2]}"
    elif p == "⊢governs":
        t = f"the version of {atom[1]} in force for {', '.join(atom[2]) or 'the incident'} governs"
    elif p == "⊢timebarred":
        t = f"{atom[2]}'s claim against {atom[1]} under {atom[4]} is time-barred"
    else:
        t = f"{atom[1]} {p} {show(atom[2])}"
    return t if positive else f"not ({t})"


def atom_json(atom, positive=True) -> dict:
    """A conclusion as data, for renderers that phrase it: {kind: liable | duty |
    breach | reduction, party, to, duty?, positive}; a fact as {kind: fact, subject,
    property, object, positive}."""
    p = atom[0]
    if p in ("⊢liable", "⊢reduction"):
        return {"kind": p[1:], "party": atom[1], "to": atom[2], "positive": positive}
    if p in ("⊢duty", "⊢breach"):
        return {"kind": p[1:], "party": atom[1], "duty": atom[2], "to": atom[3], "positive": positive}
    if p.startswith("⊢"):
        return {"kind": p[1:], "positive": positive}
    return {"kind": "fact", "subject": atom[1], "property": p, "object": to_json(atom[2]),
            "positive": positive}


def triple_of(atom):
    """The incident triple (s, p, o) of a fact atom, or None for conclusions."""
    if atom[0].startswith("⊢"):
        return None
    return (atom[1], atom[0], atom[2])


class Prover:
    def __init__(self, kb, ev):
        self.kb, self.ev = kb, ev
        self.proofs: dict = {}          # id -> node
        self._ids: dict = {}            # (run, instance) -> id
        self._by_run: dict = {}         # id(run) -> theory rules by instance and head

    # -- elements ------------------------------------------------------
    def element(self, atom, positive=True) -> dict:
        out = self._element(atom, positive)
        t = triple_of(atom)
        if out.get("source", {}).get("kind") in ("law in time", "limitation"):
            return out                  # a sentence of its own (kb/intime.py), not a fact or conclusion
        if t is not None:
            out["triple"] = {"subject": t[0], "property": t[1], "object": to_json(t[2]),
                             "positive": positive}
        else:
            out["conclusion"] = atom_json(atom, positive)
        return out

    def _element(self, atom, positive=True) -> dict:
        time = getattr(self.ev, "time", None)
        special = time.element(atom, positive) if time is not None else None
        if special is not None:
            return special
        text = atom_text(atom, positive)
        t = triple_of(atom)
        facts = self.ev.facts
        if t is not None:
            src = (facts.true if positive else facts.false).get(t)
            if src is not None:
                return {"fact": text, "status": "established", "source": source_json(src)}
        key = (atom, positive)
        run_i = self.ev.derived_in.get(key)
        if run_i is not None:
            ids = self.support_ids(run_i, atom, positive)
            return {"fact": text, "status": "proved", "proofs": ids}
        if t is not None and facts.value(t) is None:
            return {"fact": text, "status": "unknown",
                    "note": "not established by the facts: whoever must prove it fails"}
        if atom[0] in ("⊢test", "⊢value"):
            out = {"fact": text, "status": "unknown", "depends_on": self._depends(atom),
                   "note": "rests on values or facts the incident does not state: whoever "
                           "must prove it fails"}
            test = self._test(atom) if atom[0] == "⊢test" else None
            if test is not None:
                out["test"] = test     # what the notation stands for (engine/testjson.py)
            return out
        if atom in self.ev.store.maybe.all:
            return {"fact": text, "status": "unknown",
                    "note": "not proved, but would follow in some completion of the unknown facts"}
        return {"fact": text, "status": "not established"}

    def _depends(self, atom) -> list:
        """What would settle an unknown test: the values and facts it rests on."""
        if atom[0] == "⊢value":
            return [f"the {atom[2]} of {atom[1]}"]
        for run in self.ev.runs:
            t = run.tests.get(atom)
            if t is not None:
                out = sorted(f"the {s[2]} of {s[1]}" if s[0] == "value" else f"{s[1]} {s[2]} {show(s[3])}"
                             for s in t.sources if s[0] in ("value", "fact"))
                if ("maybe",) in t.sources:
                    out.append("conclusions not yet proved")
                return out
        return []

    def _test(self, atom):
        return next((t for run in self.ev.runs if (t := test_of(run, atom)) is not None), None)

    def support_ids(self, run_i, atom, positive=True) -> list:
        run = self.ev.runs[run_i]
        lit = run.lit(atom, positive)
        out = []
        for r in self._winning(run, lit):
            m = run.meta[r]
            if m.kind == "head":
                out.append(self.instance_proof(run_i, m.instance))
            elif m.kind == "axiom":
                out.append(self.axiom_proof(run_i, m.link))
        return out

    # -- nodes ---------------------------------------------------------
    def axiom_proof(self, run_i, link) -> str:
        sub, sup = link
        pid = f"ax:{sub[1]}:{sup[2]}"
        if pid not in self.proofs:
            self.proofs[pid] = {"id": pid, "conclusion": atom_text(sup), "status": "proved",
                                "head": atom_json(sup), "axiom": f"{sub[2]} ⊑ {sup[2]}",
                                "elements": [self.element(sub)]}
        return pid

    def instance_proof(self, run_i, i) -> str:
        key = (run_i, i)
        if key in self._ids:
            return self._ids[key]
        run = self.ev.runs[run_i]
        inst = run.instances[i]
        pid = _proof_id(inst, self.proofs)
        self._ids[key] = pid
        node = {"id": pid}
        self.proofs[pid] = node
        applies = run.applies[i]
        status = run.result.status[applies]
        prov = self.kb.provisions[inst.rule.cites]
        node.update({
            "rule": inst.rule.id,
            "status": {PROVED: "applies", REFUTED: "does not apply"}.get(status, "undecided"),
            "conclusions": [atom_text(h.atom, h.positive) for h in inst.heads],
            "heads": [atom_json(h.atom, h.positive) for h in inst.heads],
            "at": self.rule_at(inst.rule),
            "provision": provision_json(prov, getattr(self.kb, "provision_packs", {}).get(prov.id)),
            **self._version(run, i),
            "bindings": {k: to_json(v) for k, v in inst.binding.items()},
            "elements": [self.element(a, pos) for a, pos in inst.body],
            "exceptions": self.exceptions(run, i),
            "competing": self.competing(run_i, i),
        })
        tests = [expr_text(c.expr, inst.binding) for c in inst.rule.conditions if isinstance(c, Test)]
        if tests:
            node["tests"] = tests          # each held: the instance exists only if they do
        computed = self.computed_dates(inst)
        if computed:
            node["computed"] = computed
        compared = self.compared_dates(inst)
        if compared:
            node["compared"] = compared
        if inst.rule.note:
            node["note"] = inst.rule.note
        if inst.rule.closes:          # the law reads these lists as complete (semantics §9.6)
            node["assumed_complete"] = {
                "lists": list(inst.rule.closes), "why": inst.rule.closes_because,
                "text": f"no {', '.join(inst.rule.closes)} beyond those stated is assumed: "
                        f"{inst.rule.closes_because}"}
        if inst.aggregates:
            node["aggregated"] = {v: [atom_text(a) for a in atoms]
                                  for v, atoms in inst.aggregates.items()}
        return pid

    def _winning(self, run, lit) -> list:
        res = run.result
        all_by_head = self._index(run)[3]
        return [r for r in all_by_head.get(lit, ())
                if res.applicable[r] and not res.beaten_by[r] and run.theory.kinds[r] == 0]

    def theory_rules(self, run, i) -> tuple:
        """(head rules, exception rules) of rule instance i, from the index built
        once per run (explain/claims.py asks it for every instance)."""
        excs, heads = self._index(run)[:2]
        return heads.get(i, ()), excs.get(i, ())

    def _index(self, run):
        """Theory rules by instance and by head literal, once per run (a proof
        per instance must not scan the whole theory)."""
        hit = self._by_run.get(id(run))
        if hit is None:
            excs, heads, by_lit, all_by_head = {}, {}, {}, {}
            for r, h in enumerate(run.theory.heads):
                all_by_head.setdefault(h, []).append(r)
            for r, m in enumerate(run.meta):
                if m.kind == "exception":
                    excs.setdefault(m.instance, []).append(r)
                elif m.kind == "head":
                    heads.setdefault(m.instance, []).append(r)
                    by_lit.setdefault(run.theory.heads[r], []).append(r)
            hit = self._by_run[id(run)] = (excs, heads, by_lit, all_by_head)
        return hit

    def _version(self, run, i) -> dict:
        """The version of the law that governs the instance, and why (kb/versions.py)."""
        time = getattr(self.ev, "time", None)
        if time is None:
            return {}
        for atom, _ in run.instances[i].body:
            if atom[0] == "⊢governs" and atom in time.versions.explained:
                return {"version": time.versions.explained[atom]}
        return {}
    def computed_dates(self, inst) -> list:
        """The dates the rule computed for this instance (the deadlines a picture may
        draw): each `let ?v = EXPR` whose value is a date, and each date-shifting call
        inside a `where` test (`add_days(date_of(?first), 60)`), with the expression
        as written and its value. Nothing is decided here: the values are the ones
        the grounder's tests used, evaluated again under the instance's binding."""
        out, seen = [], set()

        def add(var, expr, value):
            if not isinstance(value, (dt.date, dt.datetime)):
                return
            key = (var, expr_text(expr), value)
            if key not in seen:
                seen.add(key)
                out.append({"var": var, "expr": expr_text(expr), "value": to_json(value),
                            "used": sorted(free_vars(expr))})
        for c in inst.rule.conditions:
            if isinstance(c, Let) and _shifts_a_date(c.expr) and c.var.name in inst.binding:
                add(c.var.name, c.expr, inst.binding[c.var.name])
            elif isinstance(c, Test):
                for call in _date_shifts(c.expr):
                    try:
                        add(None, call, evaluate(call, inst.binding, getattr(self.ev, "ctx", None)))
                    except (EvalError, KeyError, TypeError, AttributeError):
                        continue           # not evaluable here (no calendar): not drawn
        return out

    def compared_dates(self, inst) -> list:
        """Each `where` test that compares two dates (`date_of(?tn) > ?end`), both
        sides evaluated under the instance's binding: which event came before or
        after which deadline, as the rule itself compared them (a picture marks
        the deadline met or missed). The test held, or the instance would not exist."""
        out = []
        for c in inst.rule.conditions:
            if not (isinstance(c, Test) and isinstance(c.expr, BinOp) and c.expr.op in ("<", "<=", ">", ">=")):
                continue
            try:
                sides = [evaluate(e, inst.binding, getattr(self.ev, "ctx", None)) for e in (c.expr.left, c.expr.right)]
            except (EvalError, KeyError, TypeError, AttributeError):
                continue
            if all(isinstance(v, (dt.date, dt.datetime)) for v in sides):
                out.append({"op": c.expr.op, **{side: {"expr": expr_text(e), "value": to_json(v),
                                                       "used": sorted(free_vars(e))}
                                                for side, e, v in (("left", c.expr.left, sides[0]),
                                                                   ("right", c.expr.right, sides[1]))}})
        return out

    def rule_at(self, rule) -> str | None:
        """Where the rule is written, as file:line relative to the knowledge base."""
        pos = rule.pos
        if pos is None or not pos.path:
            return None
        from pathlib import Path
        path = Path(pos.path)
        try:
            path = path.resolve().relative_to(Path(self.kb.root).resolve())
        except ValueError:
            pass
        return f"{path.as_posix()}:{pos.line}"

    def exceptions(self, run, i) -> list:
        out = []
        for r in self._index(run)[0].get(i, ()):
            m = run.meta[r]
            inst = run.instances[i]
            exc = m.exception
            who = inst.binding.get(exc.proved_by.name) if exc.proved_by else None
            lits = run.theory.bodies[r]
            elems = [self.element(run.atom_list[l >> 1], not (l & 1)) for l in lits]
            established = run.result.applicable[r]
            if established and not elems:
                elems = self._settled_tests(exc, inst)
            if established:
                why = "established, so the defence succeeds and the rule does not apply"
            else:
                why = ("not established" + (f"; the burden of proving it lies on {who}" if who else "")
                       + ", so the defence fails")
            out.append({"exception": " and ".join(e["fact"] for e in elems),
                        "proved_by": who, "established": bool(established),
                        "why": why, "elements": elems})
        return out

    def _settled_tests(self, exc, inst) -> list:
        """An exception established on the settled facts alone leaves the grounder no
        literal to show (a third party is stated to have made the payment: the count
        is 1, its test holds): its `where` tests, as the elements the proof names, so
        that the defence says what was established rather than nothing."""
        out, scope = [], tuple(inst.rule.conditions) + tuple(exc.conditions)
        for c in exc.conditions:
            if isinstance(c, Test):
                test = test_json(c, inst.binding, scope)
                if test is not None:
                    out.append({"fact": "where " + expr_text(c.expr), "status": "established",
                                "conclusion": {"kind": "test", "positive": True}, "test": test})
        return out

    def competing(self, run_i, i) -> list:
        run = self.ev.runs[run_i]
        out = []
        _, heads, by_lit, _ = self._index(run)
        for h in run.instances[i].heads:
            lit = run.lit(h.atom, h.positive)
            mine = [r for r in heads.get(i, ()) if run.theory.heads[r] == lit]
            for r in by_lit.get(lit ^ 1, ()):
                m = run.meta[r]
                other = run.instances[m.instance]
                entry = {"rule": other.rule.id, "provision": other.rule.cites,
                         "conclusion": atom_text(h.atom, not h.positive)}
                reason = next((run.sup_reason[(w, r)] for w in mine if (w, r) in run.sup_reason), None)
                lost = next((run.sup_reason[(r, w)] for w in mine if (r, w) in run.sup_reason), None)
                if not run.result.applicable[r]:
                    entry["outcome"] = "does not apply"
                    entry["proof"] = self.instance_proof(run_i, m.instance)
                elif reason:
                    entry["outcome"] = f"beaten: {reason}"
                elif lost:
                    entry["outcome"] = f"prevails: {lost}"
                else:
                    entry["outcome"] = "unresolved conflict: no priority decides between them"
                out.append(entry)
        return out

    def explain_failure(self, atom, positive=True) -> dict:
        """Why a conclusion was not reached: every rule that could give it."""
        tried = []
        for run_i, run in enumerate(self.ev.runs):
            lit = run.lit(atom, positive)
            if lit is None:
                continue
            for r in self._index(run)[2].get(lit, ()):
                tried.append(self.instance_proof(run_i, run.meta[r].instance))
        return {"conclusion": atom_text(atom, positive), "status": "not proved",
                "rules_tried": tried}


def matched_binding(inst) -> dict:
    """An instance's binding without the values it computes (`let`, count, sum):
    what its patterns matched, which is what tells one instance from another."""
    computed = {c.var.name for c in inst.rule.conditions if isinstance(c, (Let, Aggregate))}
    return {k: v for k, v in inst.binding.items() if k not in computed}


def _proof_id(inst, taken) -> str:
    """`rule#3f2a9c01`: named by the rule and a digest of the binding its patterns
    matched, so that the same instance has the same id in every assessment (a
    what-if that removes another instance does not renumber this one). Values the
    instance computes (`let`, a count or sum) are left out: they are shown in the
    proof, and a what-if that removes one row of a count leaves the instance the
    same instance with another count, not a new one."""
    key = repr(sorted((k, repr(v)) for k, v in matched_binding(inst).items()))
    pid = f"{inst.rule.id}#{hashlib.sha1(key.encode()).hexdigest()[:8]}"
    n = 2
    base = pid
    while pid in taken:
        pid = f"{base}-{n}"
        n += 1
    return pid
SHIFTS = ("add_days", "add_business_days", "add_months")


def _shifts_a_date(expr) -> bool:
    return bool(_date_shifts(expr))


def _date_shifts(expr) -> list:
    """The outermost calls that move a date (add_days, add_business_days, add_months)."""
    if isinstance(expr, Call):
        if expr.func in SHIFTS:
            return [expr]
        return [c for a in expr.args for c in _date_shifts(a)]
    if isinstance(expr, BinOp):
        return _date_shifts(expr.left) + _date_shifts(expr.right)
    return []


def _winning_rules(run, lit) -> list:
    res = run.result
    return [r for r, h in enumerate(run.theory.heads)
            if h == lit and res.applicable[r] and not res.beaten_by[r]
            and run.theory.kinds[r] == 0]


def provision_json(p, pack=None) -> dict:
    """A provision as JSON; `pack` is the rule pack it comes from (kb/packs.py), if any."""
    out = {"id": p.id, "title": p.title, "jurisdiction": p.jurisdiction,
           "effective": p.effective.isoformat(),
           "repealed": p.repealed.isoformat() if p.repealed else None,
           "original": p.text_original, "language": p.language, "en": " ".join(p.text_en.split()),
           "verified": p.verified, "burden": p.burden, "url": p.url}
    if pack is not None:
        out["pack"] = pack.label
    return out


def source_json(src) -> dict:
    out = {"kind": src.kind, "detail": src.detail}
    if src.path:
        out["path"] = src.path
    if src.line:
        out["line"] = src.line
    if src.premises:
        out["premises"] = [f"{s} {p} {show(o)}" for (s, p, o) in src.premises]
    return out
