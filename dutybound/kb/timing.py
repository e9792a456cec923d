"""The two clocks of an assessment (docs/semantics.md §3).

Each fact keeps its own date: an event, payment or harm is dated by its
`time` or `date`; one the incident leaves undated takes the incident's
`date` (the day of the harmful event), and one whose date the incident says
is unknown (`unknown: [time]`) has an unknown date. The assessment also has a
decision date, when the claim is judged: `--decided-on`, else the incident's
`proceedings: {decided: ...}`, else today. `--as-of D` is the one-date
shorthand: every fact taken as of D and the claim decided on D, that is, the
law in force on D.

`today()` reads $DUTYBOUND_TODAY when set (a reproducible run, as the tests
make), else the system's date.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from dutybound.errors import DutyboundError, Problem

# classes whose members are facts with a date of their own
DATED_CLASSES = ("Event", "Payment", "Harm")
DATE_PROPERTIES = ("time", "date")


def today() -> dt.date:
    fixed = os.environ.get("DUTYBOUND_TODAY")
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise DutyboundError(Problem(f"DUTYBOUND_TODAY={fixed!r} is not a date",
                                         hint="write YYYY-MM-DD, or unset it"), kind="usage") from None
    return dt.date.today()


def _day(v):
    if isinstance(v, dt.datetime):
        return v.date()
    return v if isinstance(v, dt.date) else None


@dataclass
class Dates:
    """The dates an assessment uses."""
    incident: dt.date                 # the incident's `date`
    decided: dt.date                  # when the claim is judged
    decided_basis: str                # how the decision date was chosen, in words
    filed: dt.date | None = None      # when the claim was brought (limitation)
    as_of: dt.date | None = None      # --as-of: one date for everything
    unknown: frozenset = frozenset()  # individuals whose date is stated unknown
    limitation: dict = field(default_factory=dict)   # proceedings.limitation
    # filled by index(): individual -> its day (None: unknown); the dated individuals
    days: dict = field(default_factory=dict)
    dated: set = field(default_factory=set)
    payments: set = field(default_factory=set)
    harms: set = field(default_factory=set)

    @classmethod
    def of(cls, incident, as_of: dt.date | None = None,
           decided_on: dt.date | None = None) -> "Dates":
        proc = getattr(incident, "proceedings", None) or {}
        if as_of is not None:
            decided, basis = as_of, "--as-of: every fact taken as of that day"
        elif decided_on is not None:
            decided, basis = decided_on, "--decided-on"
        elif proc.get("decided"):
            decided, basis = proc["decided"], "the incident's proceedings"
        else:
            decided, basis = today(), "today: no decision date given"
        return cls(incident.date, decided, basis, proc.get("filed"), as_of,
                   frozenset(getattr(incident, "unknown_dates", ()) or ()),
                   proc.get("limitation") or {})

    @property
    def asserted(self) -> dt.date:
        """When the claim was brought, for limitation: filed, else decided."""
        return self.filed or self.decided

    def index(self, facts) -> "Dates":
        """Reads every individual's date and kind from the (saturated) facts."""
        own: dict = {}
        refunds = set()
        for (s, p, o) in facts.true:
            if p in DATE_PROPERTIES:
                d = _day(o)
                if d is not None:
                    own[s] = min(own.get(s, d), d)
            elif p == "a" and o == "Refund":
                refunds.add(s)
            elif p == "a" and o in DATED_CLASSES:
                self.dated.add(s)
                if o == "Payment":
                    self.payments.add(s)
                elif o == "Harm":
                    self.harms.add(s)
        # a refund is the provider's performance, not the payment transaction the
        # claim is about: it dates a claim as a fact, not as a transaction
        self.payments -= refunds
        self.dated |= set(own)
        for x in self.dated:
            if self.as_of is not None:
                self.days[x] = self.as_of
            elif x in own:
                self.days[x] = own[x]
            else:
                self.days[x] = None if x in self.unknown else self.incident
        return self

    def day(self, x) -> dt.date | None:
        return self.days.get(x, self.as_of or self.incident)

    def span(self) -> tuple:
        """(earliest, latest) known fact date, and whether some date is unknown."""
        known = [d for d in self.days.values() if d is not None] or [self.as_of or self.incident]
        return min(known), max(known), any(d is None for d in self.days.values())

    def to_json(self) -> dict:
        first, last, unknown = self.span()
        return {"decided": self.decided.isoformat(), "decided_basis": self.decided_basis,
                "filed": self.filed.isoformat() if self.filed else None,
                "as_of": self.as_of.isoformat() if self.as_of else None,
                "incident": self.incident.isoformat(),
                "facts_from": first.isoformat(), "facts_to": last.isoformat(),
                "facts": {x: (d.isoformat() if d else None) for x, d in sorted(self.days.items())},
                "unknown": sorted(x for x, d in self.days.items() if d is None)}
