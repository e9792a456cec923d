"""The case book: real published decisions encoded as incidents, each expecting
what the court decided (docs/incident-format.md, "Cases from real decisions").

A case file is an incident with a `decision:` block (court, date, docket, url,
holding) and an `expect:` block. Where the engine does not reach the court's
outcome, the file says so in `known_disagreement:` with the reason; the case
stays in the book, never bent to pass. `dutybound casebook` prints agreement
per case and in total.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path


from dutybound.engine.expectations import differences

DECISION_KEYS = ("court", "date", "docket", "url")
CASE_SUFFIXES = (".yaml", ".yml", ".json")


def case_files(root: Path) -> list[Path]:
    base = root / "examples" / "cases"
    return sorted(p for p in base.rglob("*") if p.suffix in CASE_SUFFIXES) if base.is_dir() else []


def judge(kb, path: Path) -> dict:
    """One case: {case, jurisdiction, decision, status, differences, reason}.

    status: "agrees"; "disagrees" (no reason given: a failure); "known
    disagreement" (the engine differs, for the reason the file states); "known
    disagreement now agrees" (the reason is stale: a failure); "invalid" (the
    file lacks its citation or its expectation)."""
    incident = kb.load_incident(path)     # read and checked like any incident (dutybound/load)
    data = incident.document
    decision = data.get("decision") or {}
    row = {"case": str(path), "jurisdiction": data.get("jurisdiction"), "decision": decision,
           "reason": data.get("known_disagreement"), "differences": []}
    missing = [k for k in DECISION_KEYS if not decision.get(k)]
    if missing or not data.get("expect"):
        row["status"] = "invalid"
        row["differences"] = ([f"the decision lacks {', '.join(missing)}"] if missing else []) + \
            ([] if data.get("expect") else ["no expect: block (what the court decided)"])
        return row
    expect = data["expect"]
    incident = kb.load_incident(path)
    decided = None if (getattr(incident, "proceedings", None) or {}).get("decided") \
        else decision_date(decision.get("date"))
    row["decided_on"] = decided.isoformat() if decided else None
    if "by_jurisdiction" in expect:
        for j, want in expect["by_jurisdiction"].items():
            row["differences"] += [f"{j}: {d}" for d in differences(
                kb.assess(incident, jurisdiction=j, decided_on=decided), want)]
    else:
        row["differences"] = differences(kb.assess(incident, decided_on=decided), expect)
    agrees = not row["differences"]
    if row["reason"]:
        row["status"] = "known disagreement now agrees" if agrees else "known disagreement"
    else:
        row["status"] = "agrees" if agrees else "disagrees"
    return row


def decision_date(text) -> dt.date | None:
    """The day a case was decided, for the law in time (which interpretations
    governed the pending case): the decision's own date, or, where the report
    gives only a month or a year, its last day (enough to tell which law was in
    force then; the file's `decision.date` says what the report gave). An
    incident's own `proceedings: decided` takes precedence."""
    if isinstance(text, dt.date):
        return text
    m = re.search(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b", str(text or ""))
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        if m.group(3):
            return dt.date(y, mo, int(m.group(3)))
        return dt.date(y, mo, calendar.monthrange(y, mo)[1])
    m = re.search(r"\b(1[89]\d{2}|20\d{2})\b", str(text or ""))
    return dt.date(int(m.group(1)), 12, 31) if m else None


def summary(rows: list[dict]) -> dict:
    n = len(rows)
    agree = sum(r["status"] == "agrees" for r in rows)
    return {"cases": n, "agree": agree,
            "agreement": round(agree / n, 4) if n else None,
            "known_disagreements": sum(r["status"] == "known disagreement" for r in rows),
            "failures": sum(r["status"] in ("disagrees", "known disagreement now agrees", "invalid")
                            for r in rows)}


def render_casebook(rows: list[dict]) -> str:
    out = [f"Case book: {len(rows)} decisions", ""]
    mark = {"agrees": "agrees", "disagrees": "DISAGREES", "known disagreement": "known",
            "known disagreement now agrees": "STALE", "invalid": "INVALID"}
    for r in rows:
        d = r["decision"]
        cite = ", ".join(str(d[k]) for k in ("court", "date", "docket") if d.get(k))
        out.append(f"{mark[r['status']]:10} {Path(r['case']).parent.name}/{Path(r['case']).stem}")
        if cite:
            out.append(f"{'':11}{cite}")
        if r["status"] == "known disagreement":
            out.append(f"{'':11}why: {' '.join(str(r['reason']).split())}")
        if r["status"] == "known disagreement now agrees":
            out.append(f"{'':11}the engine now agrees: remove known_disagreement")
        for x in r["differences"]:
            out.append(f"{'':11}- {x}")
    s = summary(rows)
    if s["cases"]:
        out += ["", f"Agreement: {s['agree']} of {s['cases']} ({100 * s['agreement']:.0f} %); "
                    f"{s['known_disagreements']} known disagreements, each explained; "
                    f"{s['failures']} failures (unexplained, stale or invalid)."]
    return "\n".join(out) + "\n"
