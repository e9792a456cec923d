"""Re-deciding an assessment with one fact changed, touching only what depends
on it: the open-question search asks this once or twice per unknown fact, so
it must cost what the fact reaches, not what the incident holds
(bench/README.md, "Large incidents").

`Delta(kb, assessment).change(triple, value)` returns the outcome keys gained
and lost when the triple is assumed true (or false), or None when the change
reaches something only a full re-assessment decides exactly; the caller then
re-assesses. It is exact where it answers (tests/engine/test_unknowns.py
compares it with full re-assessment on every bundled example):

1. the ontology's consequences of the fact are found by applying the ontology
   from the fact forward over the closed facts (saturate.Closure.extend);
2. the grounding must not change in a way that matters: a new true atom that
   a rule could match with a binding the base grounding never built (found by
   joining the rule from that atom, as a semi-naive round would), or any atom
   an aggregate or an existential exception ranges over, sends the question
   to a full re-assessment;
3. each stratum's ground theory is re-decided from the changed literals
   forward (engine/redecide.py); a stratum that cannot be re-decided that
   way (a cycle, failure by looping) gives None;
4. the outcome keys (report.outcome_of) are updated from the rules whose
   state changed, with a count of how many rules give each key.
"""
from __future__ import annotations

from collections import Counter

from dutybound.engine.atoms import AtomIndex, pattern_of, unify
from dutybound.engine.defeasible import PROVED
from dutybound.engine.facts import Source
from dutybound.engine.ground import Grounder, Store, compiled
from dutybound.engine.redecide import FALLBACK, RunIndex
from dutybound.rules.ast import Aggregate, ConclusionAtom, Triple

_INTERNAL = ("⊢applies", "⊢test", "⊢value")     # literals of the theory, not of the store


