"""Literal values the law computes with: exact money, numbers, dates.

Money is a Decimal with an ISO 4217 currency; adding two currencies is an
error, never a silent conversion. Floats never appear.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

CURRENCIES = frozenset({"CNY", "EUR", "USD", "GBP", "HKD", "JPY"})


class ValueError_(ValueError):
    """A literal that cannot be read or an operation on mismatched values."""


@dataclass(frozen=True, order=False)
class Money:
    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,.2f}".replace(",", "_").replace("_", ",")

    def _same(self, other: "Money") -> None:
        if not isinstance(other, Money):
            raise ValueError_(f"cannot combine money {self} with {other!r}")
        if other.currency != self.currency:
            raise ValueError_(f"cannot combine {self.currency} with {other.currency}")

    def _coerce(self, other):
        """A plain zero is the zero of any currency (a sum over nothing is 0)."""
        if not isinstance(other, Money) and not isinstance(other, bool) and other == 0:
            return Money(Decimal(0), self.currency)
        return other

    def __add__(self, other):
        other = self._coerce(other)
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    __radd__ = __add__

    def __sub__(self, other):
        other = self._coerce(other)
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __rsub__(self, other):
        return Money(-self.amount, self.currency) + other

    def __mul__(self, k):
        if isinstance(k, Money):
            raise ValueError_("cannot multiply money by money")
        return Money(self.amount * Decimal(k), self.currency)

    __rmul__ = __mul__

    def __truediv__(self, k):
        if isinstance(k, Money):
            self._same(k)
            return self.amount / k.amount
        return Money(self.amount / Decimal(k), self.currency)

    def _cmp(self, other) -> tuple[Decimal, Decimal]:
        other = self._coerce(other)
        self._same(other)
        return self.amount, other.amount

    def __lt__(self, o): a, b = self._cmp(o); return a < b
    def __le__(self, o): a, b = self._cmp(o); return a <= b
    def __gt__(self, o): a, b = self._cmp(o); return a > b
    def __ge__(self, o): a, b = self._cmp(o); return a >= b

    def to_json(self) -> dict:
        return {"amount": str(self.amount), "currency": self.currency}


_MONEY = re.compile(r"^\s*([A-Z]{3})\s*(-?[0-9][0-9_,]*(?:\.[0-9]+)?)\s*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$")


def parse_money(text: str) -> Money:
    m = _MONEY.match(text)
    if not m or m.group(1) not in CURRENCIES:
        raise ValueError_(
            f"not an amount of money: {text!r}; write the currency code then the "
            f"amount, e.g. 'CNY 1200.00' (known currencies: {', '.join(sorted(CURRENCIES))})")
    try:
        return Money(Decimal(m.group(2).replace(",", "").replace("_", "")), m.group(1))
    except InvalidOperation as e:  # pragma: no cover - regex already guards
        raise ValueError_(f"not an amount: {text!r}") from e


def looks_like_money(text: str) -> bool:
    m = _MONEY.match(text)
    return bool(m) and m.group(1) in CURRENCIES


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as e:
        raise ValueError_(f"not a date: {text!r}; write YYYY-MM-DD, e.g. 2022-03-14") from e


def parse_datetime(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text.replace(" ", "T"))
    except ValueError as e:
        raise ValueError_(
            f"not a date and time: {text!r}; write YYYY-MM-DDTHH:MM[:SS]") from e


def parse_scalar(text: str):
    """Reads an incident's scalar written as text: money, datetime, date,
    number, or leaves it as a string."""
    t = text.strip()
    if looks_like_money(t):
        return parse_money(t)
    if _DATETIME.match(t):
        return parse_datetime(t)
    if _DATE.match(t):
        return parse_date(t)
    try:
        return Decimal(t)
    except InvalidOperation:
        return text


def to_decimal(x) -> Decimal:
    if isinstance(x, bool):
        raise ValueError_(f"not a number: {x!r}")
    if isinstance(x, Decimal):
        return x
    if isinstance(x, int):
        return Decimal(x)
    if isinstance(x, float):
        # YAML hands us floats for 0.3; go through repr to keep the digits typed.
        return Decimal(repr(x))
    raise ValueError_(f"not a number: {x!r}")


class Unknown:
    """A value the incident does not state, or one computed from such values
    (docs/semantics.md, "Unknown values").

    `term` is its identity and its description: `("value", s, p)` is the value
    of property p of individual s that the incident leaves unknown; `("op",
    op, a, b)`, `("call", f, args)` and `("agg", ...)` are values computed from
    unknown ones. `sources` are what would settle it: `("value", s, p)` (a value
    to ask) and `("fact", s, p, o)` (a fact to ask). `lo` and `hi` bound it
    (None: unbounded). When it rests on the value of one source only, `at(raw)`
    computes it from a raw value of that source, and `mono` says how it moves
    with that value: +1 grows, -1 shrinks, 0 unknown.
    """
    __slots__ = ("term", "sources", "lo", "hi", "at", "mono")

    def __init__(self, term, sources, lo=None, hi=None, at=None, mono=0):
        self.term, self.sources, self.lo, self.hi = term, frozenset(sources), lo, hi
        self.at, self.mono = at, mono

    def __eq__(self, other) -> bool:
        return isinstance(other, Unknown) and other.term == self.term

    def __hash__(self) -> int:
        return hash(("Unknown", self.term))

    def __repr__(self) -> str:
        return f"Unknown({term_text(self.term)})"

    def to_json(self) -> dict:
        return {"unknown": term_text(self.term), "min": to_json(self.lo), "max": to_json(self.hi)}


class UnknownTruth:
    """A `where` test over unknown values that holds in some completions of the
    incident and fails in others. `probes` lets the open-question search find
    the thresholds of a value: `(source, left_at, op, right_at, direction)`,
    where `left_at(raw)` and `right_at(raw)` compute both sides from a raw value
    of the source and `direction` is how left - right moves with it (0: unknown)."""
    __slots__ = ("sources", "probes")

    def __init__(self, sources, probes=()):
        self.sources, self.probes = frozenset(sources), tuple(probes)

    def __repr__(self) -> str:
        return "UnknownTruth(" + ", ".join(sorted(map(repr, self.sources))) + ")"


def term_text(term) -> str:
    """`the time of call`, `add_months(the time of pay1, 13)`, `count (0 to 2)`."""
    if not isinstance(term, tuple):
        return show(term)
    kind = term[0]
    if kind == "value":
        return f"the {term[2]} of {term[1]}"
    if kind == "op":
        return f"{term_text(term[2])} {term[1]} {term_text(term[3])}"
    if kind == "call":
        return f"{term[1]}({', '.join(term_text(a) for a in term[2])})"
    if kind == "agg":
        return f"the {term[1]}"
    return str(term)


def describe_unknown(u: "Unknown") -> str:
    """Notation, not words (it stands inside a rule's condition in every language):
    `?` with what is known of the value, `? 0…3`, `? ≥ CNY 0.00`, `? ≤ 2024-05-30`;
    the sentences that ask for the value say what it is (explain/questions.py)."""
    lo, hi = u.lo, u.hi
    if lo is not None and hi is not None:
        return f"? {show(lo)}…{show(hi)}"
    if lo is not None:
        return f"? ≥ {show(lo)}"
    if hi is not None:
        return f"? ≤ {show(hi)}"
    return "?"


def show(value) -> str:
    """Human text for a value, the same in every renderer."""
    if isinstance(value, Unknown):
        return describe_unknown(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (dt.date, Decimal, Money)):
        return str(value)
    return str(value)


def to_json(value):
    if isinstance(value, Unknown):
        return value.to_json()
    if isinstance(value, Money):
        return value.to_json()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
