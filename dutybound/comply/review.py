"""`dutybound comply`: a controls profile checked against the duties its
operator owes under the law in force on the profile's date.

The profile is assessed like an incident (its facts are the operator and its
controls); explain/duties.py reads which duties are met, not met or unknown.
This module adds what a compliance officer asks next:

- each control of the profile with its entry in the controls catalogue: the
  duties it serves, or good practice without a legal duty, and why;
- for each duty not met, what a gap would cost: the bundled incident where the
  same duty was breached, assessed, with the liabilities that followed (a
  what-if), or that no bundled incident shows a civil liability;
- the open items as questions, and the profile's own `expect:` compared.
"""
from __future__ import annotations

from pathlib import Path

from dutybound.comply.catalogue import load_catalogue
from dutybound.comply.profile import REVIEW, expected_rows, load_profile
from dutybound.comply.reach import held_duties, open_duties, outside_duties
from dutybound.engine.facts import TYPE
from dutybound.explain.duties import STATUSES, duty_statuses


def profile_files(root: Path) -> list[Path]:
    return sorted((Path(root) / "controls" / "profiles").glob("*.yaml"))


def load(kb, path):
    return load_profile(path, kb.vocab, kb.root / "ontology" / "shapes.ttl")


def review(kb, profile, jurisdiction: str | None = None) -> dict:
    """The review of a loaded profile as JSON (docs/controls-profile.md)."""
    catalogue = load_catalogue(kb.root)
    juris = [jurisdiction] if jurisdiction else list(profile.jurisdictions)
    examples: dict = {}
    per_j, all_rows, outside, in_force, maybe = {}, [], [], set(), set()
    for j in juris:
        a = kb.assess(profile.incident, as_of=profile.date, jurisdiction=j)
        rows, others = duty_statuses(kb, a)
        out_j = [{**x, "jurisdiction": j} for x in outside_duties(kb, a, profile.operator, profile.date)]
        for row in rows:
            row["jurisdiction"] = j
            if row["status"] == "not met":
                row["exposure"] = _exposure(kb, catalogue, row["duty"], examples)
        per_j[j] = {"duties": rows,
                    "other_duties": [{k: d[k] for k in ("party", "duty", "to", "provision",
                                                        "provision_title")} for d in others],
                    "law_not_in_force": [p["id"] if isinstance(p, dict) else p
                                         for p in a.to_json().get("law_not_in_force", [])],
                    "outside": out_j,
                    "proofs": a.proofs}
        all_rows += rows
        outside += out_j
        in_force |= {d["duty"] for d in rows + others if d["party"] == profile.operator}
        per_j[j]["open_duties"] = sorted(open_duties(a, profile.operator))
        maybe |= set(per_j[j]["open_duties"])
    # outside: a duty no provision in force imposes (a later or earlier version
    # of a duty owed today is not; the provision in force decides)
    outside = [x for x in outside if x["duty"] not in in_force]
    for data in per_j.values():
        data["outside"] = [x for x in data["outside"] if x["duty"] not in in_force]
    controls = _controls(kb, profile, catalogue, all_rows, outside, held_duties(kb, juris), maybe - in_force)
    counts = {s: sum(1 for r in all_rows if r["status"] == s) for s in STATUSES}
    counts["outside"] = len({(x["duty"], x["provision"]) for x in outside})
    out = {
        "profile": {"id": profile.id, "title": profile.title, "path": profile.path,
                    "date": profile.date.isoformat(), "operator": profile.operator,
                    "roles": profile.roles, "jurisdictions": juris,
                    "description": profile.description,
                    "labels": {k: v for k, v in profile.labels.items() if k != REVIEW}},
        "counts": counts,
        "jurisdictions": per_j,
        "controls": controls,
        "not_described": _not_described(catalogue, controls, all_rows),
        "questions": _questions(all_rows),
    }
    if profile.expect is not None:
        out["expect"] = check_expect(profile.expect, all_rows + [{**x, "status": "outside"} for x in outside])
    return out


def review_file(kb, path, jurisdiction: str | None = None) -> dict:
    return review(kb, load(kb, path), jurisdiction)


# ----------------------------------------------------------------- controls

