"""Atoms and patterns, the index the grounder joins against, and the
ontology checks that say whether an unknown atom could hold at all.

Atoms are tuples `(predicate, arg, ...)`: a triple `s p o` is `(p, s, o)`
(class membership is `("a", s, Class)`), a conclusion is `("⊢liable",
party, victim)`, `("⊢duty", party, duty, beneficiary)` and so on. A pattern
is an atom whose slots may be rule variables (ast.Var) or ANY.
"""
from __future__ import annotations

from dutybound.engine.expr import value_of
from dutybound.rules.ast import ConclusionAtom, Triple, Var

ANY = object()     # wildcard in a pattern: matches any value, binds nothing
KIND_PRED = {"liable": "⊢liable", "duty": "⊢duty", "breach": "⊢breach",
             "reduction": "⊢reduction"}


class AtomIndex:
    """A set of atoms indexed by predicate and by (predicate, position, value).

    With a `base`, it is an overlay: it holds the base's atoms plus its own
    without copying the base (a stratum's possible atoms over the settled ones).
    """

    def __init__(self, atoms=(), base: "AtomIndex | None" = None):
        self.base = base
        self.all: set = set()
        self.by_pred: dict = {}
        self.by_pos: dict = {}
        for a in atoms:
            self.add(a)

    def add(self, atom) -> bool:
        if atom in self.all or self.base is not None and atom in self.base:
            return False
        self.all.add(atom)
        self.by_pred.setdefault(atom[0], []).append(atom)
        for i in range(1, len(atom)):
            self.by_pos.setdefault((atom[0], i, atom[i]), []).append(atom)
        return True

    def __contains__(self, atom) -> bool:
        return atom in self.all or self.base is not None and atom in self.base

    def candidates(self, pattern, binding):
        """Atoms that could match `pattern` under `binding` (a superset): a
        list, or a Chain of the lists of this index and its bases (never a
        copy: a join asks for the candidates of every pattern at every step)."""
        own = self._candidates(pattern, binding)
        if self.base is None:
            return own
        below = self.base.candidates(pattern, binding)
        if not own:
            return below
        if not below:
            return own
        return Chain(below, own)

    def own_candidates(self, pattern, binding):
        """Candidates among this index's own atoms (not its base's)."""
        return self._candidates(pattern, binding)

    def all_of(self, pred) -> list:
        """Every atom of a predicate, the base's included."""
        own = self.by_pred.get(pred, [])
        return own if self.base is None else self.base.all_of(pred) + own

    def all_with(self, pred, pos, value) -> list:
        own = self.by_pos.get((pred, pos, value), [])
        return own if self.base is None else self.base.all_with(pred, pos, value) + own

    def values(self, p, s) -> list:
        """The objects o of the atoms `s p o`."""
        return [a[2] for a in self.all_with(p, 1, s)]

    def _candidates(self, pattern, binding):
        pred = pattern[0]
        best = self.by_pred.get(pred, ())
        for i in range(1, len(pattern)):
            v = _bound(pattern[i], binding)
            if v is not _UNBOUND:
                bucket = self.by_pos.get((pred, i, v), ())
                if len(bucket) < len(best):
                    best = bucket
                    if not best:
                        break
        return best


class Chain:
    """Several candidate lists seen as one, without copying them."""
    __slots__ = ("parts", "n")

    def __init__(self, *parts):
        flat = []
        for p in parts:
            flat.extend(p.parts if isinstance(p, Chain) else (p,))
        self.parts, self.n = flat, sum(len(p) for p in flat)

    def __len__(self) -> int:
        return self.n

    def __bool__(self) -> bool:
        return self.n > 0

    def __iter__(self):
        for p in self.parts:
            yield from p


_UNBOUND = object()


def _bound(slot, binding):
    if slot is ANY:
        return _UNBOUND
    if isinstance(slot, Var):
        return binding.get(slot.name, _UNBOUND)
    return slot


def unify(pattern, atom, binding) -> dict | None:
    if len(pattern) != len(atom):
        return None
    new = None
    for i in range(1, len(pattern)):
        slot = pattern[i]
        if slot is ANY:
            continue
        if isinstance(slot, Var):
            v = (new or binding).get(slot.name, _UNBOUND)
            if v is _UNBOUND:
                if new is None:
                    new = dict(binding)
                new[slot.name] = atom[i]
            elif v != atom[i]:
                return None
        elif slot != atom[i]:
            return None
    return new if new is not None else binding


def pattern_of(cond):
    """The atom pattern of a triple or conclusion condition; slots are Var,
    ANY, or a ground value."""
    if isinstance(cond, Triple):
        return (cond.predicate.name, _slot(cond.subject), _slot(cond.object))
    if isinstance(cond, ConclusionAtom):
        args = [_slot(a) for a in cond.args]
        if cond.kind in ("duty", "breach") and len(args) < 3:
            args.append(ANY)
        return (KIND_PRED[cond.kind], *args)
    raise TypeError(cond)


def _slot(term):
    if isinstance(term, Var):
        return term
    return value_of(term, {})


def _ground_if_bound(pattern, binding):
    """The ground atom of a pattern whose every slot is bound, else None."""
    out = [pattern[0]]
    for slot in pattern[1:]:
        if slot is ANY:
            return None
        if isinstance(slot, Var):
            v = binding.get(slot.name, _UNBOUND)
            if v is _UNBOUND:
                return None
            out.append(v)
        else:
            out.append(slot)
    return tuple(out)


def ground_atom(pattern, binding):
    return tuple([pattern[0]] + [binding[s.name] if isinstance(s, Var) else s
                                 for s in pattern[1:]])


class Compatibility:
    """Disjointness, domains and ranges of the ontology, as quick checks."""
    _memo: dict = {}

    def __init__(self, vocab):
        self.vocab = vocab
        self.disjoint_with: dict = {}       # class -> classes disjoint with it (all sub-classes)
        for a, b in vocab.disjoint:
            for x, y in ((a, b), (b, a)):
                for sub in vocab.subclasses.get(x, (x,)):
                    self.disjoint_with.setdefault(sub, set()).update(vocab.subclasses.get(y, (y,)))

    @classmethod
    def of(cls, vocab) -> "Compatibility":
        hit = cls._memo.get(id(vocab))
        if hit is None or hit.vocab is not vocab:
            hit = cls._memo[id(vocab)] = cls(vocab)
        return hit

    def clash(self, classes, known) -> bool:
        return any(k in self.disjoint_with.get(c, ()) for c in classes for k in known)

    def could_hold(self, atom, types_of) -> bool:
        p, s, o = atom[0], atom[1], atom[2]
        if p == "a":
            return not self.clash((o,), types_of(s))
        if isinstance(s, str) and self.clash(self.vocab.domain.get(p, ()), types_of(s)):
            return False
        if type(o) is str and self.clash(self.vocab.range.get(p, ()), types_of(o)):
            return False
        return True
