"""Arithmetic, builtin calls and comparisons over unknown values
(values.Unknown): what is known of the result.

Each operation on an unknown value gives an unknown value with
- interval bounds, computed from the operands' bounds (interval arithmetic
  through + - * /, and through the builtins by their monotonicity);
- when every unknown operand rests on the value of one and the same source
  (the time of `call`, the amount of `pay1`), the function that computes the
  result from a raw value of that source, and the direction in which the
  result moves with it.

A comparison is True when it holds for every pair of values in the bounds,
False when it holds for none, and an UnknownTruth otherwise. Bounds are
exact for one occurrence of each unknown; an expression that uses the same
unknown twice in different places (`?x - ?x`) gets wider bounds than the
truth, and a comparison on it may stay unknown where a closer look would
decide it (conservative; docs/semantics.md). A comparison of an unknown with
itself is decided (`?t <= ?t`).
"""
from __future__ import annotations

from dutybound.values import Money, Unknown, UnknownTruth, ValueError_

_ERRORS = (ValueError_, TypeError, ArithmeticError, OverflowError)

# How a builtin's result moves with each argument: +1 with it, -1 against it,
# None: the argument must be known (a calendar, a currency, a number of places).
_MONO = {
    "date_of": (1,), "add_days": (1, 1), "add_months": (1, 1),
    "add_business_days": (1, 1, None), "days_between": (-1, 1), "hours_between": (-1, 1),
    "business_days_between": (-1, 1, None), "round": (1, None), "money": (None, 1),
}


def is_unknown(x) -> bool:
    return isinstance(x, Unknown)


def bounds(x):
    return (x.lo, x.hi) if isinstance(x, Unknown) else (x, x)


def sources(*xs) -> frozenset:
    out: set = set()
    for x in xs:
        if isinstance(x, Unknown):
            out |= x.sources
    return frozenset(out)


def term(x):
    return x.term if isinstance(x, Unknown) else x


def single_source(xs):
    """The one value source every unknown among xs rests on, if each can be
    computed from it; else None."""
    src = None
    for x in xs:
        if not isinstance(x, Unknown):
            continue
        if x.at is None or len(x.sources) != 1:
            return None
        (s,) = x.sources
        if src is not None and s != src:
            return None
        src = s
    return src


def at_of(x):
    return x.at if isinstance(x, Unknown) else (lambda raw, x=x: x)


def mono_of(x):
    """+1 / -1 / 0 for an unknown, None for a known value (a constant)."""
    return x.mono if isinstance(x, Unknown) else None


def combine(*monos):
    """The direction of a sum of parts moving in the given directions."""
    seen = {m for m in monos if m is not None}
    if not seen:
        return None
    return seen.pop() if len(seen) == 1 else 0


def scale(m, sign):
    if m is None:
        return None
    if sign is None:
        return 0
    return m * sign if sign else None


def neg(m):
    return None if m is None else -m


def sign(k):
    if isinstance(k, bool):
        return None
    if isinstance(k, Money):
        k = k.amount
    try:
        return (k > 0) - (k < 0)
    except TypeError:
        return None


def make(term_, srcs, lo, hi, at=None, mono=0):
    """An Unknown, or the value itself when its bounds pin it down."""
    if lo is not None and hi is not None:
        try:
            if lo == hi and type(lo) is type(hi):
                return lo
        except _ERRORS:
            pass
    return Unknown(term_, srcs, lo, hi, at, mono if mono is not None else 0)


def value(s, p, kind=None) -> Unknown:
    """The unknown value of property p of individual s. Money is never negative
    (the incident's validation refuses a negative amount), so it is at least 0."""
    from decimal import Decimal
    lo = Decimal(0) if kind == "Money" else None
    return Unknown(("value", s, p), {("value", s, p)}, lo, None, lambda raw: raw, 1)


def _f(f, x, y):
    return None if x is None or y is None else f(x, y)


def arith(op: str, a, b, concrete):
    """a op b where one of them is unknown; `concrete(x, y)` computes op on
    known values (with the language's checks)."""
    lo, hi = _interval(op, a, b, concrete)
    src = single_source((a, b))
    at = mono = None
    if src is not None:
        fa, fb = at_of(a), at_of(b)
        at = lambda raw: concrete(fa(raw), fb(raw))      # noqa: E731
        ma, mb = mono_of(a), mono_of(b)
        if op == "+":
            mono = combine(ma, mb)
        elif op == "-":
            mono = combine(ma, neg(mb))
        elif op == "*":
            mono = scale(mb, sign(a)) if ma is None else scale(ma, sign(b)) if mb is None else 0
        else:
            mono = scale(ma, sign(b)) if mb is None else 0
    return make(("op", op, term(a), term(b)), sources(a, b), lo, hi, at, mono)


