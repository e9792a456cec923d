"""What a change of the law does to decided cases (docs/case-library.md,
"Re-assessing the library").

Each stored case keeps the incident's source text and the assessment it was
saved with. `reassess` judges every case again under a knowledge base (the
current one, another folder with `--kb DIR`, or one with a rule pack layered
on, once packs exist), on the decision date the case was judged on (or the
one given), and lists the cases whose outcome changes, each with the
conclusions gained and lost and the provisions that made the difference:
those the changed conclusions rest on, and those whose text or dates changed
between the stored assessment and this knowledge base.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from dutybound.errors import DutyboundError

RDF_SUFFIXES = (".ttl", ".jsonld", ".nt", ".rdf")


def outcome(a: dict) -> dict:
    """An assessment JSON's conclusions as comparable sentences, each with
    the provision it rests on."""
    out: dict = {}
    for l in a.get("liabilities", []):
        amount = f" for {l['currency'] or ''} {l['amount']}".replace("  ", " ") if l.get("amount") else ""
        out[f"{l['party']} is liable to {l['to']} as {l['form']}{amount} under {l['basis']}"] = l["basis"]
    for key, verb in (("duties", "owes"), ("breaches", "breached")):
        for d in a.get(key, []):
            to = f" to {d['to']}" if d.get("to") else ""
            out[f"{d['party']} {verb} {d['duty']}{to} under {d['provision']}"] = d["provision"]
    for e in a.get("exemptions", []):
        out[f"{e['party']} is not liable to {e['to']} under {e['basis']}"] = e["basis"]
    for d in a.get("defences", []):
        out[f"the defence against {d['rule']} succeeds ({d['exception']})"] = d["provision"]
    return out


def _texts(a: dict) -> dict:
    return {p["id"]: (p.get("original"), " ".join((p.get("en") or "").split()), p.get("effective"),
                      p.get("repealed")) for p in a.get("law_applied", [])}


def changed_provisions(stored: dict, kb) -> list[dict]:
    """Provisions the stored assessment applied whose text or dates differ in kb
    (or that kb no longer holds)."""
    from dutybound.engine.proof import provision_json
    out = []
    for pid, old in sorted(_texts(stored).items()):
        p = kb.provisions.get(pid)
        if p is None:
            out.append({"id": pid, "how": "no longer in the knowledge base"})
            continue
        new = _texts({"law_applied": [provision_json(p)]})[pid]
        what = [name for name, a, b in zip(("original text", "English text", "effective date",
                                            "repeal date"), old, new) if a != b]
        if what:
            out.append({"id": pid, "title": p.title, "how": "its " + " and ".join(what) + " changed"})
    return out


def reassess_case(case: dict, kb, decided_on: dt.date | None = None) -> dict:
    """One stored case (as CaseLibrary.show returns it) judged again."""
    stored = case.get("assessment") or {}
    row = {"id": case["id"], "title": case["title"], "jurisdiction": case.get("jurisdiction")}
    try:
        a = kb.assess(_incident(case, kb), open_questions=False, jurisdiction=case.get("jurisdiction"),
                      **_when(stored, decided_on)).to_json()
    except DutyboundError as e:
        return {**row, "status": "cannot be re-assessed",
                "problems": [p.message for p in e.problems]}
    before, after = outcome(stored), outcome(a)
    gained = sorted(set(after) - set(before))
    lost = sorted(set(before) - set(after))
    provisions = {pid: {"id": pid, "how": "a conclusion gained or lost rests on it"}
                  for pid in sorted({after[g] for g in gained} | {before[x] for x in lost})}
    for p in changed_provisions(stored, kb):
        if p["id"] in provisions:
            p = {**p, "how": provisions[p["id"]]["how"] + "; " + p["how"]}
        provisions[p["id"]] = p
    for pid, p in provisions.items():
        if pid in kb.provisions:
            p.setdefault("title", kb.provisions[pid].title)
    changed = bool(gained or lost)
    return {**row, "status": "changed" if changed else "unchanged",
            "decided": (a.get("dates") or {}).get("decided"),
            "gained": gained, "lost": lost,
            "provisions": list(provisions.values()) if changed else [],
            "texts_changed": [p["id"] for p in provisions.values()
                              if p["how"].endswith("changed") or "no longer" in p["how"]]}


def reassess(lib, kb, decided_on: dt.date | None = None) -> dict:
    """Every stored case judged again: {summary, cases} with the changed first."""
    rows = [reassess_case(lib.show(cid), kb, decided_on) for cid in lib.ids()]
    rows.sort(key=lambda r: (r["status"] != "changed", r["status"] != "cannot be re-assessed", r["id"]))
    summary = {s: sum(1 for r in rows if r["status"] == s)
               for s in ("changed", "unchanged", "cannot be re-assessed")}
    return {"knowledge_base": kb.digest, "decided_on": decided_on.isoformat() if decided_on else None,
            "summary": {"cases": len(rows), **summary}, "cases": rows}


def _when(stored: dict, decided_on):
    """The dates to judge on: the ones given, else those the case was judged on."""
    dates = stored.get("dates") or {}
    if dates.get("as_of"):
        return {"as_of": dt.date.fromisoformat(dates["as_of"])}
    if decided_on:
        return {"decided_on": decided_on}
    when = dates.get("decided") or stored.get("as_of")      # before dates: the law's one date
    return {"decided_on": dt.date.fromisoformat(when)} if when else {}


def _incident(case: dict, kb):
    from dutybound.load.incident import check_shapes, parse_incident_text
    text, path = case.get("source_text") or "", case.get("source_path") or f"{case['id']}.yaml"
    if Path(path).suffix.lower() in RDF_SUFFIXES:
        from dutybound.load.incident_rdf import load_rdf_incident
        inc = load_rdf_incident(path, text, kb.vocab)
    else:
        inc = parse_incident_text(text, path if not path.endswith(".ttl") else path + ".yaml", kb.vocab)
    return check_shapes(inc, kb.vocab, kb.root / "ontology" / "shapes.ttl")


def render(result: dict) -> str:
    s = result["summary"]
    out = [f"Re-assessed {s['cases']} stored case(s) under knowledge base {result['knowledge_base']}"
           + (f", decided on {result['decided_on']}" if result["decided_on"] else
              ", each on the date it was judged"),
           f"  {s['changed']} changed, {s['unchanged']} unchanged"
           + (f", {s['cannot be re-assessed']} cannot be re-assessed" if s["cannot be re-assessed"] else "")]
    for r in result["cases"]:
        if r["status"] == "unchanged":
            continue
        out += ["", f"{r['id']}: {r['title']} ({r['status']})"]
        out += [f"  + {g}" for g in r.get("gained", [])]
        out += [f"  - {x}" for x in r.get("lost", [])]
        for p in r.get("provisions", []):
            out.append(f"  because of {p['id']}" + (f" ({p['title']})" if p.get("title") else "")
                       + f": {p['how']}")
        out += [f"  problem: {m}" for m in r.get("problems", [])]
    return "\n".join(out) + "\n"
