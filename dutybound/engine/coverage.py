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

The cases are the bundled incidents and the bundled controls profiles
(docs/controls-profile.md): the law of controls (rules/*/controls-*.md) starts
from a review of an operator's controls, which only a profile states, so a
profile is its golden case, assessed on its date under its jurisdictions.

A provision without rules can still be exercised through the law in time (a
transitional provision cited by an `application`, a limitation period). One
whose every application governs only provisions that no rule cites can never
be: it is listed as a context provision with that reason, not as missing.
"""
from __future__ import annotations

from pathlib import Path

from dutybound.engine.defeasible import PROVED
from dutybound.errors import DutyboundError
from dutybound.load.nodes import load_yaml_file

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
    """The bundled incidents, then the bundled controls profiles."""
    from dutybound.comply.review import profile_files
    from dutybound.kb.examples import incident_files
    return incident_files(root / "examples", (".yaml", ".yml", ".json", ".ttl")) + profile_files(root)


def _is_profile(path) -> bool:
    """A controls profile: a mapping with `profile:` and no `incident:` (the
    test load/incident.py makes to point a profile to `dutybound comply`)."""
    if Path(path).suffix.lower() not in (".yaml", ".yml", ".json"):
        return False
    try:
        top = load_yaml_file(Path(path).read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError, DutyboundError):
        return False                   # the incident reader reports it, with its position
    return isinstance(top, dict) and "profile" in top and "incident" not in top


def _assessments(kb, f):
    """The assessments of one case: an incident under its jurisdiction (each
    one when it names none), a profile under its jurisdictions on its date."""
    if _is_profile(f):
        from dutybound.comply.review import load
        profile = load(kb, f)
        return [kb.assess(profile.incident, as_of=profile.date, jurisdiction=j, open_questions=False)
                for j in profile.jurisdictions]
    incident = kb.load_incident(f)
    # an incident that names no jurisdiction is assessed under each one
    return [kb.assess(incident, jurisdiction=j, open_questions=False)
            for j in ((incident.jurisdiction,) if incident.jurisdiction else JURISDICTIONS)]


def context_reason(kb, pid: str, ruled: set) -> str | None:
    """Why a provision without rules cannot be exercised, or None when it can:
    it is cited only by applications in time (no limitation), and every one of
    them governs provisions that no rule cites (`ruled`: the cited ids)."""
    from dutybound.rules.timecheck import governing_map, source_of
    if pid in ruled or any(pid in x.cites for x in kb.limitations.values()):
        return None
    apps = [a for a in kb.applications.values() if pid in a.cites]
    if not apps:
        return None
    by_source = governing_map(kb.applications.values())
    for a in apps:
        governed = [p for p in kb.provisions.values()
                    if (p.time == a.id) or (p.time is None and by_source.get(source_of(p, kb.law_texts)) is a)]
        reach = {p.id for p in governed} | {q.id for q in kb.provisions.values()
                                             if set(q.renumbers) & {p.id for p in governed}}
        if reach & ruled:
            return None
    what = "; ".join(f"{a.id} governs {', '.join(a.governs) or 'its provisions'}" for a in apps)
    return (f"not formalised as rules: it says when its law applies in time ({what}), "
            f"and no rule cites a provision that law governs")


def coverage(kb, files) -> dict:
    """{provision id: {title, jurisdiction, rules, applies: [cases], does_not_apply: [cases]}}."""
    ruled = {r.cites for r in kb.rules}
    table = {pid: {"title": p.title, "jurisdiction": p.jurisdiction,
                   "rules": sorted(r.id for r in kb.rules if r.cites == pid),
                   "context": context_reason(kb, pid, ruled),
                   "applies": [], "does_not_apply": [], "applies_in_part": []}
             for pid, p in sorted(kb.provisions.items())}
    for f in files:
        name = str(Path(f).relative_to(kb.root)) if Path(f).is_absolute() else str(f)
        for a in _assessments(kb, f):
            _record(table, name, a)
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


def missing(table: dict) -> list:
    """The provisions that can be exercised and are not, both ways."""
    return [pid for pid, r in table.items() if not r.get("context") and not both_ways(r)]


def render_coverage(table: dict) -> str:
    out = []
    for pid, row in table.items():
        ok = "ok " if both_ways(row) else "context" if row.get("context") else "MISSING"
        out.append(f"{ok:8}{pid:22} {row['title']}  ({len(row['rules'])} rules)")
        if row.get("context") and not both_ways(row):
            out.append(f"          {row['context']}")
        out.append(f"          applies in:         {', '.join(Path(c).stem for c in row['applies']) or '-'}")
        if row["applies_in_part"]:
            out.append(f"          applies in part in: {', '.join(Path(c).stem for c in row['applies_in_part'])}")
        out.append(f"          does not apply in:  {', '.join(Path(c).stem for c in row['does_not_apply']) or '-'}")
    both = sum(1 for r in table.values() if both_ways(r))
    context = sum(1 for r in table.values() if r.get("context") and not both_ways(r))
    out.append(f"\n{both} of {len(table) - context} provisions that rules can exercise are exercised "
               f"both ways; {context} context provisions are not formalised as rules")
    return "\n".join(out) + "\n"
