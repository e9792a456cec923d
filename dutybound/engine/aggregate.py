"""Aggregates over what is settled and what could still be: three-valued
count, sum, min and max (docs/semantics.md, "Aggregates").

An aggregate's rows are the distinct bindings of its inner variables that
satisfy its conditions. A row is *settled* when every inner atom is settled
true and every inner test holds; it is *possible* when each inner atom is
settled true or could still hold (a `maybe` conclusion of a lower stratum, an
unknown fact the ontology allows, an individual that could still be a member
or a link), no atom is settled false, and each inner test holds or is
unknown. The aggregate is then bounded without enumerating completions:

    count  in [|S|, |S| + |P|]
    sum    in [sum lo(S) + sum min(0, lo(P)), sum hi(S) + sum max(0, hi(P))]
    min    in [min lo(S u P), min hi(S)]     (over P alone when S is empty)
    max    in [max lo(S), max hi(S u P)]     (likewise)

where lo/hi are the bounds of each row's value (a row's value may itself be
unknown, e.g. an unstated amount, at least 0). With no possible row and no
unknown value the result is the plain value it always was. Otherwise it is
an Unknown with these bounds, resting on the facts and values that would
settle it. Results are memoised per aggregate and group (the store does not
change within a stratum), so an aggregate grouped the same way for ten
thousand payments is computed once.
"""
from __future__ import annotations

from decimal import Decimal

from dutybound.engine import unknowns
from dutybound.engine.atoms import ANY, _bound, _UNBOUND, pattern_of, unify
from dutybound.engine.completion import requirements
from dutybound.engine.expr import evaluate, free_vars, truth
from dutybound.rules.ast import BinOp, ConclusionAtom, Let, Test, Triple, Var
from dutybound.values import Unknown, UnknownTruth

TYPE = "a"


class Row:
    __slots__ = ("binding", "atoms", "unknown", "tests", "value")

    def __init__(self, binding, atoms, unknown, tests, value):
        self.binding, self.atoms, self.unknown, self.tests, self.value = \
            binding, atoms, unknown, tests, value

    @property
    def settled(self) -> bool:
        return not self.unknown and not self.tests


def evaluate_aggregate(g, agg, binding):
    """(binding with the aggregate's variable, witnesses) for grounder g."""
    inner_vars = free_vars(agg.conditions)
    group = tuple(sorted((k, binding[k]) for k in inner_vars if k in binding))
    key = (id(agg), group)
    hit = g.agg_memo.get(key)
    if hit is None:
        rows = _rows(g, agg, dict(group))
        hit = g.agg_memo[key] = (_combine(g, agg, rows, group), rows)
        if isinstance(hit[0], Unknown):
            g.agg_rows[hit[0].term] = (agg, rows, group)
    result, rows = hit
    b = dict(binding)
    b[agg.var.name] = result
    b["__agg__" + agg.var.name] = [a for r in rows if r.settled for a in r.atoms]
    b["__aggp__" + agg.var.name] = [r for r in rows if not r.settled]
    return b


def _rows(g, agg, outer) -> list:
    patterns, others = [], []
    for c in agg.conditions:
        if isinstance(c, (Triple, ConclusionAtom)) and not c.negated:
            patterns.append((pattern_of(c), c))
        else:
            others.append(c)
    found: dict = {}
    g._agg_conditions = agg.conditions     # what the braces require of their variables
    _join(g, patterns, others, dict(outer), [], [], [], found, frozenset(outer))
    # a provision that governs payment transactions one by one counts only those it
    # governs (kb/intime.py; EGBGB Art. 229 § 45(3))
    time = getattr(g.ctx, "time", None)
    rule = getattr(g, "_rule", None)
    out = []
    for b, atoms, unknown, tests in found.values():
        if time is not None and rule is not None and \
                not time.row_governed(rule, list(atoms) + [a for a, _ in unknown]):
            continue
        out.append(Row(b, atoms, unknown, tests, b.get(agg.target.name)))
    return out


