"""Builtin functions of the rule language, shared by the checker (names and
arity) and the reasoner (implementations).

Every implementation is `impl(ctx, *args)`. `ctx` needs `ctx.calendars`, a
dict from individual name to Calendar, and may carry `ctx.default_calendar`
(used when a business-day function is called without one; otherwise Monday
to Friday with no holidays). Arithmetic is exact Decimal; floats never appear.
Errors raise FunctionError (a ValueError_) with a message a lawyer can read.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable

from dutybound.values import CURRENCIES, Money, ValueError_, parse_date, to_decimal

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class FunctionError(ValueError_):
    """A builtin was called with values it cannot work with."""


@dataclass(frozen=True)
class Calendar:
    """Which days are business days.

    A day is a business day when it is listed in `extra_workdays` (the
    weekend days China makes working days around public holidays), or when
    its weekday is in `workdays` (0 = Monday) and it is not a holiday.
    `named` is a calendar of the `holidays` library (dutybound.rules.calendars:
    CN, DE, DE-BY, TARGET2, US-FED, ...) whose holidays and working days count
    together with the ones listed here.
    """
    workdays: frozenset[int]
    holidays: frozenset[dt.date] = frozenset()
    extra_workdays: frozenset[dt.date] = frozenset()
    named: str | None = None

    @classmethod
    def default(cls) -> "Calendar":
        return cls(frozenset(range(5)))

    @classmethod
    def from_data(cls, data) -> "Calendar":
        """Reads `{calendar: NAME, workdays: [Mon, ...], holidays: [dates],
        extra_workdays: [dates]}`, or a bare NAME; a missing `workdays` means Monday
        to Friday, and a named calendar's own holidays and working days count too."""
        if isinstance(data, str):
            data = {"calendar": data}
        if not isinstance(data, dict):
            raise FunctionError(f"a calendar must be a mapping or a calendar name, got {data!r}")
        unknown = set(data) - {"calendar", "workdays", "holidays", "extra_workdays"}
        if unknown:
            raise FunctionError(
                f"unknown calendar field(s) {', '.join(sorted(map(str, unknown)))}; "
                "expected calendar, workdays, holidays, extra_workdays")
        named = data.get("calendar")
        if named is not None:
            from dutybound.rules.calendars import check_name
            named = check_name(named)
        days = data.get("workdays")
        workdays = frozenset(range(5)) if days is None else frozenset(_weekday(d) for d in days)
        return cls(workdays,
                   frozenset(_date_item(d) for d in data.get("holidays") or ()),
                   frozenset(_date_item(d) for d in data.get("extra_workdays") or ()), named)

    def _days(self, start: dt.date, end: dt.date) -> tuple[frozenset, frozenset]:
        """(holidays, extra working days) that may fall in [start, end]."""
        if self.named is None:
            return self.holidays, self.extra_workdays
        from dutybound.rules.calendars import library_days
        hol, extra = set(self.holidays), set(self.extra_workdays)
        for year in range(start.year, end.year + 1):
            h, e = library_days(self.named, year)
            hol |= h
            extra |= e
        return frozenset(hol), frozenset(extra)

    def is_business_day(self, d: dt.date) -> bool:
        holidays, extra = self._days(d, d)
        if d in extra:
            return True
        return d.weekday() in self.workdays and d not in holidays

    def count(self, start: dt.date, end: dt.date) -> int:
        """Business days d with start < d <= end (0 when end <= start)."""
        if end <= start:
            return 0
        first = start + dt.timedelta(days=1)
        span = (end - start).days
        weeks, rest = divmod(span, 7)
        n = weeks * len(self.workdays)
        n += sum(1 for i in range(rest) if (first.weekday() + i) % 7 in self.workdays)
        holidays, extra = self._days(first, end)
        for h in holidays:
            if start < h <= end and h.weekday() in self.workdays and h not in extra:
                n -= 1
        for e in extra:          # a working weekday is counted above, holiday or not
            if start < e <= end and e.weekday() not in self.workdays:
                n += 1
        return n


def _weekday(d) -> int:
    if isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6:
        return d
    if isinstance(d, str):
        key = d.strip()[:3].capitalize()
        if key in DAY_NAMES:
            return DAY_NAMES.index(key)
    raise FunctionError(f"not a weekday: {d!r}; write Mon, Tue, Wed, Thu, Fri, Sat or Sun")