class Delta:
    """The open-question search's re-decider for one assessment."""

    def __init__(self, kb, assessment):
        self.kb, self.a = kb, assessment
        self.ev = ev = assessment.evaluation
        self.runs = ev.runs
        self._index: dict = {}
        self._views: dict = {}
        self._tests_idx: dict = {}
        self._probed: dict = {}
        self._settled_now = frozenset()  # atoms true in the change being probed
        self._value_sub = None          # (raw, Unknown) while a value is tried: delta.value_change
        self._pattern_keys: dict = {}
        self._heads_ix: dict = {}
        self._payload_idx: dict = {}
        self._closure = None            # the facts indexed for consequences()
        self.base = Counter()
        self.conflicts = set()
        for i, run in enumerate(self.runs):
            for r, m in enumerate(run.meta):
                if m.kind in ("head", "exception"):
                    ix = None
                    if self._wins(run, r):
                        ix = ix or self.index(i)
                        self.base.update(ix.keys(r))
            from dutybound.engine.report import conflict_pairs
            for lit, _, _ in conflict_pairs(run):
                self.conflicts.add((i, lit >> 1))
        # The search's work, metered where it can grow with the incident (the rows
        # of an aggregate re-settled, the probe's join steps), against a budget
        # proportional to the assessment's own size: past it a question is left
        # unevaluated, so the search stays a bounded multiple of the assessment
        # however large the incident (issue 10). Counted, not timed: the answer
        # does not depend on the machine.
        self.size = sum(len(run.instances) + sum(len(v[1]) for v in run.agg_rows.values())
                        for run in self.runs)
        self.work = 0
        self.level = {}
        for (atom, positive), i in ev.derived_in.items():
            self.level[(atom, positive)] = i
        self.patterns = self._patterns()

    def _wins(self, run, r) -> bool:
        res, m = run.result, run.meta[r]
        if m.kind == "head":
            return (res.applicable[r] and not res.beaten_by[r]
                    and res.status[run.theory.heads[r]] == PROVED)
        return res.applicable[r] and res.applicable[m.claim]

    def index(self, i) -> RunIndex:
        ix = self._index.get(i)
        if ix is None:
            ix = self._index[i] = RunIndex(self.runs[i])
        return ix

    def _patterns(self) -> dict:
        """predicate -> [(run, kind, pattern)]: kind "body" (a rule's positive
        atom), "agg" (an aggregate's atom), "exists" (an existential
        exception's atom)."""
        from dutybound.engine.expr import free_vars
        out: dict = {}
        for i, run in enumerate(self.runs):
            for rule in run.rules:
                atoms, others = compiled(rule)
                for pat, _ in atoms:
                    out.setdefault(pat[0], []).append((i, "body", pat))
                for c, _ in others:
                    if isinstance(c, Aggregate):
                        for x in c.conditions:
                            if isinstance(x, (Triple, ConclusionAtom)):
                                out.setdefault(pattern_of(x)[0], []).append((i, "agg", pattern_of(x)))
                when = free_vars(rule.conditions)
                for exc in rule.exceptions:
                    for c in exc.conditions:
                        if isinstance(c, (Triple, ConclusionAtom)) and free_vars(c) - when:
                            out.setdefault(pattern_of(c)[0], []).append((i, "exists", pattern_of(c)))
                        elif isinstance(c, Aggregate):
                            for x in c.conditions:
                                if isinstance(x, (Triple, ConclusionAtom)):
                                    out.setdefault(pattern_of(x)[0], []).append(
                                        (i, "agg", pattern_of(x)))
        return out

    # -- the ontology's consequences, locally ----------------------------
    def consequences(self, t) -> set:
        """Atoms (p, s, o) that become true with triple t, besides t: the
        ontology applied from t forward over the assessment's (closed) facts,
        which are indexed once (saturate.Closure), so each question costs what
        the triple reaches, not the incident's size."""
        if self._closure is None:
            from dutybound.engine.saturate import Closure
            self._closure = Closure(self.ev.facts.copy(), self.kb.vocab, closed=True)
        new = self._closure.extend(t, Source("assumption", "open question"))
        return {(p, s, o) for (s, p, o) in new}

    # -- the change ------------------------------------------------------
    def change(self, t, value: bool):
        """(gained keys, lost keys) with triple t assumed true or false, or None
        (FALLBACK) when only a full re-assessment can tell."""
        if value:
            atoms = self.consequences(t)
            changes = {a: True for a in atoms}
        else:
            changes = {(t[1], t[0], t[2]): False}
        return self._decide_changes(changes, {})

    def value_change(self, s, p, raw):
        """(gained, lost) with the value of p for s assumed to be raw, or None.
        Exact where every unknown test on that value rests on it alone and can
        be computed from it (values.UnknownTruth probes), and no conclusion
        carries it (an amount): then each such test is decided at raw."""
        key = ("value", s, p)
        if any(self._feeds_payload(i).get(key) for i in range(len(self.runs))):
            return FALLBACK
        tests = {}
        for i, run in enumerate(self.runs):
            for test in self._tests_on(i).get(key, ()):
                t = run.tests[test]
                probe = next((x for x in t.probes if x[0] == key), None)
                if t.sources != {key} or probe is None:
                    return FALLBACK
                _, left, op, right, _ = probe
                try:
                    a, b = left(raw), right(raw)
                    tests[test] = {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b,
                                   "=": a == b, "!=": a != b}[op]
                except Exception:          # noqa: BLE001 - a value the test cannot take
                    return FALLBACK
            tests[("⊢value", s, p)] = True
        changes = {a: True for a in self.consequences((s, p, raw))}
        from dutybound.engine import unknowns
        self._value_sub = (raw, unknowns.value(s, p))
        try:
            return self._decide_changes(changes, tests)
        finally:
            self._value_sub = None

    def _decide_changes(self, changes, tests):
        """Re-decides every stratum with the changed store atoms and the given
        test literals settled (True: holds; False: fails)."""
        initial = dict(changes)
        gained, lost = Counter(), Counter()
        conflicts_now: dict = {}
        for i, run in enumerate(self.runs):
            if not self._grounding_unchanged(i, changes, initial=initial):
                return FALLBACK
            ix = self.index(i)
            settled = self._settled_tests(i, initial)
            if settled is None:
                return FALLBACK
            facts = {}
            for test, holds in list(tests.items()) + [(x, True) for x in settled]:
                k = run.atoms.get(test)
                if k is not None:
                    facts[2 * k], facts[2 * k + 1] = (1, 0) if holds else (0, 1)
            for atom, v in changes.items():
                k = run.atoms.get(atom)
                if k is None:
                    continue
                if v is True:
                    facts[2 * k], facts[2 * k + 1] = 1, 0
                elif v is False:
                    facts[2 * k], facts[2 * k + 1] = 0, 1
                else:
                    facts[2 * k], facts[2 * k + 1] = 0, 0
            if not facts:
                continue
            if not ix.usable:
                return FALLBACK
            ov = ix.redecide(facts)
            if ov is None:
                return FALLBACK
            atoms_touched, rules = set(), set()
            for r in ov["rules"]:
                kind = run.meta[r].kind
                if kind in ("head", "exception"):
                    rules.add(r)
                if kind == "claim":
                    rules.update(ix.claim_excs.get(r, ()))
                if kind == "head":
                    atoms_touched.add(ix.heads[r] >> 1)
            atoms_touched.update(k for k in ov["atoms"] if ix.has_head_rule(k))
            for x in rules:
                before, after = ix.gives(x), ix.gives(x, ov)
                if before != after:
                    (gained if after else lost).update(ix.keys(x))
            for k in atoms_touched:
                had = (i, k) in self.conflicts
                now = ix.conflict(k, ov)
                if had != now:
                    conflicts_now[(i, k)] = now
            moved = {lit >> 1 for lit in ov["status"]}
            for k in moved:
                atom = run.atom_list[k]
                if atom[0] in _INTERNAL:
                    continue
                st = run.result.status
                old = (st[2 * k] == PROVED, st[2 * k + 1] == PROVED)
                new = (ov["status"].get(2 * k, st[2 * k]) == PROVED,
                       ov["status"].get(2 * k + 1, st[2 * k + 1]) == PROVED)
                if old != new:
                    changes[atom] = True if new[0] else False if new[1] else None
        from dutybound.engine.report import conflict_key
        out_g, out_l = set(), set()
        for key in set(gained) | set(lost):
            before = self.base[key]
            after = before + gained[key] - lost[key]
            if before == 0 and after > 0:
                out_g.add(key)
            elif before > 0 and after <= 0:
                out_l.add(key)
        for (i, k), now in conflicts_now.items():
            key = conflict_key(self.runs[i].atom_list[k])
            (out_g if now else out_l).add(key)
        return out_g, out_l

    def _grounding_unchanged(self, i, changes, counts=True, initial=()) -> bool:
        """Whether stratum i grounds as before with the changed atoms: none
        that becomes true lets a rule build an instance the base did not, and
        none is ranged over by an aggregate or an existential exception, unless
        it is one of the `initial` facts (an aggregate row or a defeater that
        could hold: _settled_tests re-decides the tests on it) or `counts` is
        False (only new instances are looked for)."""
        for atom, v in changes.items():
            for j, kind, pat in self.patterns.get(atom[0], ()):
                if j != i or unify(pat, atom, {}) is None:
                    continue
                if kind in ("agg", "exists"):
                    if counts and atom not in initial:
                        return False
                    continue
                store = self.ev.store
                if v is True and atom not in store.true and atom not in store.maybe.all:
                    self._settled_now = frozenset(a for a, x in changes.items() if x is True)
                    if self._new_instances(i, atom):
                        return False
        return True

    def _settled_tests(self, i, initial) -> dict | None:
        """The unknown tests of stratum i that the initial facts settle true:
        each is re-evaluated with the aggregates it rests on recomputed from
        their rows (aggregate.settle). None when a settled fact changes a value
        a conclusion carries (an amount): only a full re-assessment says how."""
        from dutybound.engine.aggregate import combine, settle
        from dutybound.engine.expr import evaluate, truth
        from dutybound.rules.ast import Let
        from dutybound.values import Unknown
        run = self.runs[i]
        keys = {("fact", a[1], a[0], a[2]) for a in initial}
        carried = self._feeds_payload(i)
        for key in keys:
            if any(self._could_apply(run, inst, initial) for inst in carried.get(key, ())):
                return None
        tests = {x for k in keys for x in self._tests_on(i).get(k, ())}
        if not tests:
            return {}
        true_atoms = {a for a, v in initial.items() if v is True}
        false_atoms = {a for a, v in initial.items() if v is False}
        functional = getattr(self.kb.vocab, "functional", frozenset())
        g, ctx = run.grounder, self.ev.ctx
        out = {}
        try:
            for test in tests:
                c, binding, scope = run.test_sites[test]
                b = dict(binding)
                for cond in scope:
                    if cond is c:
                        break
                    name = getattr(getattr(cond, "var", None), "name", None)
                    if name not in b:
                        continue
                    if isinstance(cond, Aggregate):
                        v = b[name]
                        if isinstance(v, Unknown) and v.term in run.agg_rows:
                            agg, rows, group = run.agg_rows[v.term]
                            self.work += len(rows)
                            b[name] = combine(g, agg, settle(rows, true_atoms, false_atoms,
                                                             functional), group)
                    elif isinstance(cond, Let):
                        b[name] = evaluate(cond.expr, b, ctx)
                if truth(evaluate(c.expr, b, ctx)) is True:
                    out[test] = True
        except Exception:                 # noqa: BLE001 - an evaluation problem: re-assess
            return None
        return out

    def _tests_on(self, i) -> dict:
        hit = self._tests_idx.get(i)
        if hit is None:
            hit = self._tests_idx[i] = {}
            for test, t in self.runs[i].tests.items():
                for src in t.sources:
                    hit.setdefault(src, []).append(test)
        return hit

    def _feeds_payload(self, i) -> dict:
        """Question key -> the instances of stratum i whose conclusions carry a
        value (an amount, a share, a derived fact's value) that rests on it."""
        from dutybound.values import Unknown
        hit = self._payload_idx.get(i)
        if hit is None:
            hit = {}
            for inst in self.runs[i].instances:
                for h in inst.heads:
                    for v in list(h.payload.values()) + list(h.atom[1:]):
                        if isinstance(v, Unknown):
                            for src in v.sources:
                                hit.setdefault(src, []).append(inst)
            self._payload_idx[i] = hit
        return hit

    def _could_apply(self, run, inst, settled) -> bool:
        """Whether the instance applies, or could once the settled atoms are:
        no literal of its claim is an unknown fact of the incident besides them."""
        store = self.ev.store
        for atom, positive in inst.body:
            if atom in settled:
                continue
            k = run.atoms.get(atom)
            if k is not None and run.result.status[2 * k + (0 if positive else 1)] == PROVED:
                continue
            if atom[0].startswith("⊢") or atom in store.maybe.all:
                continue                  # a test, a conclusion: it may move with them
            return False
        return True

    def _view(self, i) -> Store:
        """The store as stratum i saw it: what earlier strata settled."""
        hit = self._views.get(i)
        if hit is None:
            store = self.ev.store
            lvl = self.level
            true = AtomIndex(a for a in store.true.all if lvl.get((a, True), -1) < i)
            false = {a for a in store.false if lvl.get((a, False), -1) < i}
            maybe = AtomIndex(base=true)
            for j in range(i):
                for a in self.runs[j].maybe:
                    maybe.add(a)
            hit = self._views[i] = Store(true, false, maybe)
        return hit

    def _new_instances(self, i, atom) -> bool:
        """Whether a rule of stratum i, joined from `atom` as a semi-naive round
        joins a new atom, builds an instance the base grounding did not. The
        aggregates and completions of the base grounding are reused: an atom an
        aggregate ranges over is decided before this is asked."""
        key = (i, atom, self._value_sub is not None, self._settled_now)
        hit = self._probed.get(key)
        if hit is None:
            hit = self._probed[key] = self._probe(i, atom)
        return hit

    def pattern_keys(self, i) -> set:
        """(rule index, binding of the variables its atoms bind) of the base
        instances of stratum i: a value tried for an unknown one is the same
        instance (its lets and tests differ, not its atoms)."""
        hit = self._pattern_keys.get(i)
        if hit is None:
            run = self.runs[i]
            where = {id(r): k for k, r in enumerate(run.rules)}
            hit = self._pattern_keys[i] = {
                (where[id(inst.rule)], _atom_key(inst.rule, inst.binding)) for inst in run.instances}
        return hit

    def _probe(self, i, atom) -> bool:
        view = self._view(i)
        run = self.runs[i]
        g = _Probe(run.rules, view, self.ev.ctx, self.kb.vocab)
        g.base_seen, g.agg_memo, g.run, g.new_atom, g.delta = run.seen, run.agg_memo, run, atom, self
        g.settled = self._settled_now
        g.settled_preds = frozenset(a[0] for a in self._settled_now)
        if run.grounder is not None:
            g._comps = run.grounder._comps
        g.possible = AtomIndex([atom], base=self._heads(i))
        if self._value_sub is not None:
            g.value_sub, g.pattern_keys = self._value_sub, self.pattern_keys(i)
        try:
            for idx, rule in enumerate(run.rules):
                atoms, others = g._compiled[idx]
                g._current = idx
                for k, (pat, _) in enumerate(atoms):
                    b = unify(pat, atom, {}) if pat[0] == atom[0] else None
                    if b is not None:
                        g._join(idx, atoms[:k] + atoms[k + 1:], others, b, [(atom, True)], [])
        except _NewInstance:
            return True
        return False

    def _heads(self, i) -> AtomIndex:
        """What stratum i could conclude, over what it saw: the base of a probe's
        possible atoms (built once per stratum, not once per probe)."""
        hit = self._heads_ix.get(i)
        if hit is None:
            run = self.runs[i]
            hit = AtomIndex(base=self._view(i).maybe)
            for inst in run.instances:
                for h in inst.heads:
                    if h.positive:
                        hit.add(h.atom)
            for _, sup in getattr(run, "subclass_links", ()):
                hit.add(sup)
            self._heads_ix[i] = hit
        return hit


