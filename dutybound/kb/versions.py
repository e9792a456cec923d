"""Which version of a provision governs each rule instance, and why
(docs/semantics.md §3).

A rule cites a provision P. The versions that could govern an instance are P
and the earlier numbers P `renumbers` (the same rule under an older number).
A version V reaches an instance as V's rule of application says (its own
`time`, or the application that `governs` its law text's source):

- `to facts`: the instance's dated facts (the events, payments and harms it
  binds; none bound: the incident's date) are complete, that is the latest
  of them falls, on or after V's `effective` date and before its `repealed`
  date; `or later harm` also reaches an instance whose facts began before
  when a harm of the incident appeared in V's period;
- `to transactions`: the same, dated by the payments the instance binds;
- `to pending cases`: the case is decided in V's period.

A version is never applied by a court deciding before it took effect, and it
steps aside for a successor (a provision that `replaces` or `renumbers` it)
that reaches the same facts. The answer is three-valued: a fact whose date is
unknown can leave it unknown, and then the instance carries an unknown body
literal (`⊢governs`), never a silent choice.
"""
from __future__ import annotations

from dutybound.rules.timecheck import governing_map, source_of

GOVERNS = "⊢governs"
_NONE = object()      # not yet memoised (None is an answer: unknown)


def _and(a, b):
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def _or(a, b):
    if a is True or b is True:
        return True
    return None if a is None or b is None else False


def _not(a):
    return None if a is None else not a


def _period(v) -> str:
    return f"from {v.effective}" + (f" to {v.repealed}" if v.repealed else "")


