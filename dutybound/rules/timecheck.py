"""Checks the law-in-time declarations: `application` and `limitation`
blocks, and the provision fields `time`, `renumbers` and `transposed`
(docs/rule-language.md, "How law applies in time").

Every provision must say how it applies in time, through its own `time`
field or through the application that `governs` its law text's source. A
provision that quotes a law text (`source`) and says nothing is an error; one
without a law text (a draft, a test) gets a warning and is applied to facts
from its `effective` date.
"""
from __future__ import annotations

from dutybound.errors import Problem, did_you_mean
from dutybound.rules import ast

REACHES = ("facts", "transactions", "pending")
STARTS = ("knowledge", "year-end", "occurrence")


def _at(pos, message, hint=None, length=1, severity="error") -> Problem:
    if pos is None:
        return Problem(message, hint=hint, severity=severity)
    return Problem(message, pos.path, pos.line, pos.col, length, hint, severity=severity)


def _ref(block, role, value=None):
    for r, v, p in block.refs:
        if r == role and (value is None or v == value):
            return p
    return block.pos


def source_of(p: ast.Provision, law_texts: dict | None) -> str | None:
    """The law-text source (e.g. `cn-civil-code`) a provision quotes, if any."""
    if not law_texts or p.source is None or p.source not in law_texts:
        return None
    return law_texts[p.source].get("source")


def governing_map(applications) -> dict:
    """law-text source id -> the application that governs it."""
    out: dict = {}
    for a in applications:
        for src in a.governs:
            out.setdefault(src, a)
    return out


def check_time(files, provisions: dict, law_texts: dict | None,
               jurisdictions, verified) -> list[Problem]:
    out: list[Problem] = []
    apps = _unique([a for f in files for a in f.applications], "application", out)
    lims = _unique([x for f in files for x in f.limitations], "limitation", out)
    sources = {e.get("source") for e in (law_texts or {}).values()} - {None}
    for a in apps.values():
        out += _cites(a, "application", provisions)
        if not a.cites and not a.basis:
            out.append(_at(a.pos, f"application '{a.id}' cites nothing",
                           "cite the transitional provision that states the rule (`cites ID`), or "
                           "give the case law as `basis \"...\"` with `verified P` or `U`"))
        if a.verified not in verified:
            out.append(_at(_ref(a, "verified"), f"unknown verified '{a.verified}' in application "
                           f"'{a.id}'", "allowed: " + ", ".join(verified)))
        if law_texts is not None:
            for src in a.governs:
                if src not in sources:
                    out.append(_at(_ref(a, "governs", src), f"governs '{src}': no law text has this "
                                   "source id", did_you_mean(src, sources) or
                                   "the ids are the `source: id:` of law/texts/*.yaml", len(src)))
    seen: dict = {}
    for a in apps.values():
        for src in a.governs:
            if src in seen and seen[src] is not a:
                out.append(_at(_ref(a, "governs", src), f"law text '{src}' is governed by two "
                               f"applications, '{seen[src].id}' and '{a.id}'",
                               "keep one; a provision that differs names its own with `time`",
                               len(src)))
            seen.setdefault(src, a)
    out += _provisions(provisions, apps, law_texts)
    for lim in lims.values():
        out += _cites(lim, "limitation", provisions)
        if lim.jurisdiction not in jurisdictions:
            out.append(_at(_ref(lim, "jurisdiction"), f"unknown jurisdiction '{lim.jurisdiction}' "
                           f"in limitation '{lim.id}'", "allowed: " + ", ".join(jurisdictions)))
        if lim.starts not in STARTS:
            out.append(_at(_ref(lim, "starts"), f"unknown start '{lim.starts}' in limitation "
                           f"'{lim.id}'", (did_you_mean(lim.starts, STARTS) or "") +
                           " allowed: " + ", ".join(STARTS), len(lim.starts)))
        if lim.years <= 0:
            out.append(_at(_ref(lim, "period"), "a limitation period is at least one year"))
        if not lim.cites:
            out.append(_at(lim.pos, f"limitation '{lim.id}' cites nothing",
                           "cite the provision that sets the period first (`cites CC-188, ...`): "
                           "its version in time decides which claims the period covers"))
    return out


def _unique(blocks, kind, out) -> dict:
    """id -> block, the first of each id; a duplicate is a problem."""
    seen: dict = {}
    for b in blocks:
        if b.id in seen:
            out.append(_at(_ref(b, "id"), f"duplicate {kind} id '{b.id}'",
                           f"'{b.id}' is first defined at {seen[b.id].pos}", len(b.id)))
        else:
            seen[b.id] = b
    return seen


def _cites(block, kind, provisions) -> list[Problem]:
    out = []
    for c in block.cites:
        if c not in provisions:
            out.append(_at(_ref(block, "cites", c), f"cites '{c}': no provision has this id",
                           did_you_mean(c, provisions) or f"define it with `provision {c}` ... `end`",
                           len(c)))
    return out


def _provisions(provisions: dict, apps: dict, law_texts) -> list[Problem]:
    out = []
    by_source = governing_map(apps.values())
    for p in provisions.values():
        if p.time is not None and p.time not in apps:
            out.append(_at(_ref(p, "time"), f"time '{p.time}': no application has this id",
                           did_you_mean(p.time, apps) or
                           f"define it with `application {p.time} cites ...` ... `end`",
                           len(p.time)))
        for role in ("renumbers", "transposed"):
            for other in getattr(p, role):
                if other not in provisions:
                    out.append(_at(_ref(p, role, other), f"{role} '{other}': no provision has "
                                   "this id", did_you_mean(other, provisions) or
                                   f"define it with `provision {other}` ... `end`", len(other)))
                elif other == p.id:
                    out.append(_at(_ref(p, role, other), f"provision '{p.id}' {role} itself"))
        if p.time is None and source_of(p, law_texts) not in by_source:
            quoted = p.source is not None
            out.append(_at(_ref(p, "id"), f"provision '{p.id}' does not say how it applies in time",
                           "add `time APPLICATION-ID` to the provision, or `governs "
                           f"{source_of(p, law_texts) or 'SOURCE'}` to the application that "
                           "states its rule (docs/rule-language.md, \"How law applies in time\")"
                           + ("" if quoted else "; until then it is applied to facts from its "
                              "effective date"),
                           len(p.id), severity="error" if quoted else "warning"))
    return out