def _join(g, patterns, others, b, atoms, unknown, tests, found, outer) -> None:
    for j, c in enumerate(others):
        need = free_vars(c.expr) if isinstance(c, (Test, Let)) else free_vars(c)
        if not need <= b.keys():
            continue
        rest = others[:j] + others[j + 1:]
        if isinstance(c, Let):
            b2 = dict(b)
            b2[c.var.name] = evaluate(c.expr, b, g.ctx)
            _join(g, patterns, rest, b2, atoms, unknown, tests, found, outer)
        elif isinstance(c, Test):
            t = truth(evaluate(c.expr, b, g.ctx))
            if t is False:
                return
            more = [t] if isinstance(t, UnknownTruth) else []
            _join(g, patterns, rest, b, atoms, unknown, tests + more, found, outer)
        else:                                     # `not` a triple or conclusion
            pat = pattern_of(c)
            atom = (pat[0],) + tuple(b[x.name] if isinstance(x, Var) else x for x in pat[1:])
            if atom in g.store.true:
                return                            # settled true: `not` fails
            if atom in g.store.false:
                _join(g, patterns, rest, b, atoms, unknown, tests, found, outer)
            elif atom in g.store.maybe.all or (c.__class__ is Triple
                                               and g.completions().could_hold(atom)):
                _join(g, patterns, rest, b, atoms, unknown + [(atom, False)], tests, found, outer)
            elif c.__class__ is Triple:           # could not hold: its `not` is as good as settled
                _join(g, patterns, rest, b, atoms, unknown, tests, found, outer)
        return
    if not patterns:
        if others:
            return
        key = tuple(sorted((k, repr(v)) for k, v in b.items() if k not in outer))
        prev = found.get(key)
        if prev is None or (not unknown and not tests and (prev[2] or prev[3])):
            found[key] = (b, atoms, unknown, tests)
        return
    for i, (pat, cond) in enumerate(patterns):
        atom = _ground(pat, b)
        if atom is not None:
            rest = patterns[:i] + patterns[i + 1:]
            status = _status(g, atom, cond)
            if status == "true":
                _join(g, rest, others, b, atoms + [atom], unknown, tests, found, outer)
            elif status == "maybe":
                _join(g, rest, others, b, atoms, unknown + [(atom, True)], tests, found, outer)
            return
    eq = _equality(g, others, b)
    if eq is not None:                   # `where ?q = ?pay`: ?q takes that value
        b2 = dict(b)
        b2[eq[0]] = eq[1]
        _join(g, patterns, others, b2, atoms, unknown, tests, found, outer)
        return
    best = None
    for i, (pat, cond) in enumerate(patterns):
        choices = _choices(g, pat, cond, b, requirements(g._agg_conditions, g.vocab))
        if choices is None:
            continue
        if best is None or len(choices) < len(best[1]):
            best = (i, choices)
    if best is None:                     # no slot bound anywhere: the settled atoms only
        i = 0
        best = (0, [(a, "true") for a in g.store.true.candidates(patterns[0][0], b)]
                + [(a, "maybe") for a in g.store.maybe.own_candidates(patterns[0][0], b)])
    i, choices = best
    pat = patterns[i][0]
    rest = patterns[:i] + patterns[i + 1:]
    for item, status in choices:
        if status in ("value", "value?"):     # an unstated datatype value
            b2 = dict(b)
            b2[pat[2].name] = item
            more = [(("⊢value", b[pat[1].name] if isinstance(pat[1], Var) else pat[1], pat[0]),
                     True)] if status == "value?" else []
            _join(g, rest, others, b2, atoms, unknown + more, tests, found, outer)
            continue
        b2 = unify(pat, item, b)
        if b2 is None:
            continue
        if status == "true":
            _join(g, rest, others, b2, atoms + [item], unknown, tests, found, outer)
        else:
            _join(g, rest, others, b2, atoms, unknown + [(item, True)], tests, found, outer)


