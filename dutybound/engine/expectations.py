"""What an incident's `expect:` block says the assessment must conclude, and
where an assessment differs from it (docs/incident-format.md).

The golden tests and the case book (`dutybound casebook`) both compare through
`differences`, which returns sentences, never raises: an empty list means the
assessment agrees.
"""
from __future__ import annotations

LIAB_KEYS = ("party", "to", "form", "basis")


def differences(a, expect: dict) -> list[str]:
    """Where the assessment `a` (an Assessment) departs from `expect`."""
    out: list[str] = []
    if "liabilities" in expect:
        out += _liabilities(a.liabilities, expect["liabilities"])
    for key, fields in (("breaches", ("party", "duty", "provision")),
                        ("duties", ("party", "duty", "provision"))):
        if key in expect:
            got = {tuple(d[f] for f in fields) for d in getattr(a, key)}
            want = {tuple(w[f] for f in fields) for w in expect[key]}
            if got != want:
                out.append(f"{key}: expected {sorted(want)}, got {sorted(got)}")
    for w in expect.get("not_liable", []):
        held = [l for l in a.liabilities if l["party"] == w["party"] and l["to"] == w["to"]]
        if held:
            out.append(f"{w['party']} should not be liable to {w['to']}, but is under "
                       f"{', '.join(sorted({l['basis'] for l in held}))}")
    for w in expect.get("reductions", []):
        if not any(r["basis"] == w["basis"] for l in a.liabilities
                   if l["party"] == w["party"] and l["to"] == w["to"] for r in l["reductions"]):
            out.append(f"no reduction of {w['party']}'s liability to {w['to']} under {w['basis']}")
    if "conflicts" in expect and len(a.conflicts) != expect["conflicts"]:
        out.append(f"expected {expect['conflicts']} unresolved conflicts, got {len(a.conflicts)}")
    for w in expect.get("defences", []):
        if not any(d["rule"] == w for d in a.defences):
            out.append(f"no successful defence against {w}")
    for w in expect.get("open_questions", []):
        if not any(q["fact"] == w for q in a.open_questions):
            out.append(f"the open question '{w}' is not asked")
    out += _in_time(a, expect)
    return out


def _in_time(a, expect: dict) -> list[str]:
    """The law-in-time keys (docs/incident-format.md): provisions that must
    govern none of the facts, limitation outcomes, versions left unknown."""
    out = []
    left_out = {p["id"] for p in a.law_not_in_force}
    for pid in expect.get("not_governing", []):
        if pid not in left_out:
            out.append(f"{pid} should govern none of these facts, but is not listed as such")
    from dutybound.engine.report import in_time_json
    data = in_time_json(a).get("law_in_time", {}) if getattr(a, "time", None) else {}
    limits = data.get("limitation", [])
    for w in expect.get("limitation", []):
        if not any(all(str(x.get(k)) == str(v) for k, v in w.items()) for x in limits):
            out.append(f"no limitation entry {_show(w)}")
    unknown = {u["provision"] for u in data.get("undetermined", [])}
    for pid in expect.get("undetermined", []):
        if pid not in unknown:
            out.append(f"whether {pid} governs should be unknown, but is not")
    return out


def _liabilities(got: list, want: list) -> list[str]:
    """Every expected liability is there (on the keys it names), and nothing else
    is: each liability concluded matches some expected one on that one's keys."""
    out = []
    for w in want:
        if not any(_matches(l, w) for l in got):
            out.append(f"missing liability {_show(w)}")
    for l in got:
        if not any(_matches(l, {k: v for k, v in w.items() if k in LIAB_KEYS}) for w in want):
            out.append(f"unexpected liability {_show({k: l.get(k) for k in LIAB_KEYS + ('amount',)})}")
    return out


def _matches(l: dict, w: dict) -> bool:
    return all(str(l.get(k)) == str(v) for k, v in w.items())


def _show(d: dict) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in d.items() if v is not None) + "}"
