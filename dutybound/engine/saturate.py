"""Applying the vocabulary to an incident: saturate() and its clash reporting.

saturate() closes an incident's facts under the compiled axioms semi-naively (a work
queue of new triples), so that a rule written about PaymentServiceProvider fires on an
incident that says ThirdPartyPaymentProvider. Two facts that contradict each other
raise DutyboundError(kind='incident') naming both and the facts they rest on.
"""
from __future__ import annotations

from collections import defaultdict, deque

from dutybound.engine.facts import TYPE, FactBase, Source
from dutybound.engine.vocabulary import TOP, Vocabulary
from dutybound.errors import DutyboundError, Problem


def saturate(facts: FactBase, vocab: Vocabulary) -> FactBase:
    """A copy of facts closed under the vocabulary's axioms (established-true facts only).

    Each new triple is processed once: its consequences are looked up in precomputed
    tables and joined against indexes of the facts so far (types by individual, objects
    by (subject, property), subjects by (property, object)). Raises DutyboundError
    (kind='incident') when two facts contradict each other.
    """
    out = facts.copy()
    closure = Closure(out, vocab)
    closure.run()
    return out


class Closure:
    """The facts of `out` with the indexes saturate() joins against. `run()`
    closes them; once closed, `extend(t)` says what one more triple adds (the
    open-question search asks it per unknown fact) and takes it back, in time
    proportional to what the triple reaches, not to the incident."""

    def __init__(self, out: FactBase, vocab: Vocabulary, closed: bool = False):
        self.ix = vocab.index
        self.out = out
        self.types: dict = defaultdict(set)
        self.objs: dict = defaultdict(set)
        self.subjs: dict = defaultdict(set)
        self.individuals: set = set()    # for a chain's owl:topObjectProperty step
        self.queue: deque = deque()
        self._log = None                 # while extending: what to take back
        for t in out.true:
            self._index(t)
            if not closed:
                self.queue.append(t)

    def _index(self, t):
        s, p, o = t
        self._put(self.individuals, s)
        if p == TYPE:
            self._put(self.types[s], o)
        else:
            self._put(self.objs[s, p], o)
            self._put(self.subjs[p, o], s)
            if type(o) is str:
                self._put(self.individuals, o)

    def _put(self, bucket: set, x):
        if self._log is not None and x not in bucket:
            self._log.append((bucket, x))
        bucket.add(x)

    def add(self, t, detail, premises):
        out = self.out
        if t in out.true:
            return
        if t in out.false:
            _clash(out, t, t, "a fact cannot be both true and false", Source("axiom", detail, premises))
        out.true[t] = Source("axiom", detail, premises)
        if self._log is not None:
            self._added.append(t)
        self._index(t)
        self.queue.append(t)

    def check(self, x, d):
        types, objs = self.types, self.objs
        if (x, TYPE, d.name) in self.out.true:
            return
        prem = []
        for k in d.conjuncts:
            if k[0] == "class":
                if k[1] not in types.get(x, ()):
                    return
                prem.append((x, TYPE, k[1]))
            else:
                ys = [y for y in objs.get((x, k[1]), ())
                      if k[2] is None or k[2] in types.get(y, ())]
                if not ys:
                    return
                y = min(ys, key=repr)        # the same proof on every run
                prem.append((x, k[1], y))
                if k[2] is not None:
                    prem.append((y, TYPE, k[2]))
        self.add((x, TYPE, d.name), d.text(), tuple(prem))

    def extend(self, t, source: Source) -> list:
        """The triples that hold with t besides the (closed) facts, t first; the
        facts and indexes are left as they were. Raises DutyboundError as
        saturate() would on the facts with t."""
        assert self._log is None and not self.queue
        self._log, self._added = [], [t]
        try:
            self.out.true[t] = source
            self._index(t)
            self.queue.append(t)
            self.run()
            return list(self._added)
        finally:
            self.queue.clear()
            for x in self._added:
                self.out.true.pop(x, None)
            for bucket, x in self._log:
                bucket.discard(x)
            self._log = self._added = None

    def run(self):
        ix, types, subjs, objs, add, check = \
            self.ix, self.types, self.subjs, self.objs, self.add, self.check
        queue, out = self.queue, self.out
        while queue:
            t = queue.popleft()
            s, p, o = t
            if p == TYPE:
                for d, why in ix.disjoint.get(o, {}).items():
                    if d in types[s]:
                        _clash(out, t, (s, TYPE, d), why)
                for b, why in ix.class_supers.get(o, ()):
                    add((s, TYPE, b), why, (t,))
                for d in ix.by_class.get(o, ()):
                    check(s, d)
                for d, q in ix.by_filler.get(o, ()):
                    for x in list(subjs.get((q, s), ())):
                        check(x, d)
                for r, why in ix.selfs.get(o, ()):
                    add((s, r, s), why, (t,))
                continue
            for q, why in ix.prop_supers.get(p, ()):
                add((s, q, o), why, (t,))
            is_ind = type(o) is str          # an individual name, not a literal (Text, Money...)
            for q, why in ix.disjoint_props.get(p, {}).items():
                if is_ind and o in objs.get((s, q), ()):
                    _clash(out, t, (s, q, o), why)
            if p in ix.domain:
                for c, why in ix.domain[p]:
                    add((s, TYPE, c), why, (t,))
                if is_ind:
                    for c, why in ix.range[p]:
                        add((o, TYPE, c), why, (t,))
                    if p in ix.inverse:
                        q, why = ix.inverse[p]
                        add((o, q, s), why, (t,))
                    if p in ix.symmetric:
                        add((o, p, s), f"{p} is symmetric", (t,))
                    if p in ix.transitive:
                        for z in list(objs.get((o, p), ())):
                            add((s, p, z), f"{p} is transitive", (t, (o, p, z)))
                        for w in list(subjs.get((p, s), ())):
                            add((w, p, o), f"{p} is transitive", ((w, p, s), t))
            for d in ix.by_prop.get(p, ()):
                check(s, d)
            if is_ind and p in ix.chains:
                self._chain(t)

    def _chain(self, t):
        """The property chains t is a step of (p1 ∘ ... ∘ pn ⊑ p): each path of
        facts through t along the steps gives `start p end`, with the path as
        its premises."""
        s, p, o = t
        subjs, objs = self.subjs, self.objs
        for target, steps, i, why in self.ix.chains[p]:
            every = sorted(self.individuals, key=repr) if TOP in steps else ()
            # a TOP step (never first or last: owlcompile) links any two individuals
            # and is no premise; the steps beside it select the members of their classes
            lefts = [(s, [])]
            for q in reversed(steps[:i]):
                lefts = [(w, prem) for x, prem in lefts for w in every] if q == TOP else \
                    [(w, [(w, q, x)] + prem) for x, prem in lefts
                     for w in sorted(subjs.get((q, x), ()), key=repr)]
            rights = [(o, [])]
            for q in steps[i + 1:]:
                rights = [(z, prem) for x, prem in rights for z in every] if q == TOP else \
                    [(z, prem + [(x, q, z)]) for x, prem in rights
                     for z in sorted(objs.get((x, q), ()), key=repr) if type(z) is str]
            for a, before in lefts:
                for b, after in rights:
                    self.add((a, target, b), why, tuple(before + [t] + after))