def _equality(g, others, b):
    """(variable, value) of a test `?v = X` with ?v unbound and X known."""
    for c in others:
        if isinstance(c, Test) and isinstance(c.expr, BinOp) and c.expr.op == "=":
            for v, x in ((c.expr.left, c.expr.right), (c.expr.right, c.expr.left)):
                if isinstance(v, Var) and v.name not in b and free_vars(x) <= b.keys():
                    val = evaluate(x, b, g.ctx)
                    if not isinstance(val, (Unknown, UnknownTruth)):
                        return v.name, val
    return None


def _ground(pat, b):
    out = [pat[0]]
    for s in pat[1:]:
        v = _bound(s, b)
        if v is _UNBOUND:
            return None
        out.append(v)
    return tuple(out)


def _status(g, atom, cond) -> str | None:
    if atom in g.store.true:
        return "true"
    if atom in g.store.maybe.all:
        return "maybe"
    if cond.__class__ is Triple and g.completions().could_hold(atom):
        return "maybe"
    return None


def _choices(g, pat, cond, b, req):
    """Ways to bind the pattern: settled atoms, maybe atoms, and the unknown
    facts that could complete it; None when no slot is bound (no generator)."""
    p = pat[0]
    s, o = _bound(pat[1], b), _bound(pat[2], b) if len(pat) > 2 else _UNBOUND
    if cond.__class__ is not Triple:
        if all(_bound(x, b) is _UNBOUND for x in pat[1:] if x is not ANY):
            return None
        return ([(a, "true") for a in g.store.true.candidates(pat, b)]
                + [(a, "maybe") for a in g.store.maybe.own_candidates(pat, b)])
    if s is _UNBOUND and o is _UNBOUND:
        return None
    out = [(a, "true") for a in g.store.true.candidates(pat, b)]
    out += [(a, "maybe") for a in g.store.maybe.own_candidates(pat, b)]
    comp = g.completions()
    if p == TYPE:
        out += [((TYPE, x, o), "maybe") for x in comp.members(o, req.get(pat[1].name, frozenset()))]
    elif s is not _UNBOUND:
        if comp.vocab.is_object_property(p):
            need = req.get(pat[2].name, frozenset()) if isinstance(pat[2], Var) else frozenset()
            out += [((p, s, x), "maybe") for x in comp.objects(p, s, need=need)]
        elif isinstance(pat[2], Var) and comp.value(p, s):
            how = "value" if comp.value(p, s) == "exists" else "value?"
            out.append((unknowns.value(s, p, comp.value_kind(p)), how))
    else:
        need = req.get(pat[1].name, frozenset()) if isinstance(pat[1], Var) else frozenset()
        out += [((p, x, o), "maybe") for x in comp.subjects(p, o, need)]
    return out


def settle(rows, true_atoms, false_atoms, functional) -> list:
    """The rows once some unknown atoms are settled: a row that rested on an
    atom now false (or on `not` an atom now true, or on a second value of a
    functional property now stated) drops out; a settled atom leaves its row's
    unknowns (engine/delta.py)."""
    stated = {(a[0], a[1]): a[2] for a in true_atoms if a[0] in functional}
    out = []
    for r in rows:
        unknown, dead = [], False
        for atom, positive in r.unknown:
            if atom in true_atoms:
                dead = dead or not positive
            elif atom in false_atoms:
                dead = dead or positive
            elif positive and stated.get((atom[0], atom[1]), atom[2]) != atom[2]:
                dead = True
            else:
                unknown.append((atom, positive))
        if not dead:
            out.append(Row(r.binding, r.atoms, unknown, r.tests, r.value))
    return out


def combine(g, agg, rows, group):
    return _combine(g, agg, rows, group)


