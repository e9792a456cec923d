"""Builtin functions: exact, calendar-aware, with readable errors."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from dutybound.rules.functions import FUNCTIONS, Calendar, FunctionError, call
from dutybound.values import Money

CN = Calendar.from_data({
    "workdays": ["Mon", "Tue", "Wed", "Thu", "Fri"],
    "holidays": [dt.date(2024, 10, 1), "2024-10-02"],
    "extra_workdays": ["2024-10-12"],          # a Saturday made a working day
})
CTX = SimpleNamespace(calendars={"cn": CN})


def f(name, *args):
    return call(CTX, name, args)


def test_days_between_counts_calendar_days_and_ignores_the_time():
    assert f("days_between", dt.datetime(2024, 1, 1, 23, 59), dt.date(2024, 1, 3)) == 2
    assert f("days_between", dt.date(2024, 1, 3), dt.date(2024, 1, 1)) == -2


def test_hours_between_is_exact():
    assert f("hours_between", dt.datetime(2024, 1, 1, 23), dt.datetime(2024, 1, 2, 1, 30)) \
        == D("2.5")
    assert isinstance(f("hours_between", dt.date(2024, 1, 1), dt.date(2024, 1, 2)), D)


def test_business_days_follow_the_calendar():
    # Fri 27 Sep -> Mon 14 Oct 2024: Sep 30, Oct 3, 4, 7-11, 12 (extra), 14 = 10
    assert f("business_days_between", dt.date(2024, 9, 27), dt.date(2024, 10, 14), "cn") == 10
    assert f("business_days_between", dt.date(2024, 10, 14), dt.date(2024, 9, 27), "cn") == -10
    # default calendar: Monday to Friday; the start day never counts
    assert f("business_days_between", dt.date(2024, 9, 27), dt.date(2024, 9, 30)) == 1
    assert f("business_days_between", dt.date(2024, 9, 27), dt.date(2024, 9, 27)) == 0


def test_business_days_agree_with_counting_day_by_day():
    start = dt.date(2024, 9, 1)
    for span in range(-40, 41):
        end = start + dt.timedelta(days=span)
        lo, hi = min(start, end), max(start, end)
        n = sum(CN.is_business_day(lo + dt.timedelta(days=i)) for i in range(1, (hi - lo).days + 1))
        assert f("business_days_between", start, end, "cn") == (n if span >= 0 else -n)


def test_add_business_days():
    assert f("add_business_days", dt.date(2024, 9, 30), D(1), "cn") == dt.date(2024, 10, 3)
    assert f("add_business_days", dt.date(2024, 10, 11), D(1), "cn") == dt.date(2024, 10, 12)
    assert f("add_business_days", dt.date(2024, 10, 3), D(-1), "cn") == dt.date(2024, 9, 30)
    assert f("add_business_days", dt.date(2024, 10, 5), D(0)) == dt.date(2024, 10, 5)
    t = dt.datetime(2024, 9, 27, 15, 30)
    assert f("add_business_days", t, D(1)) == dt.datetime(2024, 9, 30, 15, 30)


def test_add_days_and_date_of():
    assert f("add_days", dt.date(2024, 2, 28), D(2)) == dt.date(2024, 3, 1)
    assert f("add_days", dt.datetime(2024, 2, 28, 9), D(1)) == dt.datetime(2024, 2, 29, 9)
    assert f("date_of", dt.datetime(2024, 2, 28, 9)) == dt.date(2024, 2, 28)


def test_numbers_and_money():
    assert f("round", D("2.345"), D(2)) == D("2.35")
    assert f("round", D("2.5"), D(0)) == D("3")
    assert f("round", Money(D("-2.345"), "CNY"), D(2)) == Money(D("-2.35"), "CNY")
    assert f("abs", Money(D("-3"), "EUR")) == Money(D("3"), "EUR")
    assert f("min", D(3), D(1), D(2)) == D(1)
    assert f("max", Money(D(1), "CNY"), Money(D(5), "CNY")) == Money(D(5), "CNY")
    assert f("money", "CNY", D("12.50")) == Money(D("12.50"), "CNY")


@pytest.mark.parametrize("name,args,message", [
    ("business_days_between", (dt.date(2024, 1, 1), dt.date(2024, 1, 2), "nowhere"),
     "unknown calendar 'nowhere'"),
    ("days_between", ("yesterday", dt.date(2024, 1, 2)), "expected a date"),
    ("add_days", (dt.date(2024, 1, 1), D("1.5")), "whole number"),
    ("money", ("XYZ", D(1)), "unknown currency"),
    ("max", (Money(D(1), "CNY"), Money(D(1), "EUR")), "CNY"),
    ("days_between", (dt.date(2024, 1, 1),), "takes 2 argument(s), got 1"),
    ("nope", (), "unknown function"),
])
def test_errors_say_what_is_wrong(name, args, message):
    with pytest.raises(FunctionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call(CTX, name, args)


def test_calendar_from_data_rejects_nonsense():
    with pytest.raises(FunctionError, match="weekday"):
        Calendar.from_data({"workdays": ["Funday"]})
    with pytest.raises(FunctionError, match="unknown calendar field"):
        Calendar.from_data({"holiday": []})
    assert Calendar.from_data({}) == Calendar.default()


def test_every_builtin_is_documented_with_its_arity():
    for b in FUNCTIONS.values():
        assert b.doc and b.min_args >= 1 and (b.max_args is None or b.max_args >= b.min_args)
