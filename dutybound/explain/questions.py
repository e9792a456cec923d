"""Open questions as questions, with what each answer would change.

An open question of the assessment is a fact ({subject, property, object})
and what each answer gains or loses, written in the assessment's fixed
forms ("zfb liable to alice as Sole for 8000.00 (ECL-57-2)",
docs/assessment-format.md). Here each becomes a question in the reader's
language and each change a sentence. A question about a value (a time, an
amount), when the assessment gives one, is asked as such, with the
thresholds that decide it.
"""
from __future__ import annotations

import re

from dutybound.explain.narrate import join_names

_CHANGE = [
    ("liable", re.compile(r"^(?P<party>\S+) liable to (?P<to>\S+) as (?P<form>\S+)"
                          r"(?: for (?P<amount>\S+))? \((?P<basis>[^()]+)\)$")),
    ("exempt", re.compile(r"^(?P<party>\S+) not liable to (?P<to>\S+) \((?P<basis>[^()]+)\)$")),
    ("duty", re.compile(r"^(?P<party>\S+) owes (?P<duty>\S+)(?: to (?P<to>\S+))?"
                        r" \((?P<basis>[^()]+)\)$")),
    ("breach", re.compile(r"^(?P<party>\S+) breached (?P<duty>\S+)(?: toward (?P<to>\S+))?"
                          r" \((?P<basis>[^()]+)\)(?: for (?P<occasion>.+))?$")),
    ("defence", re.compile(r"^the defence against (?P<rule>\S+) succeeds$")),
    ("conflict", re.compile(r"^unresolved conflict on (?P<fact>.+)$")),
]


def parse_change(text: str) -> dict:
    """A gained or lost conclusion as data; {kind: "text"} when its form is new."""
    for kind, rx in _CHANGE:
        m = rx.match(text.strip())
        if m:
            return {"kind": kind, **m.groupdict()}
    return {"kind": "text", "text": text}


def currency_of(data: dict) -> str | None:
    """The one currency of an assessment's money, if there is exactly one (the
    changes of an open question give amounts without it)."""
    seen = {l.get("currency") for l in data.get("liabilities", []) if l.get("currency")}
    for node in data.get("proofs", {}).values():
        for v in (node.get("bindings") or {}).values():
            if isinstance(v, dict) and v.get("currency"):
                seen.add(v["currency"])
    return next(iter(seen)) if len(seen) == 1 else None


def change_sentence(book, change: dict, gained: bool, titles: dict, rule_provisions: dict,
                    currency: str | None) -> str:
    """'ZFB would no longer be liable to Alice: sole liability, CNY 8,000.00 (E-Commerce Law ...)'."""
    _ = book._
    c = change
    law = book.provision_title(c["basis"], titles) if c.get("basis") else ""
    if c["kind"] == "liable":
        amount = book.money(c["amount"], currency) if c.get("amount") else _("an amount the court sets")
        what = _("%(form)s, %(amount)s, %(law)s", form=book.form(c["form"]), amount=amount, law=law)
        if gained:
            return _("%(party)s would be liable to %(to)s (%(what)s)", party=book.name(c["party"]),
                     to=book.name(c["to"]), what=what)
        return _("%(party)s would no longer be liable to %(to)s (%(what)s)", party=book.name(c["party"]),
                 to=book.name(c["to"]), what=what)
    if c["kind"] == "exempt":
        return (_("%(party)s would be found not liable to %(to)s (%(law)s)", party=book.name(c["party"]),
                  to=book.name(c["to"]), law=law) if gained else
                _("%(party)s would no longer be found not liable to %(to)s (%(law)s)",
                  party=book.name(c["party"]), to=book.name(c["to"]), law=law))
    if c["kind"] == "breach" and c.get("occasion"):
        # one occasion of a breach reached on others too (docs/semantics.md §10)
        fact = book.conclusion({"kind": "breach", "party": c["party"], "duty": c["duty"],
                                "to": c.get("to")})
        on = join_names(book, c["occasion"].split(" and "))
        return (_("it would follow that %(fact)s as to %(occasion)s (%(law)s)", fact=fact,
                  occasion=on, law=law) if gained else
                _("it would no longer follow that %(fact)s as to %(occasion)s (%(law)s)", fact=fact,
                  occasion=on, law=law))
    if c["kind"] in ("duty", "breach"):
        fact = book.conclusion({"kind": c["kind"], "party": c["party"], "duty": c["duty"],
                                "to": c.get("to")})
        return (_("it would follow that %(fact)s (%(law)s)", fact=fact, law=law) if gained else
                _("it would no longer follow that %(fact)s (%(law)s)", fact=fact, law=law))
    if c["kind"] == "defence":
        pid = rule_provisions.get(c["rule"])
        law = book.provision_title(pid, titles) if pid else book.ref("rule", c["rule"], c["rule"])
        return (_("a defence would succeed against the claim under %(law)s", law=law) if gained else
                _("the defence against the claim under %(law)s would fail", law=law))
    if c["kind"] == "conflict":
        return (_("two rules would conflict with no priority to decide between them") if gained else
                _("a conflict between two rules would go away"))
    return c.get("text", "")


