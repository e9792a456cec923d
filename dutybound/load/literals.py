"""An incident's literal values, read whole and checked in range, the same for
every format (YAML, JSON, Turtle, JSON-LD).

- money: a known currency code and an amount that is finite, not negative
  (what was paid or lost; a refund is a Refund event, not a negative payment)
  and under 10^15, with at most 6 decimals;
- numbers: finite, under 10^15 in size; a range a property needs beyond that
  (a share is 0..1) is stated in the knowledge base's SHACL shapes;
- dates and times: the whole text must be one (`2022-03-14garbage` is not),
  four-digit years, times without a UTC offset (all times of an incident are
  read in one time zone, so they compare).

Each reader raises ValueError_ with a sentence; the reader of the format adds
the file and position.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from dutybound.engine.facts import Text
from dutybound.errors import Problem
from dutybound.values import CURRENCIES, Money, ValueError_, looks_like_money, parse_money

MAX_MAGNITUDE = Decimal(10) ** 15
MAX_PLACES = 6
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,4})?$")
_INTEGER = re.compile(r"^[+-]?\d{1,16}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)(Z|[+-]\d{2}:?\d{2})?$")


def read_money(raw: str) -> Money:
    text = raw.strip()
    money = parse_money(text)
    if money.amount < 0:
        raise ValueError_(f"a negative amount, {text!r}: an amount is what was paid, owed or lost; "
                          "write it without a sign (money going back is a Refund of the payment)")
    _in_range(money.amount, text)
    return money


def read_decimal(raw: str) -> Decimal:
    text = raw.strip()
    if not _NUMBER.match(text):
        raise ValueError_(f"expected a finite number, got {text!r}; write e.g. 0.3 or 12")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError_(f"expected a finite number, got {text!r}") from None
    _in_range(value, text)
    return value


def read_integer(raw: str) -> Decimal:
    text = raw.strip()
    if not _INTEGER.match(text):
        raise ValueError_(f"expected a whole number, got {text!r}; write e.g. 2")
    value = Decimal(text)
    _in_range(value, text)
    return value


def read_date(raw: str) -> dt.date:
    text = raw.strip()
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError as e:
            raise ValueError_(f"not a date: {text!r} ({e}); write YYYY-MM-DD, e.g. 2022-03-14") from None
    raise ValueError_(f"not a date: {text!r}; write YYYY-MM-DD, e.g. 2022-03-14")


def read_datetime(raw: str) -> dt.datetime:
    text = raw.strip()
    m = _DATETIME.match(text)
    if m and m.group(3):
        raise ValueError_(f"a time with a UTC offset, {text!r}: write the local time without "
                          "the offset (every time of an incident is read in one time zone)")
    if m:
        try:
            return dt.datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}")
        except ValueError as e:
            raise ValueError_(f"not a date and time: {text!r} ({e}); write YYYY-MM-DDTHH:MM[:SS]") from None
    raise ValueError_(f"not a date and time: {text!r}; write YYYY-MM-DDTHH:MM[:SS], e.g. 2022-03-14T02:13")


def read_boolean(raw: str) -> bool:
    text = raw.strip().lower()
    if text not in ("true", "false"):
        raise ValueError_(f"expected true or false, got {raw!r}")
    return text == "true"


def read_untyped(raw: str):
    """A value of a property whose range says nothing: money, a time, a date or
    a number when it looks like one (checked as such), else text."""
    text = raw.strip()
    if looks_like_money(text):
        return read_money(text)
    if _DATETIME.match(text):
        return read_datetime(text)
    if _DATE.match(text):
        return read_date(text)
    if _NUMBER.match(text) or text.lower() in ("nan", "inf", "infinity", "-inf", "-infinity", ".nan", ".inf"):
        return read_decimal(text)
    return Text(raw)


def _in_range(value: Decimal, text: str) -> None:
    if not value.is_finite() or abs(value) >= MAX_MAGNITUDE:
        raise ValueError_(f"{text!r} is out of range: numbers and amounts must be finite and "
                          f"under 10^15 in size")
    if value != value.to_integral_value() and -value.normalize().as_tuple().exponent > MAX_PLACES:
        raise ValueError_(f"{text!r} has more than {MAX_PLACES} decimal places")


READERS = {"Money": read_money, "dateTime": read_datetime, "date": read_date,
           "integer": read_integer, "decimal": read_decimal, "boolean": read_boolean}


def read_literal(ranges, raw: str):
    """The value of `raw` for a property whose ontology ranges are `ranges`."""
    for name in ("Money", "dateTime", "date", "integer", "decimal", "boolean"):
        if name in ranges:
            return READERS[name](raw)
    if "string" in ranges:
        return Text(raw)
    return read_untyped(raw)


# ------------------------------------------------------------------ across facts

def currency_problems(facts, path: str) -> list[Problem]:
    """Dutybound never converts currencies, and the law adds and compares the
    amounts of one incident (sums of payments, caps, thresholds): an incident
    states every amount in one currency. The error names both facts."""
    first: dict = {}
    for (s, p, o), src in facts.true.items():
        if isinstance(o, Money) and o.currency in CURRENCIES:
            first.setdefault(o.currency, ((s, p, o), src))
    if len(first) < 2:
        return []
    (c1, (t1, s1)), (c2, (t2, s2)) = sorted(first.items(), key=lambda kv: (kv[1][1].line or 0))[:2]
    return [Problem(
        f"amounts in two currencies: '{t1[0]} {t1[1]} {t1[2]}' ({s1}) is in {c1} and "
        f"'{t2[0]} {t2[1]} {t2[2]}' ({s2}) is in {c2}; Dutybound does not convert currencies",
        path, s2.line, None,
        hint=f"state every amount of the incident in one currency (convert {c2} to {c1} "
             "at the rate that applies, and say so in the description)")]
