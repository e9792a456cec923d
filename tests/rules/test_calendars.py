"""Named business-day calendars from the holidays library (dutybound/rules/calendars.py)."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from dutybound.errors import DutyboundError
from dutybound.rules.calendars import NAMED, check_name, estimate_note, holiday_name
from dutybound.rules.functions import Calendar, FunctionError, add_business_days

D = dt.date


def test_chinese_new_year_2024_with_the_working_sunday_before_and_after():
    cn = Calendar.from_data("CN")
    # State Council notice for 2024: 10-17 February off; Sunday 4 and Sunday 18 February worked
    assert not any(cn.is_business_day(D(2024, 2, d)) for d in range(10, 18))
    assert cn.is_business_day(D(2024, 2, 4)) and cn.is_business_day(D(2024, 2, 18))
    assert add_business_days(None, D(2024, 2, 9), 1, cn) == D(2024, 2, 18)
    # February 2024: 21 weekdays, 5 of them off (12-16), 2 Sundays worked
    assert cn.count(D(2024, 1, 31), D(2024, 2, 29)) == 18
    assert Calendar.default().count(D(2024, 1, 31), D(2024, 2, 29)) == 21


def test_a_german_land_has_its_own_holidays():
    by, hh, de = (Calendar.from_data(n) for n in ("DE-BY", "DE-HH", "DE"))
    corpus_christi = D(2024, 5, 30)
    assert not by.is_business_day(corpus_christi)
    assert hh.is_business_day(corpus_christi) and de.is_business_day(corpus_christi)
    assert not de.is_business_day(D(2024, 10, 3))                 # German Unity Day, everywhere
    assert not hh.is_business_day(D(2024, 10, 31)) and by.is_business_day(D(2024, 10, 31))


def test_federal_reserve_and_target2_days():
    fed, target = Calendar.from_data("us-fed"), Calendar.from_data("TARGET2")
    assert holiday_name("US-FED", D(2024, 5, 27)) == "Memorial Day"
    assert add_business_days(None, D(2024, 5, 24), 1, fed) == D(2024, 5, 28)
    assert not target.is_business_day(D(2024, 4, 1)) and target.is_business_day(D(2024, 5, 27))
    assert Calendar.from_data("EU-TARGET2") == Calendar(frozenset(range(5)), named="EU-TARGET2")


def test_the_incidents_own_holidays_count_on_top_of_a_named_calendar():
    fed = Calendar.from_data({"calendar": "US-FED", "holidays": ["2024-05-28"]})
    assert add_business_days(None, D(2024, 5, 24), 2, fed) == D(2024, 5, 30)
    assert fed.count(D(2024, 5, 24), D(2024, 5, 31)) == 3
    back = Calendar.from_data({"calendar": "CN", "extra_workdays": ["2024-02-25"]})
    assert back.is_business_day(D(2024, 2, 25))


def test_an_unknown_name_says_which_names_exist():
    with pytest.raises(FunctionError, match="did you mean 'US-FED'"):
        Calendar.from_data("US-FEDD")
    assert check_name("de-by") == "DE-BY" and "US-FED" in NAMED


def test_an_incident_names_a_calendar_and_a_bad_name_is_an_error_at_its_line(kb, incident):
    body = """\
        incident: x
        date: 2024-05-24
        jurisdiction: US
        calendars:
          CalendarUS: {name}
        individuals:
          bank: {{a: Bank, calendar: CalendarUS}}
        """
    good = kb.load_incident(incident(body.format(name="US-FED")))
    assert good.calendars["CalendarUS"].named == "US-FED"
    with pytest.raises(DutyboundError) as e:
        kb.load_incident(incident(body.format(name="US-FDE")))
    [p] = e.value.problems
    assert (p.line, p.col) == (5, 15) and "unknown calendar 'US-FDE'" in p.message


def test_a_chinese_year_the_library_has_no_notice_for_is_a_warning(kb, incident):
    from dutybound.rules.calendars import last_known_swap_year
    later = last_known_swap_year() + 1
    assert estimate_note("CN", later - 1) is None and "调休" in estimate_note("CN", later)
    path = incident(f"""\
        incident: x
        date: {later}-03-02
        jurisdiction: CN
        calendars: {{CalendarCN: CN}}
        individuals:
          bank: {{a: Bank, calendar: CalendarCN}}
        """)
    a = kb.assess(path)
    assert any("working-day swaps" in p["message"] for p in a.problems)


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(["CN", "DE-BY", "US-FED", "TARGET2"]),
       start=st.dates(D(2019, 1, 1), D(2026, 12, 31)), span=st.integers(0, 500),
       own=st.lists(st.dates(D(2019, 1, 1), D(2027, 12, 31)), max_size=4),
       extra=st.lists(st.dates(D(2019, 1, 1), D(2027, 12, 31)), max_size=3))
def test_counting_agrees_with_looking_at_each_day(name, start, span, own, extra):
    cal = Calendar.from_data({"calendar": name, "holidays": own, "extra_workdays": extra})
    end = start + dt.timedelta(days=span)
    by_day = sum(cal.is_business_day(start + dt.timedelta(days=i)) for i in range(1, span + 1))
    assert cal.count(start, end) == by_day