def _date_item(d) -> dt.date:
    if isinstance(d, dt.datetime):
        return d.date()
    if isinstance(d, dt.date):
        return d
    if isinstance(d, str):
        return parse_date(d.strip())
    raise FunctionError(f"not a date: {d!r}; write YYYY-MM-DD")


@dataclass(frozen=True)
class Builtin:
    name: str
    min_args: int
    max_args: int | None          # None: any number
    impl: Callable[..., Any]
    doc: str
    # index of the argument that names a calendar (an individual of the
    # incident or the ontology, so the checker accepts any name there)
    calendar_arg: int | None = None

    def arity(self) -> str:
        if self.max_args is None:
            return f"at least {self.min_args}"
        if self.min_args == self.max_args:
            return str(self.min_args)
        return f"{self.min_args} to {self.max_args}"


# ------------------------------------------------------------------ helpers

def _day(fn: str, x) -> dt.date:
    if isinstance(x, dt.datetime):
        return x.date()
    if isinstance(x, dt.date):
        return x
    raise FunctionError(f"{fn}: expected a date or date-time, got {_show(x)}")


def _moment(fn: str, x) -> dt.datetime:
    if isinstance(x, dt.datetime):
        return x
    if isinstance(x, dt.date):
        return dt.datetime(x.year, x.month, x.day)
    raise FunctionError(f"{fn}: expected a date or date-time, got {_show(x)}")


def _whole(fn: str, x) -> int:
    try:
        d = to_decimal(x)
    except ValueError_:
        raise FunctionError(f"{fn}: expected a whole number, got {_show(x)}") from None
    if d != d.to_integral_value():
        raise FunctionError(f"{fn}: expected a whole number, got {d}")
    return int(d)


def _number(fn: str, x):
    if isinstance(x, Money):
        return x
    try:
        return to_decimal(x)
    except ValueError_:
        raise FunctionError(f"{fn}: expected a number or money, got {_show(x)}") from None


def _show(x) -> str:
    if isinstance(x, str):
        return repr(x)
    return f"{x} ({type(x).__name__})"


def calendar_of(ctx, fn: str, name=None) -> Calendar:
    """The calendar named by an individual, or the context's default."""
    if name is None:
        return getattr(ctx, "default_calendar", None) or Calendar.default()
    if isinstance(name, Calendar):
        return name
    if not isinstance(name, str):
        raise FunctionError(f"{fn}: expected a calendar (an individual), got {_show(name)}")
    calendars = getattr(ctx, "calendars", None) or {}
    if name not in calendars:
        known = ", ".join(sorted(calendars)) or "none are defined"
        raise FunctionError(f"{fn}: unknown calendar {name!r} (known calendars: {known})")
    return calendars[name]


# ---------------------------------------------------------- implementations

def days_between(ctx, a, b) -> Decimal:
    return Decimal((_day("days_between", b) - _day("days_between", a)).days)


def hours_between(ctx, a, b) -> Decimal:
    td = _moment("hours_between", b) - _moment("hours_between", a)
    micro = (td.days * 86400 + td.seconds) * 1_000_000 + td.microseconds
    return Decimal(micro) / Decimal(3_600_000_000)


def business_days_between(ctx, a, b, calendar=None) -> Decimal:
    cal = calendar_of(ctx, "business_days_between", calendar)
    da, db = _day("business_days_between", a), _day("business_days_between", b)
    return Decimal(cal.count(da, db) if db >= da else -cal.count(db, da))


def add_days(ctx, d, n):
    if not isinstance(d, dt.date):
        raise FunctionError(f"add_days: expected a date or date-time, got {_show(d)}")
    return d + dt.timedelta(days=_whole("add_days", n))


def add_months(ctx, d, n):
    """The same day n calendar months after d (before d when n < 0); a day the
    target month lacks becomes its last day (31 January + 1 month = 28 or 29
    February), as BGB §188(3) counts a period of months."""
    if not isinstance(d, dt.date):
        raise FunctionError(f"add_months: expected a date or date-time, got {_show(d)}")
    k = _whole("add_months", n)
    month0 = d.month - 1 + k
    year, month = d.year + month0 // 12, month0 % 12 + 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return d.replace(year=year, month=month, day=min(d.day, last))


