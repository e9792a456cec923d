"""Applying the vocabulary to an incident: saturate() and its clash reporting.

saturate() closes an incident's facts under the compiled axioms semi-naively (a work
queue of new triples), so that a rule written about PaymentServiceProvider fires on an
incident that says ThirdPartyPaymentProvider. Two facts that contradict each other
raise DutyboundError(kind='incident') naming both and the facts they rest on.
"""
from __future__ import annotations

from collections import defaultdict, deque

from dutybound.engine.facts import TYPE, FactBase, Source
from dutybound.engine.vocabulary import Vocabulary
from dutybound.errors import DutyboundError, Problem


def saturate(facts: FactBase, vocab: Vocabulary) -> FactBase:
    """A copy of facts closed under the vocabulary's axioms (established-true facts only).

    Each new triple is processed once: its consequences are looked up in precomputed
    tables and joined against indexes of the facts so far (types by individual, objects
    by (subject, property), subjects by (property, object)). Raises DutyboundError
    (kind='incident') when two facts contradict each other.
    """
    ix = vocab.index
    out = facts.copy()
    true, false = out.true, out.false
    types: dict = defaultdict(set)
    objs: dict = defaultdict(set)
    subjs: dict = defaultdict(set)
    queue: deque = deque()

    def index(t):
        s, p, o = t
        if p == TYPE:
            types[s].add(o)
        else:
            objs[s, p].add(o)
            subjs[p, o].add(s)

    def add(t, detail, premises):
        if t in true:
            return
        if t in false:
            _clash(out, t, t, "a fact cannot be both true and false", Source("axiom", detail, premises))
        true[t] = Source("axiom", detail, premises)
        index(t)
        queue.append(t)

    def check(x, d):
        if (x, TYPE, d.name) in true:
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
        add((x, TYPE, d.name), d.text(), tuple(prem))

    for t in true:
        index(t)
        queue.append(t)
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
            continue
        for q, why in ix.prop_supers.get(p, ()):
            add((s, q, o), why, (t,))
        is_ind = type(o) is str          # an individual name, not a literal (Text, Money...)
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
    return out


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
