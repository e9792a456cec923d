"""Grounding: first-order rules to ground rule instances, semi-naively.

Atoms and patterns are those of atoms.py.

Within one stratum the grounder computes an over-approximation: every atom
that is established, or that some rule of the stratum could conclude. Each
round joins only against the atoms new in the previous round (semi-naive),
and each join picks, binding by binding, the condition with the fewest
candidates (join order is most of the cost). A condition whose variables are
all bound but which is neither established nor derivable is kept as an
*unknown* body literal: the reasoner then refutes it (burden of proof), and
the open-question finder knows exactly which unknown facts the law asked
about.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from dutybound.engine.atoms import (ANY, AtomIndex, Compatibility, _bound, _ground_if_bound,
                                    _UNBOUND, ground_atom, pattern_of, unify)
from dutybound.engine.expr import EvalError, evaluate, free_vars
from dutybound.rules.ast import (Aggregate, BreachHead, ConclusionAtom, DutyHead, FactHead,
                                 LiableHead, Let, ReductionHead, Test, Triple, Var)
from dutybound.values import ValueError_

__all__ = ["AtomIndex", "Grounder", "GroundInstance", "GroundHead", "Store", "compiled",
           "pattern_of", "unify", "ground_atom", "ANY"]

@dataclass
class GroundHead:
    head: object          # the ast head
    atom: tuple
    positive: bool
    payload: dict


@dataclass
class GroundInstance:
    rule: object                      # ast.Rule
    binding: dict
    body: list                        # [(atom, positive)]
    exceptions: list                  # [(ast.Exception_, [(atom, positive)])]
    heads: list                       # [GroundHead]
    aggregates: dict = field(default_factory=dict)   # var -> [witness atoms]


@dataclass
class Store:
    """What is settled before a stratum is grounded."""
    true: AtomIndex                    # established or proved
    false: set                         # atoms established or proved false
    # Conclusions an earlier stratum considered (some rule instance had them as its
    # head) but did not prove. A condition on such a conclusion still grounds a rule
    # instance, whose element is then not established: so the claim is reached, and
    # fails for want of that conclusion, instead of never being considered.
    considered: AtomIndex = field(default_factory=AtomIndex)


_COMPILED: dict = {}
_TYPE_VAR = Var("__type")


def compiled(rule):
    """A rule's positive atom patterns and its other conditions, each with the
    variables it needs; computed once per rule object."""
    hit = _COMPILED.get(id(rule))
    if hit is not None and hit[0] is rule:
        return hit[1]
    atoms, others = [], []
    for c in rule.conditions:
        if isinstance(c, (Triple, ConclusionAtom)) and not c.negated:
            atoms.append((pattern_of(c), c))
        else:
            need = free_vars(c.expr) if isinstance(c, Let) else free_vars(c)
            others.append((c, frozenset(need)))
    _COMPILED[id(rule)] = (rule, (atoms, others))
    return atoms, others


class Grounder:
    def __init__(self, rules, store: Store, ctx, vocab):
        self.rules = rules
        self.store = store
        self.ctx = ctx
        self.superclasses = vocab.superclasses
        self.fits = Compatibility.of(vocab)
        self._could_hold: dict = {}
        self.possible = AtomIndex(base=store.true)
        self.possible_neg: set = set(store.false)
        self.instances: list[GroundInstance] = []
        self.subclass_links: list = []      # (sub_atom, super_atom) for derived memberships
        self.problems: list = []           # (rule, EvalError)
        self.rejected: set = set()         # rules some binding reached but a `where` failed
        self._seen: set = set()
        self._compiled = [compiled(r) for r in rules]
        self._rule = None                  # the rule being grounded (its aggregates ask the law in time)

    # -- driver --------------------------------------------------------
    def run(self) -> list[GroundInstance]:
        delta = None
        while True:
            new_atoms: list = []
            for idx, rule in enumerate(self.rules):
                atoms, others = self._compiled[idx]
                if delta is None:
                    self._join(idx, atoms, others, {}, [], new_atoms)
                    continue
                for i, (pat, _) in enumerate(atoms):
                    for atom in delta.get(pat[0], ()):
                        b = unify(pat, atom, {})
                        if b is not None:
                            rest = atoms[:i] + atoms[i + 1:]
                            self._join(idx, rest, others, b, [(atom, True)], new_atoms)
            if not new_atoms:
                return self.instances
            delta = {}
            for a in new_atoms:
                delta.setdefault(a[0], []).append(a)

    def _join(self, idx, atoms, others, binding, body, new_atoms) -> None:
        self._rule = self.rules[idx]
        # conditions that are ready (all their variables bound) go first
        for j, (c, need) in enumerate(others):
            if (not atoms) if isinstance(c, Aggregate) else need <= binding.keys():
                b, lits = self._other(c, binding)
                if b is None:
                    if c.__class__ is Test:      # considered, and a test failed: for coverage
                        self.rejected.add(self.rules[idx])
                    return
                self._join(idx, atoms, others[:j] + others[j + 1:], b, body + lits, new_atoms)
                return
        if not atoms:
            if others:       # a condition whose variables nothing binds: the checker forbids it
                return
            self._emit(idx, binding, body, new_atoms)
            return
        # An atom whose variables are all bound is checked at once. Otherwise
        # pick the atom with the fewest candidates under this binding. A triple
        # with none is deferred until other conditions bind its variables: it
        # then becomes an unknown literal (an open question), not a dead end.
        best_i, best, possible = None, None, self.possible
        for i, (pat, cond) in enumerate(atoms):
            atom = _ground_if_bound(pat, binding)
            if atom is not None:
                rest = atoms[:i] + atoms[i + 1:]
                if atom in possible or (cond.__class__ is ConclusionAtom and atom in self.store.considered):
                    self._join(idx, rest, others, binding, body + [(atom, True)], new_atoms)
                elif (cond.__class__ is Triple and atom not in self.store.false
                      and self.could_hold(atom)):
                    self._join(idx, rest, others, binding, body + [(atom, True)], new_atoms)
                return
            cands = possible.candidates(pat, binding)
            if not cands and cond.__class__ is ConclusionAtom:
                cands = self.store.considered.candidates(pat, binding)
            if not cands:
                if cond.__class__ is not Triple:
                    return                       # no conclusion can match: dead end
                continue
            if best is None or len(cands) < len(best):
                best_i, best = i, cands
        if best_i is None:
            return                               # only unbound atoms with no candidates left
        pat, cond = atoms[best_i]
        rest = atoms[:best_i] + atoms[best_i + 1:]
        for atom in list(best):
            b = unify(pat, atom, binding)
            if b is not None:
                self._join(idx, rest, others, b, body + [(atom, True)], new_atoms)

    def could_hold(self, atom) -> bool:
        """Whether an unknown fact could be true without contradicting what is
        known of its individuals' classes (ontology disjointness, domains and
        ranges): `signal1 a UserNotice` cannot when signal1 is an abnormal-
        transaction signal, so no rule instance (and no open question) rests on it."""
        hit = self._could_hold.get(atom)
        if hit is None:
            hit = self._could_hold[atom] = self.fits.could_hold(atom, self._types)
        return hit

    def _types(self, x) -> set:
        return {a[2] for a in self.possible.candidates(("a", x, _TYPE_VAR), {})}

    def _other(self, c, binding):
        """Evaluates a non-atom condition; returns (binding, literals) or (None, _)."""
        try:
            if isinstance(c, Test):
                return (binding, []) if evaluate(c.expr, binding, self.ctx) is True else (None, [])
            if isinstance(c, Let):
                b = dict(binding)
                b[c.var.name] = evaluate(c.expr, binding, self.ctx)
                return b, []
            if isinstance(c, Aggregate):
                return self._aggregate(c, binding)
        except ValueError_ as e:     # EvalError, or money of two currencies in a sum
            self.problems.append((c, e if isinstance(e, EvalError) else EvalError(str(e), c.pos)))
            return None, []
        # a negated triple or conclusion, all variables bound
        atom = ground_atom(pattern_of(c), binding)
        if atom in self.store.true:
            return None, []
        if isinstance(c, ConclusionAtom) and atom not in self.possible_neg:
            return None, []
        return binding, [(atom, False)]

    def _aggregate(self, agg: Aggregate, binding):
        rows: dict = {}
        inner = [(pattern_of(c), c) for c in agg.conditions if isinstance(c, (Triple, ConclusionAtom))]
        tests = [c for c in agg.conditions if not isinstance(c, (Triple, ConclusionAtom))]
        # a provision that governs payment transactions one by one counts only those it governs
        time = getattr(self.ctx, "time", None) if self._rule is not None else None
        for b, atoms in _match_all(self.store.true, inner, binding):
            ok = True
            for t in tests:
                if isinstance(t, Let):
                    b = dict(b); b[t.var.name] = evaluate(t.expr, b, self.ctx)
                elif evaluate(t.expr, b, self.ctx) is not True:
                    ok = False
                    break
            if ok and (time is None or time.row_governed(self._rule, atoms)):
                key = tuple(sorted((k, repr(v)) for k, v in b.items() if k not in binding))
                rows[key] = (b[agg.target.name], atoms)
        values = [v for v, _ in rows.values()]
        if agg.func == "count":
            result = len(values)
        elif not values:
            result = Decimal(0)
        elif agg.func == "sum":
            result = values[0]
            for v in values[1:]:
                result = result + v
        elif agg.func == "min":
            result = min(values)
        else:
            result = max(values)
        if isinstance(result, int) and not isinstance(result, bool):
            result = Decimal(result)
        b = dict(binding)
        b[agg.var.name] = result
        b["__agg__" + agg.var.name] = [a for _, atoms in rows.values() for a in atoms]
        return b, []

    def _emit(self, idx, binding, body, new_atoms) -> None:
        rule = self.rules[idx]
        key = (idx, tuple(sorted((k, repr(v)) for k, v in binding.items())))
        if key in self._seen:
            return
        self._seen.add(key)
        aggs = {k[7:]: v for k, v in binding.items() if k.startswith("__agg__")}
        binding = {k: v for k, v in binding.items() if not k.startswith("__agg__")}
        heads = []
        try:
            for h in rule.heads:
                heads.append(self._head(h, binding))
            excs = [(e, lits) for e in rule.exceptions for lits in self._exception(e, binding)]
        except EvalError as e:
            self.problems.append((rule, e))
            return
        time = getattr(self.ctx, "time", None)
        if time is not None:          # which version governs these facts (kb/intime.py)
            verdict = time.instance(rule, binding, heads, [a for w in aggs.values() for a in w])
            if verdict is None:
                return
            more_body, more_excs, settled = verdict
            body, excs = body + more_body, excs + more_excs
            for atom, truth in settled:
                (self.store.true.add if truth else self.store.false.add)(atom)
        self.instances.append(GroundInstance(rule, binding, body, excs, heads, aggs))
        for gh in heads:
            if gh.positive:
                if self.possible.add(gh.atom):
                    new_atoms.append(gh.atom)
                    if gh.atom[0] == "a":
                        self._derived_membership(gh.atom, new_atoms)
            else:
                self.possible_neg.add(gh.atom)

    def _derived_membership(self, atom, new_atoms) -> None:
        for sup in self.superclasses.get(atom[2], ()):
            if sup != atom[2]:
                up = ("a", atom[1], sup)
                self.subclass_links.append((atom, up))
                if self.possible.add(up):
                    new_atoms.append(up)

    def _exception(self, exc, binding) -> list:
        """Ground literal lists of an exception, one per way to match it.

        Variables that only the exception mentions are existential ("unless
        some ?x ..."): each match is its own defeater. A triple that is fully
        bound but unknown stays as an unknown literal, so the proof can say
        the defence was not established and who had to establish it.
        """
        out: list = []
        self._exc_join(list(exc.conditions), binding, [], out)
        return out

    def _exc_join(self, conds, binding, lits, out) -> None:
        if not conds:
            out.append(lits)
            return
        for j, c in enumerate(conds):
            if isinstance(c, (Test, Let)) or getattr(c, "negated", False):
                if not _ready(c, binding, True):
                    continue
                if isinstance(c, (Test, Let)):
                    b, _ = self._other(c, binding)
                    if b is not None:
                        self._exc_join(conds[:j] + conds[j + 1:], b, lits, out)
                    return
                atom = ground_atom(pattern_of(c), binding)
                self._exc_join(conds[:j] + conds[j + 1:], binding, lits + [(atom, False)], out)
                return
        c, rest = conds[0], conds[1:]
        for j, cond in enumerate(conds):        # a positive pattern, bound ones first
            if isinstance(cond, (Triple, ConclusionAtom)) and not cond.negated:
                c, rest = cond, conds[:j] + conds[j + 1:]
                if all(_bound(x, binding) is not _UNBOUND for x in pattern_of(cond)[1:]):
                    break
        pat = pattern_of(c)
        if all(_bound(x, binding) is not _UNBOUND for x in pat[1:]):
            self._exc_join(rest, binding, lits + [(ground_atom(pat, binding), True)], out)
            return
        for atom in list(self.possible.candidates(pat, binding)):
            b = unify(pat, atom, binding)
            if b is not None:
                self._exc_join(rest, b, lits + [(atom, True)], out)

    def _head(self, h, b) -> GroundHead:
        ev = lambda e: None if e is None else evaluate(e, b, self.ctx)   # noqa: E731
        if isinstance(h, FactHead):
            t = h.triple
            return GroundHead(h, ground_atom(pattern_of(t), b), not t.negated, {})
        if isinstance(h, LiableHead):
            payload = {"form": h.form.name if h.form else None, "amount": ev(h.amount),
                       "share": ev(h.share), "cap": ev(h.cap), "after": ev(h.after),
                       "recourse": ev(h.recourse), "factors": h.factors}
            return GroundHead(h, ("⊢liable", ev(h.party), ev(h.victim)), not h.negated, payload)
        if isinstance(h, ReductionHead):
            return GroundHead(h, ("⊢reduction", ev(h.party), ev(h.victim)), not h.negated,
                              {"share": ev(h.share), "factors": h.factors})
        if isinstance(h, (DutyHead, BreachHead)):
            kind = "⊢duty" if isinstance(h, DutyHead) else "⊢breach"
            return GroundHead(h, (kind, ev(h.party), h.duty.name, ev(h.beneficiary)),
                              not h.negated, {})
        raise TypeError(h)


def _ready(c, binding, atoms_done: bool) -> bool:
    if isinstance(c, Aggregate):
        # groups by the variables bound outside; ready once the outer atoms are matched
        return atoms_done
    if isinstance(c, Let):
        return free_vars(c.expr) <= binding.keys()
    return free_vars(c) <= binding.keys()


def _match_all(index: AtomIndex, patterns, binding):
    """Every way to match all patterns against index (for aggregates)."""
    if not patterns:
        yield binding, []
        return
    pat, _ = patterns[0]
    for atom in index.candidates(pat, binding):
        b = unify(pat, atom, binding)
        if b is not None:
            for b2, atoms in _match_all(index, patterns[1:], b):
                yield b2, [atom] + atoms