class Versions:
    """The version choice of one assessment: `select` picks the rules worth
    grounding, `guard` answers per instance, `explain` says why."""

    def __init__(self, kb, dates, jurisdiction=None):
        self.kb, self.dates, self.jurisdiction = kb, dates, jurisdiction
        self.applications = kb.applications
        self.by_source = governing_map(self.applications.values())
        self.explained: dict = {}            # guard atom -> explanation
        self._cache: dict = {}
        # the dates are fixed for the assessment, so these answers are too: memoised, as
        # each rule instance asks them and the harms are as many as the payments
        self._harm_memo: dict = {}           # version id -> _harm_in_period
        self._governs_memo: dict = {}        # (version id, anchors) -> governs
        self.used: set = set()               # provisions some instance was governed by (or may be)
        self.dropped: dict = {}              # provision id -> anchors of an instance it did not govern

    # -- the declarations ---------------------------------------------
    def application(self, v):
        if v.time is not None:
            return self.applications.get(v.time)
        return self.by_source.get(source_of(v, self.kb.law_texts))

    def candidates(self, p) -> list:
        return [p] + [self.kb.provisions[x] for x in p.renumbers if x in self.kb.provisions]

    # -- the reach of one version ---------------------------------------
    def _in_period(self, v, days: list) -> bool | None:
        known = [d for d in days if d is not None]
        if len(known) == len(days):
            latest = max(known)
            return v.effective <= latest and (v.repealed is None or latest < v.repealed)
        if known and v.repealed is not None and max(known) >= v.repealed:
            return False
        if known and v.repealed is None and max(known) >= v.effective:
            return True
        return None

    def _harm_in_period(self, v) -> bool | None:
        hit = self._harm_memo.get(v.id, _NONE)
        if hit is not _NONE:
            return hit
        out = False
        for h in self.dates.harms:
            d = self.dates.day(h)
            out = _or(out, None if d is None else
                      (v.effective <= d and (v.repealed is None or d < v.repealed)))
            if out is True:
                break
        self._harm_memo[v.id] = out
        return out

    def reach(self, v, anchors: tuple) -> bool | None:
        d = self.dates
        if d.decided < v.effective:
            return False                      # not yet law when the case is decided
        app = self.application(v)
        kind = app.reach if app else "facts"
        if kind == "pending":
            return v.repealed is None or d.decided < v.repealed
        value = self._in_period(v, self.days(anchors))
        if app is not None and app.later_harm:
            value = _or(value, self._harm_in_period(v))
        return value

    def days(self, anchors: tuple) -> list:
        if not anchors:
            return [self.dates.as_of or self.dates.incident]
        return [self.dates.day(x) for x in anchors]

    def successors(self, v) -> list:
        return self.kb.successors.get(v.id, [])

    def governs(self, v, anchors) -> bool | None:
        key = (v.id, anchors)
        hit = self._governs_memo.get(key, _NONE)
        if hit is not _NONE:
            return hit
        value = self.reach(v, anchors)
        for s in self.successors(v):
            if s.jurisdiction == v.jurisdiction:
                value = _and(value, _not(self.reach(s, self._anchors_for(s, anchors))))
        self._governs_memo[key] = value
        return value

    def _anchors_for(self, v, anchors):
        app = self.application(v)
        if app is not None and app.reach == "transactions":
            pays = tuple(x for x in anchors if x in self.dates.payments)
            return pays or anchors
        return anchors

    # -- per instance ---------------------------------------------------
    def anchors(self, rule, binding) -> tuple:
        p = self.kb.provisions[rule.cites]
        dated = self.dates.dated
        xs = tuple(sorted({x for x in binding.values() if type(x) is str and x in dated}))
        return self._anchors_for(p, xs)

    def guard(self, rule, binding):
        """(value, atom, governing version): value True, False or None (unknown)."""
        p = self.kb.provisions[rule.cites]
        anchors = self.anchors(rule, binding)
        key = (p.id, anchors)
        hit = self._cache.get(key)
        if hit is None:
            value, chosen = False, None
            for v in self.candidates(p):
                g = self.governs(v, self._anchors_for(v, anchors))
                if g is True:
                    value, chosen = True, v
                    break
                if g is None:
                    value = None
            atom = (GOVERNS, p.id, anchors)
            hit = self._cache[key] = (value, atom, chosen or p)
            if value is not False:
                self.explained[atom] = self._explain(p, chosen, anchors, value)
                self.used.add(p.id)
            else:
                self.dropped.setdefault(p.id, anchors)
        return hit

    def not_governing(self) -> dict:
        """Provisions whose rules were grounded but govern none of the facts
        they met: id -> why."""
        return {pid: r["why"] for pid, r in self.not_governing_reasons().items()}

    def not_governing_reasons(self) -> dict:
        """The same, each as data besides its English `why`: `kind` "successor"
        (a successor governs these facts) or "facts" (the dates of the facts
        it met lie outside its period)."""
        out = {}
        for pid, anchors in self.dropped.items():
            if pid in self.used:
                continue
            p = self.kb.provisions[pid]
            reached_by = [succ for succ in self.successors(p)
                          if self.reach(succ, self._anchors_for(succ, anchors)) is True]
            if reached_by:
                succ = reached_by[0]
                out[pid] = {"kind": "successor", "successor": _ref(succ),
                            "why": f"its successor {succ.title} (from {succ.effective}) governs these facts"}
            else:
                dates = sorted({str(d) for d in self.days(anchors) if d is not None})
                out[pid] = {"kind": "facts", "scope": "the facts it met", "period": _span(p),
                            "fact_dates": dates,
                            "why": f"governs facts {_period(p)}; the facts it met are of " + ", ".join(dates)}
        return out

    def latest(self, anchors) -> object:
        known = [d for d in self.days(anchors) if d is not None]
        return max(known) if known else None

    # -- selection --------------------------------------------------------
    def possible(self, v) -> bool:
        """Whether v could govern some instance of this incident (a cheap superset)."""
        d = self.dates
        if d.decided < v.effective:
            return False
        app = self.application(v)
        if app is not None and app.reach == "pending":
            return v.repealed is None or d.decided < v.repealed
        days = list(d.days.values()) + [d.as_of or d.incident]
        if any(x is None for x in days):
            return True
        return any(v.effective <= x and (v.repealed is None or x < v.repealed) for x in days)

    def why_not(self, v) -> str:
        return self.why_not_reason(v)["why"]

    def why_not_reason(self, v) -> dict:
        """Why v was left out before grounding, as data besides its English
        `why`: `kind` "not yet in force" (when the case is decided), "cases
        decided" (a rule for pending cases, this one decided outside its
        period) or "facts" (the incident's facts lie outside its period)."""
        d = self.dates
        if d.decided < v.effective:
            return {"kind": "not yet in force", "decided": d.decided.isoformat(),
                    "why": f"not yet in force when the case is decided ({d.decided})"}
        app = self.application(v)
        if app is not None and app.reach == "pending":
            return {"kind": "cases decided", "period": _span(v), "decided": d.decided.isoformat(),
                    "why": f"governs cases decided {_period(v)}; this one is decided on {d.decided}"}
        first, last, _ = d.span()
        return {"kind": "facts", "scope": "the incident's facts", "period": _span(v),
                "fact_dates": sorted({first.isoformat(), last.isoformat()}),
                "why": (f"governs facts {_period(v)}; the incident's facts are dated "
                        + (f"{first}" if first == last else f"{first} to {last}"))}

    def select(self):
        """The strata restricted to rules of the jurisdiction whose provision (or
        an earlier number of it) could govern some fact of the incident; and the
        provisions left out, each with why."""
        keep, excluded = set(), {}
        for r in self.kb.rules:
            p = self.kb.provisions[r.cites]
            if self.jurisdiction and p.jurisdiction != self.jurisdiction:
                continue
            if any(self.possible(v) for v in self.candidates(p)):
                keep.add(r.id)
            else:
                excluded[p.id] = p
        strata = [[r for r in s if r.id in keep] for s in self.kb.strata]
        return strata, excluded

    # -- explanations ---------------------------------------------------
    def _explain(self, p, chosen, anchors, value) -> dict:
        v = chosen or p
        app = self.application(v)
        facts = [{"fact": x, "date": (self.dates.day(x).isoformat() if self.dates.day(x) else None)}
                 for x in anchors]
        out = {"provision": v.id, "title": v.title, "effective": v.effective.isoformat(),
               "repealed": v.repealed.isoformat() if v.repealed else None,
               "status": {True: "governs", None: "unknown"}[value],
               "facts": facts, "decided": self.dates.decided.isoformat(),
               "application": self.application_json(app)}
        if v is not p:
            out["renumbered_as"] = {"provision": p.id, "title": p.title,
                                    "effective": p.effective.isoformat()}
        # what the sentence says, as data (dutybound/explain/intime.py phrases it)
        latest = self.latest(anchors)
        out["reason"] = self._reason(v, app, anchors, value, latest)
        out["complete_on"] = latest.isoformat() if latest else None
        out["unknown_facts"] = [x for x in anchors if self.dates.day(x) is None]
        out["successors"] = [] if v is not p else [_ref(s) for s in self.successors(v)]
        out["why"] = self._sentence(p, v, app, anchors, value)
        return out

    def _reason(self, v, app, anchors, value, latest) -> str:
        """Why v governs: "unknown" (a date is missing), "pending" (the case
        was pending when v took effect), "later harm" (the facts began before
        v, the harm appeared after), else "facts" or "transactions" (complete,
        or begun, within v's period)."""
        if value is None:
            return "unknown"
        kind = app.reach if app else "facts"
        if kind == "pending":
            return "pending"
        if latest is not None and latest < v.effective:
            return "later harm"
        return kind

    def application_json(self, app) -> dict | None:
        if app is None:
            return None
        return {"id": app.id, "title": app.title, "reach": app.reach, "later_harm": app.later_harm,
                "cites": [{"id": c, "title": self.kb.provisions[c].title} for c in app.cites
                          if c in self.kb.provisions],
                "basis": app.basis, "before": app.before, "verified": app.verified, "en": " ".join(app.text_en.split())}

    def _sentence(self, p, v, app, anchors, value) -> str:
        by = _by(self.kb, app)
        if value is None:
            unknown = [x for x in anchors if self.dates.day(x) is None] or ["a harm"]
            return (f"Which version governs is unknown: the date of {', '.join(unknown)} is not "
                    f"known, and {v.title} governs only {self._what(app)} {_period(v)}{by}.")
        kind = app.reach if app else "facts"
        if kind == "pending":
            s = (f"{v.title} applied: in force {v.effective}, the case was not finally decided "
                 f"then (decided {self.dates.decided}){by}.")
        else:
            latest = self.latest(anchors)
            shown = ", ".join(f"{x} of {self.dates.day(x)}" for x in anchors) or \
                f"the incident of {self.dates.as_of or self.dates.incident}"
            what = "the payment transaction began" if kind == "transactions" else "the facts are complete"
            if latest is not None and latest < v.effective:
                s = (f"{v.title} governs: the facts ({shown}) began before {v.effective}, but the "
                     f"harm appeared on or after it{by}.")
            else:
                s = (f"{v.title} governs: {what} on {latest} ({shown}), within its period "
                     f"{_period(v)}{by}.")
        if v is not p:
            return s + (f" It is the earlier number of {p.title}, renumbered from {p.effective} "
                        f"with the same rule; its wording governed then.")
        for succ in self.successors(v):
            s += f" Its successor {succ.title} (from {succ.effective}) does not reach these facts."
        return s

    @staticmethod
    def _what(app) -> str:
        return {"pending": "cases decided", "transactions": "payment transactions begun"}.get(
            app.reach if app else "facts", "facts")


def _span(v) -> dict:
    return {"from": v.effective.isoformat(), "to": v.repealed.isoformat() if v.repealed else None}


def _ref(v) -> dict:
    return {"provision": v.id, "title": v.title, "effective": v.effective.isoformat()}


def _by(kb, app) -> str:
    if app is None:
        return "; the provision states no rule of application, so it is applied to facts from its date"
    cited = [kb.provisions[c].title for c in app.cites if c in kb.provisions]
    if app.basis:
        cited.append(app.basis)
    return f" ({'; '.join(cited)})" if cited else ""
