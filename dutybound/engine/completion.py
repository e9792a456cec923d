"""What could still hold: the completions of what an incident leaves unknown.

The incident names its individuals; a fact about them that it neither states
nor denies is unknown. This module says, for a pattern the grounder or an
aggregate must match, which unknown facts could complete it
(docs/semantics.md, "Unknown facts, values and links"):

- `members(C)`: individuals not settled as members of C that could be (no
  class of theirs is disjoint with C; C is not a class only rules conclude;
  and when C or a superclass of C is declared a complete list, only settled
  members of that class);
- `objects(p, s)`: for an object property, the individuals the ontology
  allows as values of p for s (range, disjointness; a functional property
  with a settled value has no other);
- `subjects(p, o)`: the individuals that could have o as a value of p
  (domain, disjointness, functional);
- `could_hold(atom)`: a fully known atom that is unknown and could be true.

Nothing here is asked of predicates that only rules conclude: whether a rule
concludes them is for the rules (their unknown conclusions are `maybe` atoms
of the store).
"""
from __future__ import annotations

from dutybound.engine.atoms import Compatibility

TYPE = "a"
CALENDAR = "BusinessCalendar"


class Completions:
    """One per stratum: the store it reads does not change while it is used."""

    def __init__(self, store, vocab, ctx, closes=()):
        self.store, self.vocab = store, vocab
        self.fits = Compatibility.of(vocab)
        self.individuals = tuple(getattr(ctx, "individuals", ()) or ())
        # a calendar the incident defines under `calendars:` is one of its business
        # calendars, whether or not a fact still names it (a what-if may unstate the
        # only `calendar` link): it is the candidate of an unstated calendar
        self.calendars = frozenset(getattr(ctx, "calendars", None) or ())
        self.individuals += tuple(sorted(self.calendars - set(self.individuals)))
        # the incident's complete lists, and those a rule's law closes (`closes`)
        self.complete = (frozenset(getattr(ctx, "complete", ()) or ()) | frozenset(closes)
                         | getattr(vocab, "listed_completely", frozenset()))
        self.functional = getattr(vocab, "functional", frozenset())
        self.no_value = frozenset(getattr(ctx, "no_value", ()) or ())
        # p -> {q: why} for owl:propertyDisjointWith, compiled once (owlcompile)
        self.disjoint_props = getattr(getattr(vocab, "index", None), "disjoint_props", {})
        self._types: dict | None = None
        self._groups: dict | None = None
        self._members: dict = {}
        self._by_range: dict = {}
        self._by_domain: dict = {}
        self._derivable: dict = {}

    # -- what is settled -----------------------------------------------
    def types(self, x) -> frozenset:
        if self._types is None:
            types: dict = {}
            for atom in self.store.true.all_of(TYPE):
                types.setdefault(atom[1], set()).add(atom[2])
            for c in self.calendars:
                types.setdefault(c, set()).add(CALENDAR)
            self._types = {k: frozenset(v) for k, v in types.items()}
        return self._types.get(x, frozenset())

    def has_value(self, p, s) -> bool:
        """Whether s has a settled or maybe value of p."""
        return bool(self.store.true.values(p, s)) or bool(self.store.maybe.values(p, s))

    def askable(self, p, cls=None) -> bool:
        """Whether an unknown fact of this kind could still be true: not a class
        or property that only rules conclude (db:concludedByRulesOnly), and not
        a property the incident declares complete (`complete:`)."""
        if p == TYPE:
            return cls not in self.vocab.concluded_only
        return p not in self.vocab.concluded_only and p not in self.complete

    def value(self, p, s):
        """How an unstated datatype value of s completes: "exists" (the property
        always has a value: only which is unknown), "maybe" (whether there is one
        is unknown too), or None (stated, complete, or only rules conclude it)."""
        if not self.askable(p) or self.has_value(p, s) or (s, p) in self.no_value:
            return None
        return "exists" if p in self.vocab.always_valued else "maybe"

    def excluded_by_disjoint(self, p, s, o) -> bool:
        """Whether `s p o` cannot hold because s is settled to be linked to o by a
        property disjoint with p (owl:propertyDisjointWith): the provider of an
        account or card is not its holder (ontology/dutybound-unknowns.ttl)."""
        qs = self.disjoint_props.get(p)
        return bool(qs) and any((q, s, o) in self.store.true for q in qs)

    # -- candidates ------------------------------------------------------
    def _by_signature(self) -> dict:
        """Individuals grouped by their settled classes: compatibility is
        decided once per group."""
        if self._groups is None:
            groups: dict = {}
            for x in self.individuals:
                groups.setdefault(self.types(x), []).append(x)
            self._groups = groups
        return self._groups

    def _compatible(self, classes) -> list:
        out = []
        for sig, xs in self._by_signature().items():
            if not self.fits.clash(classes, sig):
                out.extend(xs)
        return [x for x in out if not self._outside_closed(classes, x)]

    def _outside_closed(self, classes, x) -> bool:
        """Whether x would have to be a member of a class listed completely (the
        incident's `complete:`, a rule's `closes`, db:listedCompletely: a business
        calendar is one the incident defines) without being a settled member: then
        no link that needs x in that class could hold (docs/semantics.md §9.6)."""
        if not self.complete:
            return False
        sup = self.vocab.superclasses
        return any(d in self.complete and (TYPE, x, d) not in self.store.true
                   and d not in self.types(x) for c in classes for d in sup.get(c, (c,)))

    def members(self, cls, need=frozenset()) -> list:
        """Individuals that could be members of cls without being settled ones."""
        hit = self._members.get((cls, need))
        if hit is not None:
            return hit
        if not self.askable(TYPE, cls):
            out = []
        else:
            closed = [d for d in self.vocab.superclasses.get(cls, (cls,)) if d in self.complete]
            pool = self._compatible((cls,) + tuple(need))
            if closed:
                settled = set.intersection(*[{a[1] for a in self.store.true.all_with(TYPE, 2, d)}
                                             for d in closed])
                pool = [x for x in pool if x in settled]
            true, false = self.store.true, self.store.false
            out = [x for x in pool if (TYPE, x, cls) not in true and (TYPE, x, cls) not in false]
        self._members[(cls, need)] = out
        return out

    def objects(self, p, s, stated_close: bool = False, need=frozenset()) -> list:
        """Individuals o for which `s p o` is unknown and could hold. With
        `stated_close`, none when s has any value of p (a rule body: the stated
        values are the link's values). `need`: classes the rest of the rule
        requires of o (engine/completion.requirements)."""
        if not self.askable(p) or not self.vocab.is_object_property(p) or (s, p) in self.no_value:
            return []
        if (stated_close or p in self.functional) and self.has_value(p, s):
            return []
        key = (p, need)
        pool = self._by_range.get(key)
        if pool is None:
            pool = self._by_range[key] = self._compatible(
                tuple(self.vocab.range.get(p, ())) + tuple(need))
        if self.fits.clash(self.vocab.domain.get(p, ()), self.types(s)):
            return []
        true, false = self.store.true, self.store.false
        return [o for o in pool if (p, s, o) not in true and (p, s, o) not in false
                and not self.excluded_by_disjoint(p, s, o)]

    def subjects(self, p, o, need=frozenset()) -> list:
        """Individuals s for which `s p o` is unknown and could hold (o an
        individual, or a value: `preventableByTimelyNotice true`)."""
        if not self.askable(p):
            return []
        if not self.vocab.is_object_property(p):      # a value: one per subject
            pool = self._compatible(tuple(self.vocab.domain.get(p, ())) + tuple(need))
            true, false = self.store.true, self.store.false
            return [s for s in pool if (p, s, o) not in true and (p, s, o) not in false
                    and not self.has_value(p, s) and (s, p) not in self.no_value]
        key = (p, need)
        pool = self._by_domain.get(key)
        if pool is None:
            pool = self._by_domain[key] = self._compatible(
                tuple(self.vocab.domain.get(p, ())) + tuple(need))
        if self.vocab.is_object_property(p) and self.fits.clash(self.vocab.range.get(p, ()),
                                                                 self.types(o)):
            return []
        true, false = self.store.true, self.store.false
        fun = p in self.functional
        return [s for s in pool if (p, s, o) not in true and (p, s, o) not in false
                and not (fun and self.has_value(p, s)) and not self.excluded_by_disjoint(p, s, o)]

    def could_hold(self, atom) -> bool:
        """An unknown, fully known fact that could be true: not settled either
        way, askable, compatible with the classes of its individuals, and not a
        second value of a functional property."""
        p, s, o = atom
        if atom in self.store.true or atom in self.store.false:
            return False
        if not self.askable(p, o if p == TYPE else None) or (s, p) in self.no_value:
            return False
        if p in self.functional and self.has_value(p, s):
            return False
        if p != TYPE and self.excluded_by_disjoint(p, s, o):
            return False
        if p == TYPE and self.complete:
            closed = [d for d in self.vocab.superclasses.get(o, (o,)) if d in self.complete]
            if any((TYPE, s, d) not in self.store.true for d in closed):
                return False
        if p != TYPE and self.complete and self.vocab.is_object_property(p) and (
                self._outside_closed(self.vocab.range.get(p, ()), o)
                or self._outside_closed(self.vocab.domain.get(p, ()), s)):
            return False
        return self.fits.could_hold(atom, self.types)

    def derivable(self, cls) -> bool:
        """Whether the ontology derives membership of cls from facts (cls, or a
        subclass of it, is a defined class: `∃operates.TradingPlatform`): an
        unknown fact can then make an individual a member, so a rule's
        `?x a cls` ranges over the individuals that could be."""
        hit = self._derivable.get(cls)
        if hit is None:
            defined = getattr(self.vocab, "_defined_names", None)
            if defined is None:
                defined = self.vocab._defined_names = frozenset(d.name for d in self.vocab.defined)
            hit = self._derivable[cls] = any(c in defined for c in self.vocab.subclasses.get(cls, (cls,)))
        return hit

    def derived_members(self, cls, need=frozenset()) -> list:
        """The members(cls) that one unknown fact could make members through a
        definition (`PlatformOperator ≡ Organisation ⊓ ∃operates.TradingPlatform`):
        each conjunct holds or could, and an existential has a named witness
        whose link and class are settled but for one of them. An individual
        with no link of the definition's kind to a named individual of the
        filler's kind is not one (an incident names its individuals: nothing
        unnamed is assumed)."""
        key = ("derived", cls, need)
        hit = self._members.get(key)
        if hit is None:
            defs = [d for d in self.vocab.defined if d.name in self.vocab.subclasses.get(cls, (cls,))]
            hit = self._members[key] = [x for x in self.members(cls, need)
                                        if any(self._could_satisfy(x, d) for d in defs)]
        return hit

    def _settled_in(self, y, cls) -> bool:
        return cls is None or cls in self.types(y) or (TYPE, y, cls) in self.store.maybe

    def _could_satisfy(self, x, d) -> bool:
        for k in d.conjuncts:
            if k[0] == "class":
                if not (self._settled_in(x, k[1]) or self.could_hold((TYPE, x, k[1]))):
                    return False
                continue
            _, p, f = k
            stated = self.store.maybe.values(p, x)
            if any(self._settled_in(y, f) or self.could_hold((TYPE, y, f)) for y in stated):
                continue
            if not any(self._settled_in(y, f) for y in self.objects(p, x)):
                return False
        return True

    def value_kind(self, p):
        rng = self.vocab.range.get(p, ())
        for k in ("Money", "dateTime", "date", "decimal", "boolean"):
            if k in rng:
                return k
        return None


_REQUIRED: dict = {}


def requirements(conditions, vocab) -> dict:
    """variable -> the classes a group of conditions requires of it: `?x a C`,
    and the domain or range of each property it is the subject or object of.
    A completion that clashes with them could never satisfy the conditions, so
    it is not tried (the conditions themselves would reject it)."""
    key = (id(conditions), id(vocab))
    hit = _REQUIRED.get(key)
    if hit is not None and hit[0] is conditions:
        return hit[1]
    from dutybound.rules.ast import Triple, Var
    out: dict = {}
    for c in conditions:
        if not isinstance(c, Triple) or c.negated:
            continue
        p, s, o = c.predicate.name, c.subject, c.object
        if p == TYPE:
            if isinstance(s, Var) and hasattr(o, "name"):
                out.setdefault(s.name, set()).add(o.name)
            continue
        if isinstance(s, Var):
            out.setdefault(s.name, set()).update(vocab.domain.get(p, ()))
        if isinstance(o, Var) and vocab.is_object_property(p):
            out.setdefault(o.name, set()).update(vocab.range.get(p, ()))
    result = {k: frozenset(v) for k, v in out.items()}
    _REQUIRED[key] = (conditions, result)
    return result
