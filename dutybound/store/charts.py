"""The case library counted for charts (render/pictures/charts.py draws them):
outcomes by jurisdiction, provision and liability form; which provisions the
cases apply and which they reach without holding (coverage, both ways); and
which factors the cases share.

    counts = library_counts(lib)

Every number is a count of what the stored cases say: their liabilities
(with form and basis), the provisions they cite, the provisions their claims
reached but failed on (the stored assessment's `claims` reasons), and their
factors (store/factors.py).
"""
from __future__ import annotations


def library_counts(lib) -> dict:
    cases = lib.list()
    by_jurisdiction: dict = {}
    by_provision: dict = {}
    by_form: dict = {}
    holds: dict = {}            # provision -> case ids citing it
    fails: dict = {}            # provision -> case ids whose claims reached it and failed
    factors: dict = {}          # factor id -> case ids
    factor_labels: dict = {}
    shown = []
    for c in cases:
        j = c.get("jurisdiction") or "-"
        for l in c["liabilities"]:
            if l.get("form"):
                by_jurisdiction.setdefault(j, {}).setdefault(l["form"], 0)
                by_jurisdiction[j][l["form"]] += 1
                by_form[l["form"]] = by_form.get(l["form"], 0) + 1
        for basis in sorted({l["basis"] for l in c["liabilities"] if l.get("basis")}):
            by_provision[basis] = by_provision.get(basis, 0) + 1
        full = lib.show(c["id"])
        for pid in full.get("cites", []):
            holds.setdefault(pid, set()).add(c["id"])
        for claim in ((full.get("assessment") or {}).get("claims") or []):
            if claim.get("status") in ("not liable", "unknown"):
                for r in claim.get("reasons", []):
                    if r.get("provision"):
                        fails.setdefault(r["provision"], set()).add(c["id"])
        for f in full.get("factors", []):
            factors.setdefault(f["id"], set()).add(c["id"])
            factor_labels[f["id"]] = f["label"]
        shown.append({"id": c["id"], "title": c["title"], "jurisdiction": c.get("jurisdiction")})
    provisions = sorted(set(holds) | set(fails), key=lambda p: (-len(holds.get(p, ())), p))
    return {
        "cases": shown,
        "outcomes_by_jurisdiction": {j: dict(sorted(f.items())) for j, f in sorted(by_jurisdiction.items())},
        "outcomes_by_provision": dict(sorted(by_provision.items(), key=lambda kv: (-kv[1], kv[0]))),
        "outcomes_by_form": dict(sorted(by_form.items(), key=lambda kv: (-kv[1], kv[0]))),
        "coverage": {"provisions": provisions,
                     "cells": {p: {cid: ("holds" if cid in holds.get(p, ()) else "fails")
                                   for cid in sorted(holds.get(p, set()) | fails.get(p, set()))}
                               for p in provisions}},
        "factors": {"factors": sorted(factors, key=lambda f: (-len(factors[f]), f)),
                    "labels": factor_labels,
                    "cells": {f: sorted(ids) for f, ids in factors.items()}},
    }
