"""The case book: real published decisions encoded as incidents, each expecting
what the court decided (docs/incident-format.md, "Cases from real decisions").

A case file is an incident with a `decision:` block (court, date, docket, url,
holding) and an `expect:` block. Where the engine does not reach the court's
outcome, the file says so in `known_disagreement:` with the reason; the case
stays in the book, never bent to pass. `dutybound casebook` prints agreement
per case and in total.
"""
from __future__ import annotations

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
    if "by_jurisdiction" in expect:
        for j, want in expect["by_jurisdiction"].items():
            row["differences"] += [f"{j}: {d}" for d in
                                   differences(kb.assess(incident, jurisdiction=j), want)]
    else:
        row["differences"] = differences(kb.assess(incident), expect)
    agrees = not row["differences"]
    if row["reason"]:
        row["status"] = "known disagreement now agrees" if agrees else "known disagreement"
    else:
        row["status"] = "agrees" if agrees else "disagrees"
    return row


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
