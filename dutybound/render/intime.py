"""Sentences about time for every rendering: which dates an assessment used,
limitation, versions left undetermined by an unknown date, and what an EU
directive requires (the JSON's `dates`, `law_in_time` and `directives`,
docs/assessment-format.md)."""
from __future__ import annotations


def dates_line(a: dict) -> str:
    """One line: the law, the decision date and the facts' dates."""
    law = a.get("jurisdiction") or "all jurisdictions"
    d = a.get("dates")
    if not d:                                   # an assessment stored before dates existed
        return f"law of {law} in force on {a['as_of']}"
    if d.get("as_of"):
        return (f"law of {law} in force on {d['as_of']} (--as-of: every fact taken as of that "
                f"day, and the case decided on it)")
    facts = d["facts_from"] if d["facts_from"] == d["facts_to"] else f"{d['facts_from']} to {d['facts_to']}"
    filed = f", filed {d['filed']}" if d.get("filed") else ""
    return (f"law of {law}, each fact under the version that governs it; decided on "
            f"{d['decided']} ({d['decided_basis']}){filed}; facts of {facts}")


def sections(a: dict, top: bool = False) -> list[tuple[str, list[str]]]:
    """(title, sentences) of the time sections that have something to say:
    with top=True, the one that frames the whole assessment (an EU
    directive), which comes before the conclusions; else the others."""
    out = []
    t = a.get("law_in_time") or {}
    if top:
        if a.get("directives"):
            out.append(("What the directive requires", [d["statement"] for d in a["directives"]]))
        return out
    if t.get("undetermined"):
        out.append(("Which version governs is unknown (a date is missing)",
                    [u["why"] for u in t["undetermined"]]))
    if t.get("limitation"):
        out.append(("Limitation", [_limitation(x) for x in t["limitation"]]))
    return out


def _limitation(x: dict) -> str:
    s = x["why"] + f" The period is {x['start_why']}."
    if x.get("notes"):
        s += " " + "; ".join(x["notes"]).capitalize() + "."
    return s


def not_governing(p: dict) -> str:
    """A provision left out, with why (law_not_in_force)."""
    why = p.get("why") or f"in force {p['effective']} to {p['repealed'] or '-'}"
    return f"{p['id']} {p['title']}: {why}"