def _controls(kb, profile, catalogue, rows, outside, held, maybe) -> list:
    """Each control of the operator (an individual of a Control class that is
    `controlOf` it) with the catalogue entries it falls under: for each, the
    status of the duties it serves, the duties that only provisions not in
    force on the date impose (`outside`), those a provision in force imposes
    if facts the profile leaves unknown hold (`open`), and those no provision
    held in these jurisdictions imposes (`not_held`)."""
    facts = profile.incident.facts
    true = facts.true
    out = []
    names = sorted({s for (s, p, o) in true if p == "controlOf" and o == profile.operator})
    for name in names:
        classes = sorted(o for (s, p, o) in true if s == name and p == TYPE
                         and kb.vocab.is_subclass(o, "Control") and o != "Control")
        stated = {p for (s, p, o) in list(facts.true) + list(facts.false) if s == name}
        entries = []
        for e in catalogue.matching(set(classes) | stated):
            status = {}
            for r in rows:
                if r["duty"] in e.duties:
                    status.setdefault(r["status"], []).append(f"{r['duty']} {r['provision']}")
            entries.append({"catalogue": e.id, "named": e.named, "en": e.en, "zh": e.zh,
                            "legal": e.legal, "duties": list(e.duties),
                            "duty_status": {k: sorted(v) for k, v in status.items()},
                            "outside": sorted({f"{x['duty']} {x['provision']}" for x in outside
                                               if x["duty"] in e.duties}),
                            "open": [d for d in e.duties if d in maybe],
                            "not_held": [d for d in e.duties if d not in held],
                            "good_practice": e.good_practice})
        out.append({"control": name, "classes": classes,
                    "label": profile.labels.get(name), "entries": entries})
    return out


def _not_described(catalogue, controls, rows) -> list:
    """The catalogue's controls the profile does not describe: those that serve
    a duty the operator owes here, and those of good practice."""
    described = {c["catalogue"] for ctl in controls for c in ctl["entries"]}
    owed = {r["duty"] for r in rows}
    return [{"id": e.id, "named": e.named, "en": e.en, "zh": e.zh, "legal": e.legal,
             "duties": [d for d in e.duties if d in owed]}
            for e in catalogue.entries
            if e.id not in described and (not e.legal or owed & set(e.duties))]


# ----------------------------------------------------------------- exposure

def _exposure(kb, catalogue, duty: str, cache: dict) -> dict:
    """What a breach of this duty costs: the bundled incident the catalogue
    names for it, assessed as stated and, where the gap is a fact of that
    incident, again with the gap assumed (a what-if); the liabilities that the
    gap adds or removes. Without an incident, the catalogue's note says why."""
    x = catalogue.exposure.get(duty)
    if x is None or not x.incident:
        return {"incident": None, "en": x.en if x else None, "zh": x.zh if x else None,
                "as_stated": [], "with_gap": None}
    def run(assume):
        key = (x.incident, tuple(assume))
        if key not in cache:
            cache[key] = kb.assess(kb.root / x.incident, assume=list(assume)).to_json()
        return cache[key]
    stated = run(())
    inc = stated["incident"]
    out = {"incident": {"id": inc["id"], "title": inc["title"], "path": x.incident,
                        "date": inc["date"], "labels": inc["labels"]},
           "en": x.en, "zh": x.zh, "assume": list(x.assume),
           "breached": sorted({b["provision"] for b in stated["breaches"] if b["duty"] == duty}),
           "as_stated": _liabilities(stated), "with_gap": None}
    if x.assume:
        gap = _liabilities(run(x.assume))
        out["with_gap"] = gap
        out["gained"] = [li for li in gap if li not in out["as_stated"]]
        out["lost"] = [li for li in out["as_stated"] if li not in gap]
    return out


def _liabilities(a) -> list:
    return [{k: li.get(k) for k in ("party", "to", "form", "amount", "currency", "provision",
                                    "provision_title")} for li in a["liabilities"]]


# ----------------------------------------------------------------- questions and expect

def _questions(rows) -> list:
    seen, out = set(), []
    for r in rows:
        if r["status"] != "unknown":
            continue
        for item in r["open"]:
            obj = item.get("object")
            key = (item["kind"], item.get("subject"), item.get("property"),
                   "" if isinstance(obj, bool) else str(obj), item.get("class"))
            if key in seen:
                continue
            seen.add(key)
            out.append({**item, "for": [f"{x['duty']} {x['provision']}" for x in rows
                                        if x["status"] == "unknown" and item in x["open"]]})
    return out


def check_expect(expect: dict, rows) -> dict:
    """The profile's `expect:` against the review: every listed duty in its
    status, and no other duty in a listed status."""
    want = expected_rows(expect)
    got: dict = {}
    for r in rows:
        got.setdefault(r["status"], set()).add((r["duty"], r["provision"]))
    mismatches = []
    for status, rows_wanted in want.items():
        have = got.get(status, set())
        mismatches += [f"expected {d} {p} {status}, got "
                       f"{_said(next((s for s, xs in got.items() if (d, p) in xs), 'no such duty'))}"
                       for d, p in sorted(rows_wanted - have)]
        mismatches += [f"{d} {p} is {status}, not expected" for d, p in sorted(have - rows_wanted)]
    return {"ok": not mismatches, "mismatches": mismatches}


def _said(status: str) -> str:
    return "outside the law held on the date" if status == "outside" else status
