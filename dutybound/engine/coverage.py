"""Which provisions the golden cases exercise, and which way.

A provision is exercised *positively* by a case when one of its rules'
instances applies there, and *negatively* when an instance was considered
(its conditions partly matched the facts) but did not apply: an element was
not established, a `where` test failed, or an exception defeated it. Every provision should be
exercised both ways (`dutybound coverage`).

Each case is listed once per provision: under `applies` when the provision
applied there and nothing of it failed, under `does_not_apply` when it was
considered and never applied, and under `applies_in_part` when one instance
applied and another failed (one payment refunded, another not): such a case
exercises the provision both ways by itself.
"""
from __future__ import annotations

from pathlib import Path

from dutybound.engine.defeasible import PROVED

JURISDICTIONS = ("CN", "DE", "EU", "US")


def provision_outcomes(assessment) -> dict:
    """provision id -> {"applies", "does not apply"} seen in this assessment."""
    out: dict = {}
    for run in assessment.evaluation.runs:
        for rule in run.rejected:            # partly matched, but a `where` test failed
            out.setdefault(rule.cites, set()).add("does not apply")
        for i, inst in enumerate(run.instances):
            status = "applies" if run.result.status[run.applies[i]] == PROVED else "does not apply"
            out.setdefault(inst.rule.cites, set()).add(status)
    time = getattr(assessment, "time", None)          # transitional and limitation provisions
    for pid, seen in (time.outcomes() if time is not None else {}).items():
        out.setdefault(pid, set()).update(seen)
    return out


def example_files(root: Path) -> list[Path]:
    from dutybound.kb.examples import incident_files
    return incident_files(root / "examples", (".yaml", ".yml", ".json", ".ttl"))


def coverage(kb, files) -> dict:
    """{provision id: {title, jurisdiction, rules, applies: [cases], does_not_apply: [cases]}}."""
    table = {pid: {"title": p.title, "jurisdiction": p.jurisdiction,
                   "rules": sorted(r.id for r in kb.rules if r.cites == pid),
                   "applies": [], "does_not_apply": [], "applies_in_part": []}
             for pid, p in sorted(kb.provisions.items())}
    for f in files:
        incident = kb.load_incident(f)
        name = str(Path(f).relative_to(kb.root)) if Path(f).is_absolute() else str(f)
        # an incident that names no jurisdiction is assessed under each one
        for j in (incident.jurisdiction,) if incident.jurisdiction else JURISDICTIONS:
            _record(table, name, kb.assess(incident, jurisdiction=j, open_questions=False))
    return table


def _record(table, name, a) -> None:
    """Adds the case to each provision's lists; a case seen before (another
    jurisdiction of an incident that names none) moves, never repeats."""
    for pid, seen in provision_outcomes(a).items():
        row = table[pid]
        before = {k for k in ("applies", "does_not_apply", "applies_in_part") if name in row[k]}
        if before:
            seen = seen | {"applies" if k == "applies" else "does not apply" if k == "does_not_apply"
                           else "both" for k in before}
            for k in before:
                row[k].remove(name)
        if "both" in seen or {"applies", "does not apply"} <= seen:
            row["applies_in_part"].append(name)
        elif "applies" in seen:
            row["applies"].append(name)
        else:
            row["does_not_apply"].append(name)


def both_ways(row: dict) -> bool:
    """Whether the cases exercise the provision applying and not applying."""
    return bool(row["applies_in_part"]) or bool(row["applies"] and row["does_not_apply"])


def render_coverage(table: dict) -> str:
    out = []
    for pid, row in table.items():
        ok = "ok " if both_ways(row) else "MISSING"
        out.append(f"{ok:8}{pid:22} {row['title']}  ({len(row['rules'])} rules)")
        out.append(f"          applies in:         {', '.join(Path(c).stem for c in row['applies']) or '-'}")
        if row["applies_in_part"]:
            out.append(f"          applies in part in: {', '.join(Path(c).stem for c in row['applies_in_part'])}")
        out.append(f"          does not apply in:  {', '.join(Path(c).stem for c in row['does_not_apply']) or '-'}")
    both = sum(1 for r in table.values() if both_ways(r))
    out.append(f"\n{both} of {len(table)} provisions exercised both ways")
    return "\n".join(out) + "\n"
