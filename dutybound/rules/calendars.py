"""Named business-day calendars, from the `holidays` library (vacanza/holidays).

An incident names one instead of typing every holiday:

    calendars:
      CalendarUS: US-FED                          # the Federal Reserve's holidays
      CalendarDE: {calendar: DE-BY, holidays: [2024-12-24]}   # Bavaria, and a day of its own

| name | what | from `holidays` |
|---|---|---|
| `CN` | PRC public holidays with the State Council's working-day swaps (调休) | `country_holidays("CN")`, its `weekend_workdays` |
| `DE` | German public holidays of every Land (the federal ones) | `country_holidays("DE")` |
| `DE-BW` ... `DE-TH` | a Land's public holidays (`DE-BY` Bavaria, `DE-HH` Hamburg, ...) | `country_holidays("DE", subdiv=...)` |
| `TARGET2`, `EU-TARGET2` | days the Eurosystem's TARGET2 system is closed | `financial_holidays("ECB")` |
| `US-FED` | Federal Reserve System holidays | `financial_holidays("FED")` |

China moves working days around its public holidays each year by a State Council
notice: the library carries them (`weekend_workdays`, with the notices cited in its
source) for the years it knows, 2001 to its latest release; for a later year it gives
only the statutory holidays and no swaps, and `estimate_note` says so.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from dutybound.rules.functions import FunctionError

_DE_LAENDER = ("BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL",
               "SN", "ST", "TH")
# name -> (kind, code, subdivision)
NAMED: dict[str, tuple[str, str, str | None]] = {
    "CN": ("country", "CN", None),
    "DE": ("country", "DE", None),
    **{f"DE-{land}": ("country", "DE", land) for land in _DE_LAENDER},
    "TARGET2": ("financial", "ECB", None),
    "EU-TARGET2": ("financial", "ECB", None),
    "US-FED": ("financial", "FED", None),
}


class CalendarNameError(FunctionError):
    """Not a calendar name this module knows."""


def check_name(name) -> str:
    key = str(name).strip().upper()
    if key not in NAMED:
        from dutybound.errors import did_you_mean
        hint = did_you_mean(key, NAMED)
        raise CalendarNameError(
            f"unknown calendar {name!r}" + (f" ({hint})" if hint else "")
            + f"; named calendars are {', '.join(sorted(NAMED))}")
    return key


@lru_cache(maxsize=512)
def _library(name: str, year: int):
    import holidays
    kind, code, subdiv = NAMED[name]
    if kind == "financial":
        return holidays.financial_holidays(code, years=year)
    return holidays.country_holidays(code, subdiv=subdiv, years=year)


@lru_cache(maxsize=512)
def library_days(name: str, year: int) -> tuple[frozenset, frozenset]:
    """(holidays, weekend days made working days) of a named calendar in one year."""
    lib = _library(name, year)
    days = frozenset(d for d in lib if d.year == year)
    extra = frozenset(d for d in getattr(lib, "weekend_workdays", ()) if d.year == year)
    return days, extra


def holiday_name(name: str, day: dt.date) -> str | None:
    """What the library calls the day (\"Memorial Day\"), or None for a working day."""
    return _library(name, day.year).get(day)


def last_known_swap_year() -> int | None:
    """The latest year for which the library holds the State Council's holiday notice
    for China (the year's special holidays and working-day swaps)."""
    try:
        from holidays.countries.china import ChinaStaticHolidays
    except ImportError:
        return None
    years = getattr(ChinaStaticHolidays, "special_public_holidays", {})
    return max(years) if years else None


def estimate_note(name: str, year: int) -> str | None:
    """A sentence when the library's days for that year are an estimate, else None."""
    if NAMED.get(name, ("", ""))[1] != "CN":
        return None
    known = last_known_swap_year()
    if known is not None and year <= known:
        return None
    import holidays
    return (f"calendar {name}: the holidays package ({holidays.__version__}) holds the State "
            f"Council's holiday notices up to {known}; for {year} it gives the statutory "
            f"holidays only, without the working-day swaps (调休): state them under "
            f"holidays and extra_workdays")