class _NewInstance(Exception):
    pass


class _Probe(Grounder):
    """A grounder that only reports whether a binding is new and could matter:
    a new instance with another literal that is not proved cannot apply, and
    is ignored unless an aggregate ranges over what it concludes (its
    conclusion becomes a row that could count)."""

    def _proved(self, lit) -> bool:
        atom, positive = lit
        if positive and (atom == self.new_atom or atom in self.settled):
            return True
        k = self.run.atoms.get(atom)
        if k is not None and self.run.result.status[2 * k + (0 if positive else 1)] == PROVED:
            return True
        store = self.delta.ev.store
        return (atom in store.true) if positive else (atom in store.false)

    def _counted(self, idx) -> bool:
        """Whether an aggregate ranges over what rule idx concludes."""
        hit = self._counted_memo.get(idx) if hasattr(self, "_counted_memo") else None
        if hit is None:
            self._counted_memo = getattr(self, "_counted_memo", {})
            hit = False
            for h in self.rules[idx].heads:
                triple = getattr(h, "triple", None)
                name = triple.predicate.name if triple is not None else "⊢" + type(h).__name__[:-4].lower()
                hit = hit or any(kind == "agg" for _, kind, _ in self.delta.patterns.get(name, ()))
            self._counted_memo[idx] = hit
        return hit

    def _subject_last(self, idx, pat) -> bool:
        # Only branches whose every literal is proved matter here (unless an aggregate
        # counts the rule's conclusion), and each atom that is proved and matches the
        # pattern is among its candidates unless the change settles atoms of that
        # predicate: then the pattern needs no other to bind its subject first, and
        # `?harm resultsFrom pay7` is joined before `?harm a Harm` (one harm, not all).
        return self._counted(idx) or pat[0] in self.settled_preds

    def _join(self, idx, atoms, others, binding, body, new_atoms) -> None:
        self.delta.work += 1
        # a branch with a literal that is not proved builds no instance that could apply
        if body and not self._counted(idx) and not all(self._proved(lit) for lit in body):
            return
        super()._join(idx, atoms, others, binding, body, new_atoms)

    value_sub = None

    def _emit(self, idx, binding, body, new_atoms) -> None:
        if self.value_sub is not None:
            raw, unknown = self.value_sub
            b = {k: (unknown if type(v) is type(raw) and v == raw else v) for k, v in binding.items()}
            if (idx, _atom_key(self.rules[idx], b)) in self.pattern_keys:
                return
        key = (idx, tuple(sorted((k, repr(v)) for k, v in binding.items()
                                 if not k.startswith("__agg"))))
        if key in self.base_seen:
            return
        if self._counted(idx) or all(self._proved(lit) for lit in body):
            raise _NewInstance


def _atom_key(rule, binding) -> tuple:
    """The binding of the variables a rule's atom patterns bind."""
    from dutybound.engine.expr import free_vars
    names = _ATOM_VARS.get(id(rule))
    if names is None or names[0] is not rule:
        atoms, _ = compiled(rule)
        names = _ATOM_VARS[id(rule)] = (rule, sorted(free_vars([c for _, c in atoms])))
    return tuple((v, repr(binding.get(v))) for v in names[1])


_ATOM_VARS: dict = {}