def question_view(book, q: dict, titles: dict, rule_provisions: dict, currency: str | None) -> dict:
    """{question, answers: [{answer, changes: [sentence]}], asked_by, fact}."""
    _ = book._
    if q.get("kind") == "value" or q.get("object") in (None, ""):
        text = book.value_question(q["subject"], q["property"])
    elif q["property"] == "a":
        text = book.question(q["subject"], "a", q["object"])
    else:
        text = book.question(q["subject"], q["property"], q.get("object"))
    answers = []
    together = q.get("together_with") or []
    yes = (_("If yes, and if also %(facts)s", facts=_("; ").join(
        book.fact(o["subject"], o["property"], o["object"]) for o in together))
        if together else _("If yes"))
    for value, label in (("true", yes), ("false", _("If no"))):
        ch = q.get("if_" + value)
        if not ch:
            continue
        changes = [change_sentence(book, parse_change(g), True, titles, rule_provisions, currency)
                   for g in ch.get("gained", [])]
        changes += [change_sentence(book, parse_change(x), False, titles, rule_provisions, currency)
                    for x in ch.get("lost", [])]
        answers.append({"answer": value, "label": label, "changes": changes,
                        "raw": list(ch.get("gained", [])) + list(ch.get("lost", []))})
    for t in q.get("thresholds") or []:
        changes = [change_sentence(book, parse_change(g), True, titles, rule_provisions, currency)
                   for g in (t.get("gained") or [])] + [
                   change_sentence(book, parse_change(x), False, titles, rule_provisions, currency)
                   for x in (t.get("lost") or [])]
        # a range of the value that gives the outcome assessed (the value the others depart from)
        answers.append({"answer": "threshold", "label": _threshold_label(book, t),
                        "changes": changes or [_("the outcome would be the one assessed above")],
                        "raw": list(t.get("gained") or []) + list(t.get("lost") or [])})
    return {"fact": q.get("fact"), "question": text, "answers": answers,
            "asked_by": q.get("asked_by", []), "subject": q.get("subject"), "property": q.get("property"),
            "object": q.get("object"), "together_with": [o["fact"] for o in together]}


def _threshold_label(book, t) -> str:
    _ = book._
    if not isinstance(t, dict):
        return str(t)
    if "range" in t:          # engine/questions.py: a range of the value, with what it gives
        return _range_label(book, t)
    value = t.get("value")
    if isinstance(value, dict):
        value = book.money(value)
    if t.get("below") is not None or t.get("op") in ("<", "<="):
        return _("If it is below %(value)s", value=value)
    if t.get("op") in (">", ">="):
        return _("If it is above %(value)s", value=value)
    return _("At %(value)s", value=value)


def _range_label(book, t) -> str:
    _ = book._
    if t.get("value") is None:
        return _("If there is none")
    lo, hi = t.get("after"), t.get("up_to")
    if t.get("time"):
        if lo and hi:
            return _("If it is after %(lo)s and on or before %(hi)s", lo=lo, hi=hi)
        if hi:
            return _("If it is on or before %(value)s", value=hi)
        if lo:
            return _("If it is after %(value)s", value=lo)
    else:
        up_lo, up_hi = _next_up(lo), _next_up(hi)
        if (lo is None or up_lo) and (hi is None or up_hi):
            # the search steps numbers by 0.0001: "at most 5.9999" is "less than 6"
            if lo and hi:
                return _("If it is at least %(lo)s and less than %(hi)s", lo=up_lo, hi=up_hi)
            if hi:
                return _("If it is less than %(value)s", value=up_hi)
            if lo:
                return _("If it is %(value)s or more", value=up_lo)
        if lo and hi:
            return _("If it is more than %(lo)s and at most %(hi)s", lo=lo, hi=hi)
        if hi:
            return _("If it is at most %(value)s", value=hi)
        if lo:
            return _("If it is more than %(value)s", value=lo)
    return _("If it is %(value)s", value=t["value"])


def _next_up(x):
    """A bound the open-question search found for a number (engine/questions.py
    steps numbers by 0.0001), as the round number just above it where there is
    one ("5.9999" -> "6"); None where the bound is not such a number."""
    from decimal import Decimal, InvalidOperation
    if not isinstance(x, str):
        return None
    try:
        d = Decimal(x)
    except InvalidOperation:
        return None
    if d.as_tuple().exponent != -4:
        return None
    up = (d + Decimal("0.0001")).normalize()
    return f"{up:f}" if up.as_tuple().exponent >= -2 else None