def add_business_days(ctx, d, n, calendar=None):
    """The n-th business day after d (before d when n < 0); d itself when n = 0.
    A date-time keeps its time of day."""
    cal = calendar_of(ctx, "add_business_days", calendar)
    day = _day("add_business_days", d)
    k = _whole("add_business_days", n)
    if k and not cal.workdays and not cal.extra_workdays:
        raise FunctionError("add_business_days: the calendar has no business days")
    step = dt.timedelta(days=1 if k > 0 else -1)
    left = abs(k)
    idle = 0
    while left:
        day += step
        if cal.is_business_day(day):
            left, idle = left - 1, 0
        else:
            idle += 1
            if idle > 3660:
                raise FunctionError("add_business_days: no business day within ten years")
    if isinstance(d, dt.datetime):
        return dt.datetime.combine(day, d.timetz())
    return day


def date_of(ctx, t) -> dt.date:
    return _day("date_of", t)


def _extreme(fn: str, pick):
    def impl(ctx, *args):
        if not args:
            raise FunctionError(f"{fn}: needs at least one value")
        try:
            return pick(args)
        except TypeError:
            kinds = ", ".join(sorted({type(a).__name__ for a in args}))
            raise FunctionError(f"{fn}: cannot compare values of kinds {kinds}") from None
        except ValueError_ as e:
            raise FunctionError(f"{fn}: {e}") from None
    return impl


def abs_(ctx, x):
    v = _number("abs", x)
    return Money(abs(v.amount), v.currency) if isinstance(v, Money) else abs(v)


def round_(ctx, x, places):
    v = _number("round", x)
    q = Decimal(1).scaleb(-_whole("round", places))
    if isinstance(v, Money):
        return Money(v.amount.quantize(q, rounding=ROUND_HALF_UP), v.currency)
    return v.quantize(q, rounding=ROUND_HALF_UP)


def money(ctx, currency, amount) -> Money:
    if not isinstance(currency, str) or currency not in CURRENCIES:
        raise FunctionError(
            f"money: unknown currency {currency!r} (known: {', '.join(sorted(CURRENCIES))})")
    if isinstance(amount, Money):
        raise FunctionError("money: the amount is already money")
    try:
        return Money(to_decimal(amount), currency)
    except ValueError_:
        raise FunctionError(f"money: expected a number, got {_show(amount)}") from None


FUNCTIONS: dict[str, Builtin] = {b.name: b for b in [
    Builtin("days_between", 2, 2, days_between,
            "Whole calendar days from a to b (date-times count by their date)."),
    Builtin("hours_between", 2, 2, hours_between,
            "Hours from a to b as an exact Decimal (a date counts as midnight)."),
    Builtin("business_days_between", 2, 3, business_days_between,
            "Business days d with date(a) < d <= date(b); negative when b is before a. "
            "The optional third argument names a calendar individual.", calendar_arg=2),
    Builtin("add_days", 2, 2, add_days, "The date (or date-time) n calendar days after d."),
    Builtin("add_months", 2, 2, add_months,
            "The same day n calendar months after d; a missing day becomes the month's last."),
    Builtin("add_business_days", 2, 3, add_business_days,
            "The n-th business day after d (before d when n < 0), under an optional calendar.",
            calendar_arg=2),
    Builtin("date_of", 1, 1, date_of, "The date of a date-time."),
    Builtin("min", 1, None, _extreme("min", min), "The least of its arguments."),
    Builtin("max", 1, None, _extreme("max", max), "The greatest of its arguments."),
    Builtin("abs", 1, 1, abs_, "The absolute value of a number or an amount of money."),
    Builtin("round", 2, 2, round_,
            "x rounded half-up to `places` decimals (money rounds its amount)."),
    Builtin("money", 2, 2, money, 'Money from a currency code and a number: money("CNY", ?n).'),
]}


def call(ctx, name: str, args) -> Any:
    """Calls a builtin by name after checking its arity."""
    b = FUNCTIONS.get(name)
    if b is None:
        raise FunctionError(f"unknown function {name!r}")
    if len(args) < b.min_args or (b.max_args is not None and len(args) > b.max_args):
        raise FunctionError(f"{name} takes {b.arity()} argument(s), got {len(args)}")
    return b.impl(ctx, *args)
