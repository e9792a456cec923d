"""Which individuals a rule's link is tried with beyond what the incident
states (docs/semantics.md §9.2, §10): the further values a rule that names a
property twice needs, or that the ontology says a subject has (a joint
account's second holder), the individuals the ontology says a link is asked among
(`db:askedAmong`) or through (`db:askedThrough`), the other payments a
breach could reach (its occasions), and the subjects of `?x p o` where
nothing else binds `?x`. Each candidate is an unknown literal (a guess) that
the search may ask. A mixin of engine/ground.py's Grounder, whose join calls
these; they read its store, vocabulary and compiled rules.
"""
from __future__ import annotations

from dutybound.engine.atoms import _bound, _UNBOUND
from dutybound.engine.completion import requirements
from dutybound.rules.ast import Aggregate, Let, Triple, Var


class LinkCandidates:
    def _asked_among(self, p, o) -> list:
        """The individuals x with `x q o` settled for each q that `p db:askedAmong q`
        names (docs/semantics.md §9.2): of whom an unstated `?x p o` is asked."""
        return [a[1] for q in getattr(self.vocab, "asked_among", {}).get(p, ())
                for a in self.store.true.all_with(q, 2, o)]

    def _asked_through(self, idx, pat, binding, body, stated) -> list:
        """`?n concerns ?p` bound from the values the incident states (the report
        concerns p2) never meets a value that only another pattern states (the
        payer's fault is in p1). Where the ontology says through which link such a
        value is asked (`concerns db:askedThrough faultIn`), each o with `y q s` and
        `y q o` settled for some y (the fault in the report is in p1) is tried too,
        the link `s p o` a completed one: "does the report concern p1?". Only an o
        that is a settled member of what the rule requires of it, and only where no
        other completion is in the instance (docs/semantics.md §9.2)."""
        p, s_pat, o_pat = pat
        s = _bound(s_pat, binding)
        if s is _UNBOUND or not isinstance(o_pat, Var) or o_pat.name in binding \
                or self._has_completion(body):
            return []
        have = {repr(a[2]) for a in stated if a[1] == s}
        need = requirements(self.rules[idx].conditions, self.vocab).get(o_pat.name, frozenset())
        comp, true, found = self.completions(), self.store.true, {}
        for q in self.vocab.asked_through[p]:
            for link in true.all_with(q, 2, s):
                for a in true.all_with(q, 1, link[1]):
                    o = a[2]
                    if o != s and repr(o) not in have and need <= comp.types(o):
                        found.setdefault(repr(o), o)
        return [self._guess((p, s, o)) for _, o in sorted(found.items())
                if self.could_hold((p, s, o))]

    def _further_values(self, idx, pat, binding) -> list:
        """`?c hasParty ?bank ; hasParty ?h`: a rule that names a property twice for
        one subject needs two of its values, and the incident may state fewer (a
        contract with one party stated). The stated values are then not all there
        are: each individual that could be a further value is a candidate, as a
        completed link (docs/semantics.md §9.2). A property named once keeps its
        stated values as its values."""
        p, s_pat, o_pat = pat
        if not isinstance(o_pat, Var) or o_pat.name in binding or p in self.vocab.functional \
                or not self.vocab.is_object_property(p):
            return []
        s = _bound(s_pat, binding)
        if s is _UNBOUND or not isinstance(s_pat, Var) or not self._named_twice(idx, p, s_pat.name):
            return []
        comp = self.completions()
        stated = self.possible.values(p, s)
        if not stated:                 # none stated: completed the ordinary way (_complete)
            return []
        need = requirements(self.rules[idx].conditions, self.vocab).get(o_pat.name, frozenset())
        return [self._guess((p, s, o)) for o in comp.objects(p, s, need=need)
                if o not in stated and self.could_hold((p, s, o))]

    def _least_values(self, idx, pat, binding) -> list:
        """`?acct heldBy ?h` on a joint account with one holder stated: the ontology
        says a member of the class has n values of p or more (`JointAccount ⊑ ≥2
        heldBy`), so where the incident states fewer, the others are unknown, not
        absent. Each individual that could be a further value is a candidate, as a
        completed link, except a settled member of a class the ontology says it is not
        asked of (`heldBy db:notAskedOf ThirdParty, AccountHolder`: a fraudster is not
        asked to hold the joint account he emptied, nor another customer with an
        account of its own; docs/semantics.md §9.2)."""
        p, s_pat, o_pat = pat
        least = getattr(self.vocab, "least_values", {}).get(p)
        if not least or not isinstance(o_pat, Var) or o_pat.name in binding or p in self.vocab.functional:
            return []
        s = _bound(s_pat, binding)
        if s is _UNBOUND:
            return []
        comp, sup = self.completions(), self.vocab.superclasses
        n = max((least.get(b, 0) for c in comp.types(s) for b in sup.get(c, (c,))), default=0)
        stated = self.possible.values(p, s)
        if not stated or len(stated) >= n:  # none stated: completed the ordinary way (_complete)
            return []
        never = frozenset(getattr(self.vocab, "not_asked_of", {}).get(p, ()))
        need = requirements(self.rules[idx].conditions, self.vocab).get(o_pat.name, frozenset())
        return [self._guess((p, s, o)) for o in comp.objects(p, s, need=need)
                if o not in stated and not any(never.intersection(sup.get(c, (c,)))
                                               for c in comp.types(o))
                and self.could_hold((p, s, o))]

    def _asked_among_values(self, idx, pat, binding) -> list:
        """`?v exposedTo ?src` with ?v bound: the stated values of a link are its
        values (§9.2), except the objects the ontology says the property is asked
        among for the subject (db:askedAmong, `s q o` settled): a customer stated
        to be in a shop's aisle is asked whether she was also within reach of the
        danger of its entrance steps."""
        p, s_pat, o_pat = pat
        among = getattr(self.vocab, "asked_among", {}).get(p)
        if not among or not isinstance(o_pat, Var) or o_pat.name in binding or p in self.vocab.functional:
            return []
        s = _bound(s_pat, binding)
        if s is _UNBOUND or not self.possible.values(p, s):
            return []                  # none stated: completed the ordinary way (_complete)
        need = requirements(self.rules[idx].conditions, self.vocab).get(o_pat.name, frozenset())
        types = self.completions().types
        objects = {a[2] for q in among for a in self.store.true.all_with(q, 1, s)}
        return [self._guess((p, s, o)) for o in sorted(objects, key=repr)
                if need <= types(o) and (p, s, o) not in self.possible
                and (p, s, o) not in self.store.false and self.could_hold((p, s, o))]

    def _occasion(self, rule, binding, heads) -> tuple:
        """The payments a breach's patterns matched (docs/semantics.md §10): one
        payment's refund, the fault in one payment. Only payments: with every
        individual, a breach toward one victim at one source became another
        outcome from one at the next, and the search asked whether gritting the
        steps was a precaution against the fruit aisle."""
        if not any(h.atom[0] == "⊢breach" and h.positive for h in heads):
            return ()
        computed = {c.var.name for c in rule.conditions if isinstance(c, (Let, Aggregate))}
        true = self.store.true
        return tuple(sorted((k, v) for k, v in binding.items() if k not in computed
                            and isinstance(v, str) and ("a", v, "Payment") in true))

    def _other_occasions(self, idx, pat, binding) -> list:
        """`?r refundOf ?p` with `?p a UnauthorisedPayment`: the stated values of a
        link bind the variable first, and the settled members of the class the
        rule names for it that the link could also reach (a payment the refund
        is not stated to be of) are tried too, each with the unknown link, so that
        a breach that one answer would extend to one more occasion asks it
        ("Was refund a refund of pay1?", docs/semantics.md §10). Only payments
        that no stated link of the kind reaches (a payment with a fault of its own
        is that breach's occasion already; trying every fault in every payment
        grew the instances with the square of the payments). Not for a class
        of parties, nor of anything but payments: a harm, a loss or a duty named
        beside the stated one asked "is the negligence at the steps about the fall
        in the aisle?" and "is the loss part of itself?" on the bundled examples."""
        p, s_pat, o_pat = pat
        if not isinstance(o_pat, Var) or o_pat.name in binding or p in self.vocab.functional:
            return []
        classes = self._occasion_classes(idx, o_pat.name)
        s = _bound(s_pat, binding)
        if not classes or s is _UNBOUND or not self.vocab.is_object_property(p):
            return []
        stated = self.possible.values(p, s)
        if not stated:                 # none stated: completed the ordinary way (_complete)
            return []
        comp, true = self.completions(), self.store.true
        need = requirements(self.rules[idx].conditions, self.vocab).get(o_pat.name, frozenset())
        return [self._guess((p, s, o)) for o in comp.objects(p, s, need=need)
                if o not in stated and o != s and all(("a", o, c) in true for c in classes)
                and not self.possible.all_with(p, 2, o) and self.could_hold((p, s, o))]

    def _occasion_classes(self, idx, var) -> tuple:
        """The classes a rule names for var with `?var a C`, when one is a kind of
        payment and none a kind of party (see _other_occasions); else ()."""
        hit = self._occasion_cls.get((idx, var))
        if hit is None:
            sup = self.vocab.superclasses
            classes = tuple(sorted({pat[2] for pat, cond in self._compiled[idx][0]
                                    if cond.__class__ is Triple and pat[0] == "a"
                                    and pat[1] == Var(var) and isinstance(pat[2], str)}))
            payment = any("Payment" in sup.get(c, (c,)) for c in classes)
            party = any("Party" in sup.get(c, (c,)) for c in classes)
            hit = self._occasion_cls[(idx, var)] = classes if payment and not party else ()
        return hit

    def _named_twice(self, idx, p, var) -> bool:
        key = (idx, p, var)
        hit = self._twice.get(key)
        if hit is None:
            hit = self._twice[key] = sum(
                1 for pat, cond in self._compiled[idx][0]
                if cond.__class__ is Triple and pat[0] == p and pat[1] == Var(var)) > 1
        return hit

    def _complete_subject(self, idx, atoms, others, binding, body, new_atoms, i) -> None:
        """`?x p o` with o known and nothing else to bind ?x (who was exposed to the
        mall, who operates it, which precaution guards it): ?x ranges over the named
        individuals that are settled members of every class the rule requires of it
        (the domain of p, its `?x a C`), each branch carrying the unknown literal
        `x p o`. Only settled members of a kind narrower than a party: an
        individual that could merely be one, or any party at all, would ask "did
        the payer refuse SCA for her own payment?" (docs/semantics.md §9.2).
        Two exceptions the ontology states: where every such o has a subject of
        p (a business premises is operated by someone), the settled parties of
        the kind it names; where it says among whom p is asked (db:askedAmong:
        whether someone who came to harm from a source was exposed to it),
        those individuals."""
        pat, _ = atoms[i]
        var, p = pat[1], pat[0]
        need = requirements(self.rules[idx].conditions, self.vocab).get(var.name, frozenset())
        o = _bound(pat[2], binding)
        if o is _UNBOUND or not self.vocab.is_object_property(p) and p not in self.vocab.domain:
            return
        comp, pool = self.completions(), None
        if not need - frozenset(self.vocab.superclasses.get("Party", ("Party",))):
            # "who, of all parties": the rule names no narrower kind. Asked only where the
            # ontology says o always has such a subject (a business premises has an
            # operator), and then among the parties of the kind it names; or where it says
            # among whom to ask (db:askedAmong: who came to harm from the source)
            fillers = _always_object_of(self.vocab, p, comp.types(o), lambda r: (
                self.store.true.all_with(r, 2, o) or self.store.maybe.all_with(r, 2, o)))
            if fillers:
                need = need | fillers
            elif p in getattr(self.vocab, "asked_among", {}):
                pool = set(self._asked_among(p, o))
            else:
                return
        rest = atoms[:i] + atoms[i + 1:]
        for x in comp.subjects(p, o, need):
            if not need <= comp.types(x) or pool is not None and x not in pool:
                continue
            atom = self._guess((p, x, o))
            if self.could_hold(atom):
                b = dict(binding)
                b[var.name] = x
                self._join(idx, rest, others, b, body + [(atom, True)], new_atoms)


def _always_object_of(vocab, p, classes, named) -> frozenset:
    """The kinds of subject that some `x p o` must have, o a settled member of
    `classes`: C ⊑ ∃r⁻.F (vocab.object_of) with r a sub-property of p, or a
    super-property of it (one way of having an r: `opensOrMaintains` is one way
    to `keep` a source) where the incident names no r of o at all (`named(r)`).
    Every physical source of danger is kept by someone, so a rule's `?op
    opensOrMaintains steps` has a subject in some completion even where the
    incident names none; a tree kept as a public office has its keeper."""
    ups = vocab.superproperties
    return frozenset(f for c in classes for r, f in getattr(vocab, "object_of", {}).get(c, ())
                     if (p in ups.get(r, (r,)) or r in ups.get(p, (p,))) and not named(r))
