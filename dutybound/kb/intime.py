"""The law in time for one assessment: its dates, the version that governs
each rule instance, and limitation (docs/semantics.md §3 and §9).

The grounder asks `instance(rule, binding, heads)` for each ground instance
it is about to emit: None drops it (no version of its provision governs
these facts); otherwise it returns the body literals to add (the
`⊢governs` guard: settled true, or left unknown when a date is unknown), the
exceptions to add (a limitation invoked and run out) and the atoms to settle.
"""
from __future__ import annotations

from dutybound.kb.limitation import TIMEBARRED, LimitationCheck
from dutybound.kb.timing import Dates
from dutybound.kb.versions import GOVERNS, Versions


class LawInTime:
    def __init__(self, kb, incident, facts, jurisdiction=None, as_of=None, decided_on=None):
        self.kb = kb
        self.dates = Dates.of(incident, as_of, decided_on).index(facts)
        self.versions = Versions(kb, self.dates, jurisdiction)
        types: dict = {}
        for (s, p, o) in facts.true:
            if p == "a":
                types.setdefault(s, set()).add(o)
        self.limitation = LimitationCheck(kb, self.dates, lambda x: types.get(x, ()))
        self.excluded: dict = {}
        self.if_counted: set = set()      # guards that hold only if an open row counts

    def select(self):
        strata, self.excluded = self.versions.select()
        return strata, self.excluded

    def instance(self, rule, binding, heads, aggregated=(), open_rows=()):
        """`aggregated`: the atoms an aggregate of the instance counted; their
        individuals date the instance too (a sum over payments). `open_rows`: the
        atoms of the rows it could still count (an unknown fact, a `maybe`
        conclusion). Where no version governs the settled facts but one governs
        them with those rows (a count of the card's payments under the 2018 text,
        when whether the payment of 13 January 2018 was made with the card is
        unknown), the instance is kept with its guard unknown: it applies only in
        the completions that count such a row, and the claim fails meanwhile."""
        verdict = self._instance(rule, binding, heads, aggregated)
        if verdict is not None or not open_rows:
            return verdict
        verdict = self._instance(rule, binding, heads, tuple(aggregated) + tuple(open_rows))
        if verdict is None:
            return None
        body, _, _ = verdict
        self.if_counted.update(atom for atom, _ in body)
        return body, [], []

    def _instance(self, rule, binding, heads, aggregated=()):
        if aggregated:
            binding = {**binding, **{f"__agg{i}": x for i, x in enumerate(
                {x for atom in aggregated for x in atom[1:] if type(x) is str})}}
        value, atom, version = self.versions.guard(rule, binding)
        if value is False:
            return None
        settled = [(atom, True)] if value else []
        excs = []
        if value:
            anchors = self.versions.anchors(rule, binding)
            excs, more = self.limitation.defences(heads, version, anchors, self.versions)
            settled += more
        return [(atom, True)], excs, settled

    def row_governed(self, rule, atoms) -> bool:
        """Whether an aggregate of `rule` counts a row (its matched atoms): where
        the rule's provision governs payment transactions one by one (`to
        transactions`, EGBGB Art. 229 § 45(3)), a row about a payment that
        another version governs is not counted; a row whose version is unknown
        is (the instance's own guard then carries the doubt)."""
        p = self.kb.provisions[rule.cites]
        app = self.versions.application(p)
        if app is None or app.reach != "transactions":
            return True
        pays = tuple(sorted({x for a in atoms for x in a[1:] if type(x) is str
                             and x in self.dates.payments}))
        if not pays:
            return True
        return any(self.versions.governs(v, pays) is not False for v in self.versions.candidates(p))

    # -- for proofs and reports -----------------------------------------
    def governing(self, inst):
        """The version that governs a ground instance (the provision it cites
        unless an earlier number of it governed)."""
        for atom, _ in inst.body:
            if atom[0] == GOVERNS:
                info = self.versions.explained.get(atom)
                if info:
                    return self.kb.provisions[info["provision"]]
        return self.kb.provisions[inst.rule.cites]

    def element(self, atom, positive=True) -> dict | None:
        """A proof element for a guard or limitation atom; None for others."""
        if atom[0] == GOVERNS:
            info = self.versions.explained.get(atom) or {}
            known = info.get("status") == "governs" and atom not in self.if_counted
            app = info.get("application") or {}
            return {"fact": info.get("why", "the law in time"),
                    "status": "established" if known else "unknown",
                    "source": {"kind": "law in time",
                               "detail": f"application {app['id']}" if app else "no rule of application"},
                    "version": info}
        if atom[0] == TIMEBARRED:
            entry = self.limitation.entries.get((atom[1], atom[2], atom[4], atom[5])) or {}
            return {"fact": entry.get("why", "the claim is time-barred"), "status": "established",
                    "source": {"kind": "limitation", "detail": f"limitation {atom[3]}"},
                    "limitation": entry}
        return None

    def outcomes(self) -> dict:
        """provision id -> {"applies", "does not apply"} for the provisions of
        the law in time (for `dutybound coverage`): a transitional provision
        applies where its rule let a version govern, and does not where it kept
        one out; an earlier version (a replaced or renumbered provision) applies
        where it governed; a limitation provision applies where a claim was
        barred. A version that governs under its own number is not marked: its
        rules' instances say whether it applied (it may govern and fail)."""
        out: dict = {}

        def mark(pids, status):
            for pid in pids:
                out.setdefault(pid, set()).add(status)
        for atom, info in self.versions.explained.items():
            if info["status"] == "governs":
                mark([c["id"] for c in (info["application"] or {}).get("cites", [])], "applies")
                if info["provision"] == atom[1]:           # the current number, not an earlier one
                    mark(self.kb.provisions[atom[1]].renumbers, "does not apply")
                else:
                    mark([info["provision"]], "applies")
        for pid in list(self.versions.dropped) + list(self.excluded):
            app = self.versions.application(self.kb.provisions[pid])
            mark(app.cites if app else (), "does not apply")
        for e in self.limitation.entries.values():
            mark(e["cites"], "applies" if e["status"] == "barred" else "does not apply")
        return out

    def to_json(self) -> dict:
        return {"dates": self.dates.to_json(),
                "limitation": list(self.limitation.entries.values()),
                "undetermined": [info for info in self.versions.explained.values()
                                 if info["status"] == "unknown"]}
