"""Open questions: the unknown facts, values and links whose answer would
change the outcome (docs/semantics.md, "Open questions").

Three kinds, one list (docs/assessment-format.md):

- a fact (`kind: "fact"`): an unknown triple some rule instance rests on (a
  body literal, an exception, a row an aggregate may count). Asked when
  assuming it true, or false, changes the outcome; `if_true` / `if_false` say
  how. Candidates of one link (`pay1 debitedFrom checking`, `... savings`)
  share a `question` ("Which account was pay1 debited from: checking or
  savings?").
- a value (`kind: "value"`): a time, an amount or another datatype value the
  incident does not state, that a `where` test, an aggregate or a
  conclusion's amount rests on. Its `thresholds` are the values at which a
  test it enters flips (found by bisection for each test that moves one way
  with it), and each range between them is assessed once: "on or before
  2024-05-29 23:59: + carol liable to bank ...; after ...". A value that
  feeds a liability's amount is always asked (`feeds`).

Each fact is decided by engine/delta.py where it can be (the change re-decided
from the fact forward), else by a full re-assessment with the fact assumed.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dutybound.engine.proof import atom_text, triple_of
from dutybound.errors import DutyboundError
from dutybound.values import Money, Unknown, show

USE_DELTA = True            # tests compare the delta with full re-assessment
MAX_REGIONS = 16            # ranges of one value assessed (the rest are merged at the ends)


# -- what the rules asked about ---------------------------------------------

def candidates(assessment, rows: bool = True) -> tuple[dict, set]:
    """Unknown facts the rules asked about: (triple -> rules that asked, the
    triples whose falsehood also matters: a `not`, or a row an aggregate may
    count). `rows=False` leaves out the facts that only an unknown test or
    aggregate rests on (the web interview asks the rules' own literals)."""
    ev = assessment.evaluation
    out: dict = {}
    negative: set = set()
    concluded_only = getattr(assessment, "concluded_only", frozenset())

    def add(t, rule_id, both):
        if ev.facts.value(t) is not None:
            return
        if (t[1] == "a" and t[2] in concluded_only) or t[1] in concluded_only:
            return                  # the law concludes it; nobody states it
        atom = (t[1], t[0], t[2])
        if (atom, True) in ev.derived_in or (atom, False) in ev.derived_in:
            return
        out.setdefault(t, set()).add(rule_id)
        if both:
            negative.add(t)

    for run in ev.runs:
        for inst in run.instances:
            for atom, positive in _literals(inst):
                if atom[0] == "⊢test":
                    if not rows:
                        continue
                    for src in run.tests[atom].sources:
                        if src[0] == "fact":
                            add((src[1], src[2], src[3]), inst.rule.id, True)
                    continue
                t = triple_of(atom)
                if t is not None:
                    add(t, inst.rule.id, not positive)
            if not rows:
                continue
            for h in inst.heads:          # an amount an open row may add to
                for v in h.payload.values():
                    for src in getattr(v, "sources", ()):
                        if src[0] == "fact":
                            add((src[1], src[2], src[3]), inst.rule.id, True)
    return out, negative


def value_sources(assessment) -> dict:
    """(subject, property) -> {"rules", "probes", "feeds"}: the unknown values
    the rules rest on, the tests that decide on them, and the conclusions whose
    amount follows from them."""
    ev = assessment.evaluation
    out: dict = {}

    def entry(src, rule_id, tested=True):
        e = out.setdefault((src[1], src[2]), {"rules": set(), "probes": [], "feeds": [],
                                              "tested": False})
        e["rules"].add(rule_id)
        e["tested"] = e["tested"] or tested
        return e

    def add_truth(t, rule_id):
        for src in t.sources:
            if src[0] == "value":
                entry(src, rule_id)
        for p in t.probes:
            entry(p[0], rule_id)["probes"].append(p)

    for run in ev.runs:
        for inst in run.instances:
            for atom, _ in _literals(inst):
                if atom[0] == "⊢test":
                    add_truth(run.tests[atom], inst.rule.id)
                elif atom[0] == "⊢value":
                    entry(("value", atom[1], atom[2]), inst.rule.id)
            for rows in inst.possible_rows.values():
                for row in rows:
                    for t in row.tests:
                        add_truth(t, inst.rule.id)
        from dutybound.engine.report import winning_heads
        for m, inst, gh in winning_heads(run):
            for key in ("amount", "share", "cap"):
                v = gh.payload.get(key)
                if isinstance(v, Unknown):
                    for src in v.sources:
                        if src[0] == "value":
                            entry(src, inst.rule.id, tested=False)["feeds"].append(
                                f"the {key} of {atom_text(gh.atom, gh.positive)}")
    return out


def _literals(inst):
    yield from inst.body
    for _, lits in inst.exceptions:
        yield from lits


# -- the search --------------------------------------------------------------

def full_budget(incident) -> int:
    """How many full re-assessments the search may run: a fixed number, so the
    search costs a bounded multiple of one assessment however large the
    incident (fewer for a large one), and the answer does not depend on the
    machine's speed. 64 up to 25 individuals (every bundled example has fewer),
    falling with the size so that their total work stays that of 64
    re-assessments of 25 individuals: 4 at 400, 1 at 1,600, none past 1,600
    (a floor of 4 made a 10,000-payment incident's search cost four of its
    assessments, each slower than the first in a heap of 7 GB, and it did not
    finish in 45 minutes; bench/README.md, "large incidents"). Questions only a
    full re-assessment answers are then listed as unevaluated."""
    n = max(1, len(getattr(incident.facts, "individuals", ()) or ()))
    return int(64 * min(1.0, 25 / n))


# The incremental search's budget of work (engine/delta.py `Delta.work`: the
# rows of an aggregate re-settled and the probe's join steps), in units of the
# assessment's size (its rule instances and aggregate rows), plus a floor. Each
# question's incremental cost can grow with the incident (an aggregate over
# every payment is re-settled for each payment's question), so without a bound
# the search grows with the square of the incident. Every bundled example stays
# far below it (the most work any uses is about 2,100 units, 30 times its size),
# so their answers do not depend on it; a 10,000-payment incident leaves the
# questions past it unevaluated (bench/README.md, "Large incidents").
WORK_PER_SIZE = 32
WORK_FLOOR = 10_000


def work_budget(delta) -> int:
    return WORK_PER_SIZE * delta.size + WORK_FLOOR


class _OverBudget(Exception):
    pass


def open_questions(kb, incident, assessment, as_of=None, assume=(), jurisdiction=None,
                   decided_on=None) -> list:
    from dutybound.engine.delta import Delta
    from dutybound.engine.relevance import Relevance
    from dutybound.engine.report import evaluate_incident, outcome_of
    base = assessment.outcome()
    assume = list(assume)
    delta = Delta(kb, assessment)
    relevant = Relevance(assessment, delta)
    budget = [full_budget(incident)]
    work_limit = work_budget(delta)

    def full(extra):
        if budget[0] <= 0:
            raise _OverBudget
        budget[0] -= 1
        try:
            ev = evaluate_incident(kb, incident, as_of, assume + extra, jurisdiction,
                                   decided_on)[0]
        except DutyboundError:
            return None             # that answer contradicts the facts: not a live answer
        changed = outcome_of(ev)
        return changed - base, base - changed

    def quick(t, value):
        """The change, from the incremental search; "full" where only a full
        re-assessment can tell, "over" past the search's budget of work."""
        if not USE_DELTA or _dates_move(kb, t[1], t[2], t[0], assessment.evaluation.facts, value):
            return "full"
        try:
            if not relevant.fact_could_matter(t, value):
                return set(), set()
            if delta.work > work_limit:
                return "over"
            got = delta.change(t, value)
        except DutyboundError:
            return None
        return "full" if got is None else got

    out, pending = [], []
    asked, negative = candidates(assessment)
    for t, rules in sorted(asked.items(), key=lambda kv: repr(kv[0])):
        entry = {"kind": "fact", "fact": atom_text((t[1], t[0], t[2])), "subject": t[0],
                 "property": t[1], "object": str(t[2]), "asked_by": sorted(rules)}
        # Established false differs from unknown only where a rule needs the
        # falsehood (`not`) or an aggregate may count the fact; elsewhere both
        # fail whoever had to prove it.
        results = {v: quick(t, v) for v in ((True, False) if t in negative else (True,))}
        pending.append((t, entry, results))
    # the rest by full re-assessment, cheapest first, as long as the budget lasts
    for t, entry, results in pending:
        moved, unevaluated = False, False
        for value, got in results.items():
            if got == "over":
                unevaluated = True
                continue
            if got == "full":
                try:
                    got = full([(t, value)])
                except _OverBudget:
                    unevaluated = True
                    continue
            if got is None:
                continue
            gained, lost = described(base, got)
            if gained != lost:      # the same conclusion through other bindings is no change
                moved = True
                entry["if_" + str(value).lower()] = {"gained": sorted(gained - lost),
                                                     "lost": sorted(lost - gained)}
                # the rules whose defence an answer makes succeed or fail, as data:
                # the report names their law (Assessment.question_rules)
                defences = {k[1] for k in got[0] ^ got[1] if k[0] == "defence"}
                if defences:
                    entry["defences"] = sorted(set(entry.get("defences", ())) | defences)
        if unevaluated and not moved:
            entry["unevaluated"] = ("may change the outcome; not re-assessed within the search's "
                                    "budget")
        if moved or unevaluated:
            out.append(entry)
    try:
        _joint_questions(assessment, base, asked, {(e["subject"], e["property"], e["object"]) for e in out},
                         pending, full, out)
    except _OverBudget:
        pass
    _link_questions(kb, incident, out)

    def value(extra):
        (s, p, raw), _ = extra[0]
        if USE_DELTA and raw is not None and not _dates_move(kb, p, None):
            if delta.work > work_limit:
                raise _OverBudget
            try:
                got = delta.value_change(s, p, raw)
            except DutyboundError:
                return None
            if got is not None:
                return got
        return full(extra)

    for (s, p), info in sorted(value_sources(assessment).items(), key=repr):
        if USE_DELTA and not info["feeds"] and not _dates_move(kb, p, None) and \
                not relevant.value_could_matter(s, p):
            continue
        try:
            q = _value_question(kb, incident, assessment, base, s, p, info, value)
        except _OverBudget:
            q = {"kind": "value", "fact": f"{s} {p}", "subject": s, "property": p, "object": None,
                 "question": _ask_value(kb, incident, assessment, s, p),
                 "asked_by": sorted(info["rules"]), "thresholds": [],
                 "feeds": sorted(set(info["feeds"])),
                 "unevaluated": "may change the outcome; its ranges were not re-assessed within "
                                "the search's budget"}
        if q is not None:
            out.append(q)
    return out


MAX_JOINT = 3               # unknown facts of one element tried together


def joint_groups(assessment, asked: dict) -> list:
    """The sets of unknown facts that one rule instance's conditions, or one of
    its exceptions, rest on together (docs/semantics.md §10):
    - two or three facts, each asked by the rules, of one subject and property
      (the element is "each of them": Civil Code Art. 1171 needs every
      tortfeasor's act to have sufficed);
    - all the unknown facts of the element, two or three links of different
      subjects or properties, where the element rests on nothing else unknown
      (UCC 4A-202(c): the customer declined a commercially reasonable procedure
      *and* agreed in writing to be bound by the one it chose).
    Each may change nothing alone where the element needs them all. Not tried
    with facts of other kinds: a membership of a class, a further value of a
    link the incident states (a mistake stated to be Nina's, asked "and also
    Mark's, in Mark's transfer", where an exception ranges over every mistake),
    or a part of what the element leaves unknown. On the bundled examples those
    asked whether a card payment was an e-commerce payment "and also" processed
    by the bank, for payments nothing placed in e-commerce."""
    ev = assessment.evaluation
    groups: set = set()
    for run in ev.runs:
        for inst in run.instances:
            for lits in [inst.body] + [l for _, l in inst.exceptions]:
                facts, other = set(), False
                for atom, positive in lits:
                    if atom[0] == "⊢test":
                        for src in run.tests[atom].sources:
                            if src[0] == "fact" and (src[1], src[2], src[3]) in asked:
                                facts.add((src[1], src[2], src[3]))
                            else:
                                other = True    # an unknown value, a maybe conclusion
                        continue
                    if atom[0] == "⊢governs" or _holds(ev, atom, positive):
                        continue
                    t = triple_of(atom) if positive else None
                    if t is not None and t in asked:
                        facts.add(t)
                    else:
                        other = True            # a `not`, a maybe conclusion, a value
                by_kind: dict = {}
                for t in facts:
                    by_kind.setdefault((t[0], t[1]), set()).add(t)
                groups.update(frozenset(g) for g in by_kind.values() if 2 <= len(g) <= MAX_JOINT)
                if len(by_kind) > 1 and not other and len(facts) <= MAX_JOINT and not any(
                        t[1] == "a" or ev.store.true.values(t[1], t[0]) for t in facts):
                    groups.add(frozenset(facts))
    return sorted(groups, key=lambda g: sorted(map(repr, g)))


def _holds(ev, atom, positive) -> bool:
    """Whether a literal of an element is settled as the element needs it: a
    stated fact, a conclusion drawn, a test or value that holds."""
    if (atom in ev.store.true.all) if positive else (atom in ev.store.false):
        return True
    return (atom, positive) in ev.derived_in


def _joint_questions(assessment, base, asked, moved_alone, pending, full, out) -> None:
    """Facts that change the outcome only together (docs/semantics.md §10): a
    group none of whose facts moves the outcome alone is assumed true at once;
    where that changes the outcome, each of its facts is asked, with the others
    it goes with (`together_with`) and what the answers together would change."""
    entries = {t: entry for t, entry, _ in pending}
    chosen = {id(e) for e in out}
    for group in joint_groups(assessment, asked):
        if any((t[0], t[1], str(t[2])) in moved_alone for t in group):
            continue
        got = full([(t, True) for t in sorted(group, key=repr)])
        if got is None:
            continue
        gained, lost = described(base, got)
        if gained == lost:
            continue
        for t in sorted(group, key=repr):
            e = entries[t]
            others = [{"fact": atom_text((x[1], x[0], x[2])), "subject": x[0], "property": x[1],
                       "object": str(x[2])} for x in sorted(group, key=repr) if x != t]
            e["together_with"] = e.get("together_with", []) + [
                o for o in others if o not in e.get("together_with", [])]
            e["if_true"] = {"gained": sorted(gained - lost), "lost": sorted(lost - gained)}
            e.pop("unevaluated", None)
            chosen.add(id(e))
    out[:] = [e for _, e, _ in pending if id(e) in chosen]


def _dates_move(kb, p, o, s=None, facts=None, value=True) -> bool:
    """Whether a fact of this kind can move the dates the law in time reads
    (kb/timing.py: which version governs, which rules are selected): such an
    answer is re-assessed in full, the incremental search keeps the base's law.
    With the subject `s` of a membership assumed true and the facts: only when
    it makes s a member of a dated class (or a Refund) it was not already, as
    Dates.index reads nothing else of it (`pay7 a OnlineCardTheft` leaves an
    established payment's date as it was); a fact assumed false moves nothing
    but a date (Dates reads established-true facts only)."""
    from dutybound.kb.timing import DATE_PROPERTIES, DATED_CLASSES
    if p in DATE_PROPERTIES:
        return True
    if p == "a":
        ups = kb.vocab.superclasses.get(o, (o,))
        dated = [c for c in ups if c in DATED_CLASSES or c == "Refund"]
        if s is not None and facts is not None:
            return value is not False and any((s, "a", c) not in facts.true for c in dated)
        return bool(dated)
    return False


def _link_questions(kb, incident, entries) -> None:
    """Gives each fact its question; candidates of one link share theirs."""
    v = kb.vocab
    groups: dict = {}
    for e in entries:             # one link: a property with one value per subject
        if e["property"] in getattr(v, "functional", ()):
            groups.setdefault((e["subject"], e["property"]), []).append(e)
    subs: dict = {}
    for q, ups in getattr(v, "superproperties", {}).items():
        for up in ups:
            if up != q:
                subs.setdefault(up, set()).add(q)
    defined = {d.name: d for d in getattr(v, "defined", ())}
    for e in entries:
        label = _name(incident, e["subject"])
        if e["property"] == "a":
            e["question"] = f"Is {label} {_article(v.label(e['object']))}?"
            # a class the ontology derives from facts: the facts that would make it so
            why = [defined[c].text() for c in sorted(v.subclasses.get(e["object"], (e["object"],)))
                   if c in defined]
            if why:
                e["defined_by"] = why
            continue
        if subs.get(e["property"]):  # it may be stated more specifically
            e["stated_as"] = sorted(subs[e["property"]])
        group = groups.get((e["subject"], e["property"]), [e])
        plabel = v.label(e["property"])
        if len(group) > 1:
            rng = sorted(v.range.get(e["property"], ()))
            what = v.label(rng[0]) if rng else "individual"
            names = [_name(incident, x["object"]) for x in group]
            e["question"] = (f"Which {what} is it, {label} {plabel} "
                             f"{', '.join(names[:-1])} or {names[-1]}?")
        else:
            e["question"] = _ask_fact(label, plabel, _name(incident, e["object"]))


def _value_question(kb, incident, assessment, base, s, p, info, full):
    kind = _kind(kb, p)
    currency = _currency(assessment)
    reps = _representatives(_cuts(info["probes"], kind, currency), kind, currency)
    if not info["tested"]:
        reps = []                 # it only fixes a conclusion's amount: no range to try
    regions = []
    for lo, hi, value in reps:
        got = full([((s, p, value), True)])
        if got is not None:
            gained, lost = described(base, got)
            regions.append({"from": lo, "to": hi, "value": value,
                            "gained": sorted(gained), "lost": sorted(lost)})
    regions = _merge(regions)
    for r in regions:
        lo, hi = r.pop("from"), r.pop("to")
        r["range"] = _range_text(lo, hi, r["value"], kind)
        # the same range as data, for sentences in other languages (explain/questions.py)
        r["after"] = None if lo is None or lo is _SAMPLE else show(lo)
        r["up_to"] = None if hi is None or lo is _SAMPLE else show(hi)
        r["time"] = kind in ("dateTime", "date")
        r["value"] = show(r["value"])
    if _optional(kb, p):
        got = full([((s, p, None), False)])
        if got is not None:
            gained, lost = described(base, got)
            regions.append({"range": f"no {kb.vocab.label(p)} at all", "value": None,
                            "gained": sorted(gained), "lost": sorted(lost)})
    moved = any(r["gained"] or r["lost"] for r in regions)
    if not moved and not info["feeds"]:
        return None
    return {"kind": "value", "fact": f"{s} {p}", "subject": s, "property": p, "object": None,
            "question": _ask_value(kb, incident, assessment, s, p),
            "asked_by": sorted(info["rules"]), "thresholds": regions,
            "feeds": sorted(set(info["feeds"]))}


def _merge(regions) -> list:
    """Adjacent ranges with the same outcome become one."""
    out: list = []
    for r in regions:
        if out and r["from"] is not None and out[-1]["to"] is not None and \
                (out[-1]["gained"], out[-1]["lost"]) == (r["gained"], r["lost"]):
            out[-1]["to"] = r["to"]
            continue
        out.append(dict(r))
    return out


def _range_text(lo, hi, value, kind) -> str:
    """`before 2024-05-30`, `2024-05-30 or later`, `less than 6`, ...: each
    bound is a cut b (the last value of the range below); it reads as its
    successor when that is the rounder number (a midnight, a whole unit)."""
    if lo is _SAMPLE:
        return f"for example {show(value)}"
    if lo is None and hi is None:
        return "any value"
    if kind == "boolean":
        return show(value)
    time = kind in ("dateTime", "date")
    upper = lower = None
    if hi is not None:
        nxt = _next(hi, kind)
        upper = (f"before {_round_show(nxt)}" if time else f"less than {_round_show(nxt)}") \
            if _rounder(nxt, hi) else (f"on or before {show(hi)}" if time else f"at most {show(hi)}")
    if lo is not None:
        nxt = _next(lo, kind)
        lower = (f"{_round_show(nxt)} or later" if time else f"{_round_show(nxt)} or more") \
            if _rounder(nxt, lo) else (f"after {show(lo)}" if time else f"more than {show(lo)}")
    if upper and lower:
        return f"{lower} and {upper}"
    return upper or lower


def _next(v, kind):
    _, from_int, _, _ = _scale(kind, v.currency if isinstance(v, Money) else "USD")
    to_int = _scale(kind, v.currency if isinstance(v, Money) else "USD")[0]
    return from_int(to_int(v) + 1)


def _digits(v) -> int:
    """How many significant places a value shows: fewer is rounder."""
    if isinstance(v, dt.datetime):
        return 0 if (v.hour, v.minute) == (0, 0) else 2
    if isinstance(v, Money):
        v = v.amount
    if isinstance(v, Decimal):
        t = v.normalize().as_tuple()
        return max(0, -t.exponent)
    return 1


def _rounder(a, b) -> bool:
    return _digits(a) < _digits(b)


def _round_show(v) -> str:
    if isinstance(v, dt.datetime) and (v.hour, v.minute) == (0, 0):
        return v.date().isoformat()
    if isinstance(v, Decimal):
        return str(v.normalize())
    return show(v)


_SAMPLE = object()


# -- thresholds --------------------------------------------------------------

_LOW_DT, _HIGH_DT = dt.datetime(1900, 1, 1), dt.datetime(2199, 12, 31, 23, 59)
_LOW_D, _HIGH_D = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def _kind(kb, p) -> str | None:
    rng = kb.vocab.range.get(p, ())
    for k in ("dateTime", "date", "Money", "decimal", "boolean"):
        if k in rng:
            return k
    return None


def _optional(kb, p) -> bool:
    return p not in getattr(kb.vocab, "always_valued", ())


def _currency(assessment) -> str:
    seen: dict = {}
    for (_, _, o) in assessment.evaluation.facts.true:
        if isinstance(o, Money):
            seen[o.currency] = seen.get(o.currency, 0) + 1
    return max(seen, key=seen.get) if seen else "USD"


def _scale(kind, currency):
    """(to_int, from_int, low, high) of the value's domain at its resolution:
    minutes, days, cents, ten-thousandths."""
    if kind == "dateTime":
        origin = _LOW_DT
        return (lambda x: int((x - origin).total_seconds() // 60),
                lambda n: origin + dt.timedelta(minutes=n), 0,
                int((_HIGH_DT - origin).total_seconds() // 60))
    if kind == "date":
        return (lambda x: (x - _LOW_D).days, lambda n: _LOW_D + dt.timedelta(days=n), 0,
                (_HIGH_D - _LOW_D).days)
    if kind == "Money":
        return (lambda x: int(x.amount * 100), lambda n: Money(Decimal(n) / 100, currency),
                0, 10 ** 12)
    if kind == "decimal":
        return (lambda x: int(x * 10000), lambda n: Decimal(n) / 10000, -10 ** 10, 10 ** 10)
    return None


def _cuts(probes, kind, currency) -> list:
    """The raw values b at which some test flips between b and the next value
    up, for the tests that move one way with the value."""
    sc = _scale(kind, currency)
    if sc is None:
        return []
    _, from_int, low, high = sc
    found = set()
    for _, left, op, right, direction in probes:
        if not direction:
            continue
        ops = ("<=", ">=") if op in ("=", "!=") else (op,)
        for o in ops:
            def g(n, o=o):
                a, b = left(from_int(n)), right(from_int(n))
                return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[o]
            try:
                lo_v, hi_v = g(low), g(high)
                if lo_v == hi_v:
                    continue
                lo, hi = low, high            # g(lo) == lo_v, g(hi) != lo_v
                while hi - lo > 1:
                    mid = (lo + hi) // 2
                    if g(mid) == lo_v:
                        lo = mid
                    else:
                        hi = mid
                found.add(lo)
            except Exception:             # a test that cannot take such a value
                continue
    return sorted(found)


def _representatives(cuts, kind, currency) -> list:
    """(after, up to, value) for each range between the cuts: `after` is the
    cut below (None: unbounded), `up to` the cut above, inclusive."""
    if kind == "boolean":
        return [(True, True, True), (False, False, False)]
    sc = _scale(kind, currency)
    if sc is None:
        return []
    _, from_int, low, high = sc
    if not cuts:        # no test moves one way with it: try both ends of its range
        return [(_SAMPLE, None, from_int(low)), (_SAMPLE, None, from_int(high))]
    if len(cuts) > MAX_REGIONS:
        step = len(cuts) / MAX_REGIONS
        cuts = sorted({cuts[int(i * step)] for i in range(MAX_REGIONS)} | {cuts[-1]})
    out = []
    prev = None
    for c in cuts:
        out.append((None if prev is None else from_int(prev), from_int(c), from_int(c)))
        prev = c
    out.append((from_int(prev), None, from_int(prev + 1)))
    return out


# -- words -------------------------------------------------------------------

def _name(incident, x) -> str:
    return str(x)


def _ask_fact(s: str, label: str, o: str) -> str:
    """`Was loss1 caused by the fault of swift?`, `Is it true that taomall
    processes personal information of alice?` (until the ontology's sentence
    templates carry questions)."""
    first = label.split()[0] if label else ""
    if first.endswith("ed") or first in ("held", "paid", "sold", "bought", "made"):
        return f"Was {s} {label} {o}?"
    return f"Is it true that {s} {label} {o}?"


def _article(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def _ask_value(kb, incident, assessment, s, p) -> str:
    facts = assessment.evaluation.facts
    who = [o for (x, q, o) in facts.true if x == s and q == "actor"]
    to = [o for (x, q, o) in facts.true if x == s and q == "notifies"]
    if p == "time" and who and to:
        return f"When did {_name(incident, who[0])} notify {_name(incident, to[0])} ({s})?"
    if p == "time":
        return f"When did {_name(incident, s)} take place?"
    return f"What was the {kb.vocab.label(p)} of {_name(incident, s)}?"


def described(base, got) -> tuple[set, set]:
    """The conclusions an answer gains and loses, as the assessment's fixed
    forms, each duty and breach with whom it is owed to ("frischmarkt breached
    SafeguardDuty toward greta (BGB-823-1)"). A breach is one outcome per
    person and occasion (report.head_key): one that is reached on other
    occasions too, before or after the answer, is named with the individuals of
    the occasion gained or lost ("neobank breached RefundDuty toward alice
    (PSD2-73-1) for pay1"); one that comes or goes as a whole is named without. An occasion that names nothing another one before (for a
    gain) or after (for a loss) does not name (two rules of one provision, one
    per payment and one for the claim as a whole) is no change."""
    gained, lost = got
    after = (base - lost) | gained
    groups: dict = {}
    for k in base | gained:
        if k[0] == "breach":
            groups.setdefault(k[:5], set()).add(k)

    def names(k) -> set:
        return {v for _, v in k[5]}

    def text(k, others):
        if k[0] != "breach":
            return _describe(k)
        standing = [o for o in others if o[:5] == k[:5]]
        if not standing:
            return _describe(k)
        if any(names(k) <= names(o) for o in standing):
            return None
        rest = [names(o) for o in groups[k[:5]] if o != k]
        mine = sorted(names(k) - set.intersection(*rest)) if rest else []
        return _describe(k) + (f" for {' and '.join(mine)}" if mine else "")
    return ({t for k in gained if (t := text(k, base)) is not None},
            {t for k in lost if (t := text(k, after)) is not None})


def _describe(key) -> str:
    kind = key[0]
    if kind == "duty":
        return f"{key[1]} owes {key[2]}{_toward(' to', key[4])} ({key[3]})"
    if kind == "breach":
        return f"{key[1]} breached {key[2]}{_toward(' toward', key[4])} ({key[3]})"
    if kind == "liable":
        amount = "" if key[4] in ("None", None) else f" for {key[4]}"
        return f"{key[1]} liable to {key[2]} as {key[3]}{amount} ({key[5]})"
    if kind == "exempt":
        return f"{key[1]} not liable to {key[2]} ({key[3]})"
    if kind == "defence":
        return f"the defence against {key[1]} succeeds"
    return f"unresolved conflict on {key[1]}"


def _toward(word, beneficiary) -> str:
    """Whom a duty is owed to, or a breach toward (none for a duty owed to all)."""
    return "" if beneficiary is None else f"{word} {beneficiary}"