def _combine(g, agg, rows, group):
    """The aggregate's value from its settled and possible rows."""
    settled = [r for r in rows if r.settled]
    possible = [r for r in rows if not r.settled]
    vals = [r.value for r in settled]
    exact = not possible and not any(isinstance(v, Unknown) for v in vals)
    if agg.func == "count":
        if not possible:
            return Decimal(len(settled))
        lo, hi = Decimal(len(settled)), Decimal(len(settled) + len(possible))
        return _unknown(g, agg, group, rows, lo, hi)
    if exact:
        return _plain(agg.func, vals)
    if agg.func == "sum":
        lo, hi = _sum_bounds(settled, possible)
    else:
        lo, hi = _extreme_bounds(agg.func, settled, possible)
    at = mono = None
    if not possible:
        src = unknowns.single_source(vals)
        if src is not None:
            fs = [unknowns.at_of(v) for v in vals]
            at = lambda raw: _plain(agg.func, [f(raw) for f in fs])   # noqa: E731
            mono = unknowns.combine(*[unknowns.mono_of(v) for v in vals])
    return _unknown(g, agg, group, rows, lo, hi, at, mono)


def _unknown(g, agg, group, rows, lo, hi, at=None, mono=0):
    srcs: set = set()
    comp = g.completions()
    for r in rows:
        for atom, _ in r.unknown:
            if atom[0] == "⊢value":
                srcs.add(("value", atom[1], atom[2]))
            elif not atom[0].startswith("⊢") and comp.askable(atom[0], atom[2]) \
                    and atom not in g.store.maybe.all:
                srcs.add(("fact", atom[1], atom[0], atom[2]))
            else:                     # a conclusion that may still be drawn (engine/relevance.py)
                srcs.add(("maybe",))
        for t in r.tests:
            srcs |= t.sources
        if isinstance(r.value, Unknown):
            srcs |= r.value.sources
    label = f"{agg.func} of ?{agg.target.name}" if agg.func != "count" else f"count of ?{agg.target.name}"
    term = ("agg", label, str(agg.pos) if agg.pos else "", group)
    return unknowns.make(term, srcs, lo, hi, at, mono)


def _plain(func, vals):
    if func == "count":
        return Decimal(len(vals))
    if not vals:
        return Decimal(0)
    if func == "sum":
        out = vals[0]
        for v in vals[1:]:
            out = out + v
        return out
    return min(vals) if func == "min" else max(vals)


def _add(x, y):
    return None if x is None or y is None else x + y


def _sum_bounds(settled, possible):
    lo = hi = Decimal(0)
    for r in settled:
        a, b = unknowns.bounds(r.value)
        lo, hi = _add(lo, a), _add(hi, b)
    for r in possible:
        a, b = unknowns.bounds(r.value)
        lo = _add(lo, None if a is None else min(a, a * 0))
        hi = _add(hi, None if b is None else max(b, b * 0))
    return lo, hi


def _extreme_bounds(func, settled, possible):
    """min (max is symmetric): at least the least low bound of any row that
    may count, at most the least high bound of the settled rows. With no
    settled row the set may be empty (value 0, as for no rows at all): the
    bounds then also admit 0 for numbers and money."""
    los = [unknowns.bounds(r.value)[0] for r in settled + possible]
    his = [unknowns.bounds(r.value)[1] for r in settled + possible]
    set_lo = [unknowns.bounds(r.value)[0] for r in settled]
    set_hi = [unknowns.bounds(r.value)[1] for r in settled]
    try:
        if func == "min":
            lo = None if None in los else min(los)
            hi = min([h for h in set_hi if h is not None], default=None) if settled else \
                (None if None in his else max(his))
        else:
            hi = None if None in his else max(his)
            lo = max([x for x in set_lo if x is not None], default=None) if settled else \
                (None if None in los else min(los))
        if not settled and lo is not None and hi is not None and not hasattr(lo, "year"):
            lo, hi = min(lo, lo * 0), max(hi, hi * 0)
        return lo, hi
    except (TypeError, ValueError):
        return None, None
