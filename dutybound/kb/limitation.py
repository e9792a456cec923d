"""Limitation of claims (docs/semantics.md §11): when a claim for liability
runs out, and whether it is barred.

A `limitation` block gives one jurisdiction's general period. For each
liability a rule instance would conclude (`liable P to V`, V's claim against
P), the period starts on the day V knew or should have known of the harm and
of P (`starts knowledge`; from the end of that year with `starts year-end`;
the day of the violation with `starts occurrence`). The incident may state
that day (`proceedings.limitation.knew`, for all parties or per party);
otherwise the claim's facts' date is taken, and the output says so (a later
knowledge only moves the end later). An interruption starts the period
again; a suspension extends it as the block says; a longstop caps it from
the facts. The claim is barred when it was brought (filed, else decided)
after the period ended and the defendant invokes limitation: the courts do
not apply it of their own motion (CC 193; BGB 214(1): a right to refuse).
A barred, invoked claim gets a defeater like an `unless` block; otherwise
the output names the date on which the claim runs out.
"""
from __future__ import annotations

import datetime as dt

from dutybound.rules.ast import Exception_

TIMEBARRED = "⊢timebarred"


def add_months(d: dt.date, n: int) -> dt.date:
    """The same day n months later; a day the month lacks becomes its last
    (CC 202: 没有对应日的，月末日为期间的最后一日)."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    for day in range(d.day, 27, -1):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return dt.date(year, month, min(d.day, 28))


class LimitationCheck:
    def __init__(self, kb, dates, types_of):
        self.dates = dates
        self.types_of = types_of            # individual -> its classes
        self.kb = kb
        self.titles = {pid: p.title for pid, p in kb.provisions.items()}
        # (party, victim, basis, day of the facts) -> entry: a claim per instance (each
        # payment's violation has its own day, 15 U.S.C. 1693m(g)), whatever the order found
        self.entries: dict = {}

    def period_for(self, provision, anchors, versions):
        """The limitation block of the provision's jurisdiction whose own
        provision (the first it cites) governs the claim's facts: limitation
        law has versions too. None when the knowledge base holds none."""
        for lim in self.kb.limitations.values():
            if lim.jurisdiction != provision.jurisdiction or not lim.cites:
                continue
            own = self.kb.provisions.get(lim.cites[0])
            if own is not None and versions.governs(own, anchors) is True:
                return lim
        return None

    def defences(self, heads, provision, anchors, versions) -> tuple[list, list]:
        """(exceptions for the instance, settled atoms) for the liabilities among
        `heads` concluded under `provision`, whose facts are `anchors`."""
        anchor_day = versions.latest(anchors)
        lim = self.period_for(provision, anchors, versions)
        if lim is None or anchor_day is None:
            return [], []
        excs, settled = [], []
        for gh in heads:
            if gh.atom[0] != "⊢liable" or not gh.positive:
                continue
            party, victim = gh.atom[1], gh.atom[2]
            if lim.claimant and lim.claimant not in self.types_of(victim):
                continue
            entry = self.entry(lim, party, victim, provision, anchor_day)
            if entry["status"] == "barred":
                atom = (TIMEBARRED, party, victim, lim.id, provision.id, anchor_day)
                excs.append((Exception_((), gh.head.party, lim.pos), [(atom, True)]))
                settled.append((atom, True))
        return excs, settled

    def entry(self, lim, party, victim, provision, anchor_day) -> dict:
        key = (party, victim, provision.id, anchor_day)
        if key in self.entries:
            return self.entries[key]
        facts = self.dates.limitation or {}
        knew = facts.get("knew") or {}
        stated = knew.get(party) or knew.get("*")
        if lim.starts == "occurrence":
            start, start_basis = anchor_day, "occurrence"
            start_why = f"counted from {anchor_day}, the day of the violation"
        elif stated:
            start, start_basis = stated, "stated"
            start_why = (f"counted from {stated}, when {victim} knew of the grounds "
                         f"of the claim and of {party}")
        else:
            start, start_basis = anchor_day, "facts"
            start_why = (f"counted from {anchor_day}, the date of the facts, taken as the day {victim} "
                         f"knew of the grounds of the claim and of {party} (the incident does not say "
                         f"when; a later day moves the end later)")
        run_from = dt.date(start.year, 12, 31) if lim.starts == "year-end" else start
        if lim.starts == "year-end":
            start_why += f", from the end of that year ({run_from})"
        end = add_months(run_from, 12 * lim.years)
        runs_from = run_from
        notes, events = [], []          # in words, and as data (dutybound/explain/intime.py)
        for i in facts.get("interrupted") or ():
            if run_from < i <= end:
                run_from, end = i, add_months(i, 12 * lim.years)
                notes.append(f"interrupted on {i}, so it ran again from then")
                events.append({"kind": "interrupted", "on": i.isoformat()})
        for a, b in facts.get("suspended") or ():
            end, note, event = self._suspend(lim, run_from, end, a, b)
            if note:
                notes.append(note)
                events.append(event)
        if lim.longstop_years and add_months(anchor_day, 12 * lim.longstop_years) < end:
            end = add_months(anchor_day, 12 * lim.longstop_years)
            notes.append(f"capped by the longstop of {lim.longstop_years} years from {anchor_day}")
            events.append({"kind": "longstop", "years": lim.longstop_years, "from": anchor_day.isoformat()})
        asserted = self.dates.asserted
        run_out = asserted > end
        invoked = party in (facts.get("invoked_by") or ())
        status = ("barred" if run_out and invoked else
                  "run out, not invoked" if run_out else "not run out")
        cites = self.titles.get(lim.cites[0], lim.cites[0]) if lim.cites else lim.id
        brought = "filed" if self.dates.filed else "decided"
        if status == "barred":
            why = (f"{party} invokes limitation: {victim}'s claim under {provision.title} ran out on "
                   f"{end} and was {brought} on {asserted}, so it is barred ({cites}).")
        elif status == "run out, not invoked":
            why = (f"{victim}'s claim under {provision.title} ran out on {end}, before it was "
                   f"{brought} on {asserted}; it is barred only if {party} invokes limitation, "
                   f"which the incident does not say ({cites}).")
        else:
            why = (f"{victim}'s claim under {provision.title} runs out on {end}; it was {brought} on "
                   f"{asserted}, in time ({cites}).")
        out = self.entries[key] = {
            "party": party, "to": victim, "basis": provision.id, "limitation": lim.id,
            "period_years": lim.years, "starts": lim.starts, "start": start.isoformat(),
            "start_why": start_why, "runs_out": end.isoformat(), "asserted": asserted.isoformat(),
            "asserted_as": brought, "invoked": invoked, "status": status, "notes": notes,
            "cites": list(lim.cites), "verified": lim.verified, "why": why,
            # what the sentences say, as data (dutybound/explain/intime.py phrases them)
            "start_basis": start_basis, "runs_from": runs_from.isoformat(), "events": events,
            "basis_title": provision.title,
            "cited": [{"id": c, "title": self.titles.get(c, c)} for c in lim.cites]}
        return out

    @staticmethod
    def _suspend(lim, run_from, end, a, b):
        if lim.suspension == "not-counted":            # BGB 209
            lo, hi = max(a, run_from), min(b, end)
            if lo <= hi:
                days = (hi - lo).days + 1
                return (end + dt.timedelta(days=days), f"suspended {a} to {b} ({days} days not counted)",
                        {"kind": "suspended", "from": a.isoformat(), "to": b.isoformat(), "days": days})
        elif lim.suspension == "final-months" and lim.suspension_months:   # CC 194
            last = add_months(end, -lim.suspension_months)
            if a <= end and b >= last:
                new_end = max(end, add_months(b, lim.suspension_months))
                return new_end, (f"suspended {a} to {b} within the last {lim.suspension_months} "
                                 f"months, so it ends {lim.suspension_months} months after"), \
                    {"kind": "suspended in the final months", "from": a.isoformat(), "to": b.isoformat(),
                     "months": lim.suspension_months}
        return end, None, None
