"""Which unknown facts and values could move the outcome at all: a sound
filter that spares the open-question search a re-decision for the rest.

An unknown fact F (or value V) can change a conclusion only through a rule
instance that rests on it, directly (a literal) or through an unknown test
or aggregate row. Such an instance can come to apply (or, in an exception,
to defeat its claim) only if no other literal of it, or of its claim, is
blocked by something F cannot settle: another unknown fact of the incident,
or a test that rests on facts and values other than F alone. Where every
instance that rests on F is so blocked, settling F changes no instance's
fate, and F is not asked, with two exceptions that keep the filter sound:

- F could let a rule build an instance the base grounding did not (it
  matches a rule's pattern as a new atom: engine/delta.py decides that; an
  aggregate or an existential exception already ranges over F as a row or
  defeater that could hold, so it is an instance that rests on F);
- an instance that rests on F concludes a `maybe` atom that an aggregate of
  a higher stratum ranges over: settling F may remove that row, and so
  settle a count.

Tests record where their uncertainty comes from (values.UnknownTruth.sources);
one that also rests on a `maybe` conclusion (source `("maybe",)`) could be
settled by F through that conclusion, so it never blocks.
"""
from __future__ import annotations

from dutybound.engine.atoms import unify
from dutybound.engine.defeasible import PROVED
from dutybound.engine.proof import triple_of
from dutybound.values import Unknown


class Relevance:
    def __init__(self, assessment, delta):
        self.a, self.delta = assessment, delta
        self.ev = ev = assessment.evaluation
        self.uses: dict = {}          # key -> [(run, instance)]
        for i, run in enumerate(ev.runs):
            for k, inst in enumerate(run.instances):
                for key in self._keys(run, inst):
                    self.uses.setdefault(key, []).append((i, k))

    def _keys(self, run, inst):
        """The facts and values an instance rests on, as question keys."""
        out = set()
        for atom, _ in _all_literals(inst):
            t = triple_of(atom) if not atom[0].startswith("⊢") else None
            if t is not None:
                out.add(("fact",) + t)
            elif atom[0] == "⊢test":
                out |= {s for s in run.tests[atom].sources if s[0] in ("fact", "value")}
            elif atom[0] == "⊢value":
                out.add(("value", atom[1], atom[2]))
        for rows in inst.possible_rows.values():
            for row in rows:
                for t in row.tests:
                    out |= {s for s in t.sources if s[0] in ("fact", "value")}
                for atom, _ in row.unknown:      # an unknown fact a row rests on
                    t = triple_of(atom) if not atom[0].startswith("⊢") else None
                    if t is not None:
                        out.add(("fact",) + t)
        # a value the instance computes or concludes from an open row (a sum of the
        # payments made with the card, when whether pay2 was is unknown)
        for v in list(inst.binding.values()) + [v for h in inst.heads for v in h.payload.values()]:
            if isinstance(v, Unknown):
                out |= {s for s in v.sources if s[0] in ("fact", "value")}
        return out

    def fact_could_matter(self, t, value: bool) -> bool:
        key = ("fact",) + tuple(t)
        mine = {key}
        if value:
            try:
                cons = self.delta.consequences(t)
            except Exception:           # noqa: BLE001 - a contradiction is decided elsewhere
                return True
            mine |= {("fact", x[1], x[0], x[2]) for x in cons}
            changes = {x: True for x in cons}
            for i in range(len(self.ev.runs)):
                if not self.delta._grounding_unchanged(i, changes, counts=False):
                    return True
        return self._through_instances(mine)

    def value_could_matter(self, s, p) -> bool:
        return self._through_instances({("value", s, p)})

    def _through_instances(self, mine: set) -> bool:
        seen = set()
        for key in mine:
            for i, k in self.uses.get(key, ()):
                if (i, k) in seen:
                    continue
                seen.add((i, k))
                if self._instance_could_move(i, k, mine):
                    return True
        return False

    def _instance_could_move(self, i, k, mine) -> bool:
        run = self.ev.runs[i]
        inst = run.instances[k]
        body_free = not any(self._blocks(run, lit, mine) for lit in inst.body)
        if body_free and (any(self._mentions(run, lit, mine) for lit in inst.body)
                          or self._rows_mention(inst, mine) or self._binding_mentions(inst, mine)):
            return True
        if body_free:
            for _, lits in inst.exceptions:
                if any(self._mentions(run, lit, mine) for lit in lits) and \
                        not any(self._blocks(run, lit, mine) for lit in lits):
                    return True
        return self._feeds_an_aggregate(run, inst)

    def _mentions(self, run, lit, mine) -> bool:
        atom, _ = lit
        if atom[0] == "⊢test":
            return bool(run.tests[atom].sources & mine) or ("maybe",) in run.tests[atom].sources
        if atom[0] == "⊢value":
            return ("value", atom[1], atom[2]) in mine
        t = triple_of(atom) if not atom[0].startswith("⊢") else None
        return t is not None and ("fact",) + t in mine

    def _binding_mentions(self, inst, mine) -> bool:
        """A value of the instance (an aggregate, a computed amount) rests on it."""
        return any(isinstance(v, Unknown) and (v.sources & mine or ("maybe",) in v.sources)
                   for v in inst.binding.values())

    def _rows_mention(self, inst, mine) -> bool:
        return any(t.sources & mine for rows in inst.possible_rows.values()
                   for row in rows for t in row.tests)

    def _blocks(self, run, lit, mine) -> bool:
        """Whether a literal stays unproved whatever the answer to `mine`."""
        atom, positive = lit
        k = run.atoms.get(atom)
        if k is not None and run.result.status[2 * k + (0 if positive else 1)] == PROVED:
            return False
        if self._mentions(run, lit, mine):
            return False
        p = atom[0]
        if p == "⊢test":
            srcs = run.tests[atom].sources
            return bool(srcs) and ("maybe",) not in srcs
        if p == "⊢value":
            return True                 # whether another value exists stays open
        if p.startswith("⊢") or atom in self.ev.store.maybe.all:
            return False                # a conclusion: it may move with the answer
        if (atom, positive) in self.ev.derived_in or (atom, not positive) in self.ev.derived_in:
            return False
        return True                     # another unknown fact of the incident

    def _feeds_an_aggregate(self, run, inst) -> bool:
        """A `maybe` conclusion of this instance that an aggregate above counts."""
        for h in inst.heads:
            if not h.positive or h.atom not in run.maybe:
                continue
            for _, kind, pat in self.delta.patterns.get(h.atom[0], ()):
                if kind == "agg" and unify(pat, h.atom, {}) is not None:
                    return True
        return False


def _all_literals(inst):
    yield from inst.body
    for _, lits in inst.exceptions:
        yield from lits
