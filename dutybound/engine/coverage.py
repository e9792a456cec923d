"""Which provisions the golden cases exercise, and which way.

A provision is exercised *positively* by a case when one of its rules'
instances applies there, and *negatively* when an instance was considered
(its conditions partly matched the facts) but did not apply: an element was
not established, a `where` test failed, or an exception defeated it. Every provision should be
exercised both ways (`dutybound coverage`).
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
    return out


def example_files(root: Path) -> list[Path]:
    from dutybound.kb.examples import incident_files
    return incident_files(root / "examples", (".yaml", ".yml", ".json", ".ttl"))


def coverage(kb, files) -> dict:
    """{provision id: {title, jurisdiction, rules, applies: [cases], does_not_apply: [cases]}}."""
    table = {pid: {"title": p.title, "jurisdiction": p.jurisdiction,
                   "rules": sorted(r.id for r in kb.rules if r.cites == pid),
                   "applies": [], "does_not_apply": []}
             for pid, p in sorted(kb.provisions.items())}
    for f in files:
        incident = kb.load_incident(f)
        name = str(Path(f).relative_to(kb.root)) if Path(f).is_absolute() else str(f)
        # an incident that names no jurisdiction is assessed under each one
        for j in (incident.jurisdiction,) if incident.jurisdiction else JURISDICTIONS:
            _record(table, name, kb.assess(incident, jurisdiction=j, open_questions=False))
    return table


def _record(table, name, a) -> None:
    for pid, seen in provision_outcomes(a).items():
        for status, key in (("applies", "applies"), ("does not apply", "does_not_apply")):
            if status in seen and name not in table[pid][key]:
                table[pid][key].append(name)


def render_coverage(table: dict) -> str:
    out = []
    for pid, row in table.items():
        ok = "ok " if row["applies"] and row["does_not_apply"] else "MISSING"
        out.append(f"{ok:8}{pid:22} {row['title']}  ({len(row['rules'])} rules)")
        out.append(f"          applies in:        {', '.join(Path(c).stem for c in row['applies']) or '-'}")
        out.append(f"          does not apply in: {', '.join(Path(c).stem for c in row['does_not_apply']) or '-'}")
    both = sum(1 for r in table.values() if r["applies"] and r["does_not_apply"])
    out.append(f"\n{both} of {len(table)} provisions exercised both ways")
    return "\n".join(out) + "\n"
