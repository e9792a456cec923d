"""One incident under every jurisdiction, side by side."""
from __future__ import annotations


def _cell(a: dict, party: str) -> list[str]:
    lines = []
    for l in a["liabilities"]:
        if l["party"] == party:
            amt = f" {l['currency']} {l['amount']}" if l["amount"] is not None else ""
            lines.append(f"{l['form']}{amt} to {l['to']} [{l['basis']}]")
    for e in a["exemptions"]:
        if e["party"] == party:
            lines.append(f"not liable to {e['to']} [{e['basis']}]")
    for b in a["breaches"]:
        if b["party"] == party:
            lines.append(f"breached {b['duty']} [{b['provision']}]")
    return lines


def _parties(data: dict) -> list[str]:
    seen = []
    for a in data.values():
        for key in ("liabilities", "exemptions", "breaches"):
            for x in a[key]:
                if x["party"] not in seen:
                    seen.append(x["party"])
    return seen


def _dates(a: dict) -> str:
    from dutybound.render.intime import dates_line
    return dates_line({**a, "jurisdiction": "each jurisdiction"})


def render_text(data: dict) -> str:
    first = next(iter(data.values()))
    out = [f"Comparison: {first['incident']['title']} ({first['incident']['id']}), "
           f"{_dates(first)}", ""]
    for party in _parties(data):
        out.append(party)
        for j, a in data.items():
            cell = _cell(a, party) or ["-"]
            out.append(f"  {j}: {cell[0]}")
            out.extend(f"      {c}" for c in cell[1:])
    for j, a in data.items():
        notes = []
        if a["conflicts"]:
            notes.append(f"{len(a['conflicts'])} unresolved conflict(s)")
        if a["open_questions"]:
            notes.append("open: " + "; ".join(q["fact"] for q in a["open_questions"]))
        if not a["law_applied"]:
            notes.append("no rule of this jurisdiction applies")
        outside = [c for c in a.get("claims", []) if c["status"] == "outside"]
        if outside:
            notes.append("outside the knowledge base: " + "; ".join(
                f"{c['claimant']} against {c['party']}" for c in outside))
        if notes:
            out.append(f"{j}: " + " | ".join(notes))
    return "\n".join(out) + "\n"


def render_markdown(data: dict) -> str:
    first = next(iter(data.values()))
    js = list(data)
    out = [f"# Comparison: {first['incident']['title']}", "",
           _dates(first).capitalize() + ".", "",
           "| party | " + " | ".join(js) + " |", "|---|" + "---|" * len(js)]
    for party in _parties(data):
        out.append(f"| {party} | " + " | ".join("<br>".join(_cell(data[j], party)) or "-" for j in js) + " |")
    for j in js:
        outside = [c for c in data[j].get("claims", []) if c["status"] == "outside"]
        if outside:
            out += ["", f"Outside the knowledge base under {j} law: " + "; ".join(
                f"{c['claimant']} against {c['party']}" for c in outside) + "."]
    return "\n".join(out) + "\n"