def _describe(fb: FactBase, t, depth=0) -> str:
    """'alice a NaturalPerson' (from 'alice a Consumer' at inc.yaml:3 by Consumer ⊑ ...)."""
    def show(x):
        return f"{x[0]} {x[1]} {x[2]}"
    src = fb.true.get(t) or fb.false.get(t)
    if src is None:
        return f"'{show(t)}'"
    if src.kind != "axiom" or not src.premises:
        where = f"{src.path}:{src.line}" if src.path else src.detail
        return f"'{show(t)}' ({src.kind}: {where})" if where else f"'{show(t)}'"
    if depth >= 2:                # deep proofs: name only the facts they rest on
        leaves = ", ".join(_describe(fb, x, depth) for x, _ in _leaves(fb, t))
        return f"'{show(t)}' (derived from {leaves})"
    from_ = " and ".join(_describe(fb, p, depth + 1) for p in src.premises)
    return f"'{show(t)}' (from {from_} by {src.detail})"


def _leaves(fb: FactBase, t, seen=None) -> list[tuple]:
    """The (triple, Source) pairs outside the ontology that t was derived from."""
    seen = set() if seen is None else seen
    if t in seen:
        return []
    seen.add(t)
    src = fb.true.get(t) or fb.false.get(t)
    if src is None:
        return []
    if src.kind == "axiom" and src.premises:
        return [leaf for p in src.premises for leaf in _leaves(fb, p, seen)]
    return [(t, src)]


def _clash(fb: FactBase, t1, t2, why, pending: Source | None = None):
    """Raise the 'these facts contradict each other' error, pointing at both sources."""
    if pending is not None:       # t1 was about to be derived true; it is established false
        fb2, neg = fb.copy(), fb.false[t1]
        fb2.false.pop(t1, None)
        fb2.true[t1] = pending
        where = f"{neg.path}:{neg.line}" if neg.path else neg.detail
        first = _describe(fb2, t1)
        second = f"'{t1[0]} {t1[1]} {t1[2]}' established false ({neg.kind}: {where})"
        leaves = _leaves(fb2, t1) + [(t1, neg)]
    else:
        first, second = _describe(fb, t1), _describe(fb, t2)
        leaves = _leaves(fb, t1) + _leaves(fb, t2)
    msg = f"these facts contradict each other: {first} and {second}; {why}"
    located = [(t, s) for t, s in leaves if s.path]
    head = located[0][1] if located else Source("axiom", "")
    probs = [Problem(msg, path=head.path, line=head.line,
                     hint="correct or remove one of the two facts")]
    for t, s in located[1:]:
        if (s.path, s.line) != (head.path, head.line):
            probs.append(Problem(f"the other fact: '{t[0]} {t[1]} {t[2]}'", path=s.path,
                                 line=s.line, severity="note"))
            break
    raise DutyboundError(probs, kind="incident")