def _interval(op, a, b, f):
    (alo, ahi), (blo, bhi) = bounds(a), bounds(b)
    try:
        if op == "+":
            return _f(f, alo, blo), _f(f, ahi, bhi)
        if op == "-":
            return _f(f, alo, bhi), _f(f, ahi, blo)
        if None not in (alo, ahi, blo, bhi):
            if op == "/" and (sign(blo) or 0) <= 0 <= (sign(bhi) or 0):
                return None, None                      # the divisor may be zero
            corners = [f(x, y) for x in (alo, ahi) for y in (blo, bhi)]
            return min(corners), max(corners)
        k, (lo, hi) = (b, (alo, ahi)) if not isinstance(b, Unknown) else (a, (blo, bhi))
        if isinstance(k, Unknown) or (op == "/" and k is a):
            return None, None
        s = sign(k)
        g = (lambda x: f(x, k)) if k is b else (lambda x: f(k, x))   # noqa: E731
        if s == 1:
            return (None if lo is None else g(lo)), (None if hi is None else g(hi))
        if s == -1:
            return (None if hi is None else g(hi)), (None if lo is None else g(lo))
        return None, None
    except _ERRORS:
        return None, None


def call(func: str, args: list, concrete):
    """A builtin applied to arguments of which some are unknown; `concrete(args)`
    calls it on known values."""
    if func in ("min", "max"):
        lo, hi = _extreme(func, args)
        signs = (1,) * len(args)
    elif func == "abs":
        lo, hi = _abs(args[0])
        signs = (0,)
    else:
        signs = _MONO.get(func, (0,) * len(args))
        lo, hi = _monotone(args, signs, concrete)
    src = single_source(args)
    at = mono = None
    if src is not None:
        fs = [at_of(x) for x in args]
        at = lambda raw: concrete([g(raw) for g in fs])      # noqa: E731
        parts = []
        for x, s in zip(args, signs):
            if isinstance(x, Unknown):
                parts.append(scale(x.mono, s if s else None))
        mono = combine(*parts)
    return make(("call", func, tuple(term(x) for x in args)), sources(*args), lo, hi, at, mono)


def _monotone(args, signs, concrete):
    lows, highs = [], []
    for x, s in zip(args, signs):
        lo, hi = bounds(x)
        if isinstance(x, Unknown) and s not in (1, -1):
            return None, None
        if s == -1:
            lo, hi = hi, lo
        lows.append(lo)
        highs.append(hi)
    try:
        return (None if None in lows else concrete(lows)), (None if None in highs else concrete(highs))
    except _ERRORS:
        return None, None


def _extreme(func, args):
    """min/max: an unbounded end (None) is -inf among lows and +inf among highs."""
    los = [bounds(x)[0] for x in args]
    his = [bounds(x)[1] for x in args]
    pick = min if func == "min" else max
    try:
        if func == "min":
            lo = None if None in los else pick(los)
            known = [h for h in his if h is not None]
            hi = pick(known) if known else None
        else:
            hi = None if None in his else pick(his)
            known = [lo_ for lo_ in los if lo_ is not None]
            lo = pick(known) if known else None
        return lo, hi
    except _ERRORS:
        return None, None


def _abs(x):
    lo, hi = bounds(x)
    try:
        if lo is not None and sign(lo) >= 0:
            return lo, hi
        if hi is not None and sign(hi) <= 0:
            return -hi, (None if lo is None else -lo)
        if lo is not None and hi is not None:
            return lo * 0, max(-lo, hi)
    except _ERRORS:
        pass
    return None, None


def compare(op: str, a, b, concrete):
    """True, False, or an UnknownTruth; `concrete(x, y)` compares known values."""
    if isinstance(a, Unknown) and isinstance(b, Unknown) and a.term == b.term:
        return op in ("=", "<=", ">=")
    (alo, ahi), (blo, bhi) = bounds(a), bounds(b)
    decided = _decide(op, alo, ahi, blo, bhi)
    if decided is not None:
        return decided
    src = single_source((a, b))
    probes = ()
    if src is not None:
        direction = combine(mono_of(a), neg(mono_of(b))) or 0
        probes = ((src, at_of(a), op, at_of(b), direction),)
    return UnknownTruth(sources(a, b), probes)


def _decide(op, alo, ahi, blo, bhi):
    try:
        if op == ">":
            return _decide("<", blo, bhi, alo, ahi)
        if op == ">=":
            return _decide("<=", blo, bhi, alo, ahi)
        if op == "!=":
            d = _decide("=", alo, ahi, blo, bhi)
            return None if d is None else not d
        if op == "<":
            if ahi is not None and blo is not None and ahi < blo:
                return True
            if alo is not None and bhi is not None and alo >= bhi:
                return False
            return None
        if op == "<=":
            if ahi is not None and blo is not None and ahi <= blo:
                return True
            if alo is not None and bhi is not None and alo > bhi:
                return False
            return None
        if op == "=":
            if (ahi is not None and blo is not None and ahi < blo) or \
                    (bhi is not None and alo is not None and bhi < alo):
                return False
            return None
    except _ERRORS:
        return None
    return None
