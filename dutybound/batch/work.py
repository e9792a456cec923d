"""One item in, one result line out: what runs in a worker.

The knowledge base is loaded once per worker process (`kb_for`, memoised per set of
rule packs) and serves every item the worker is given. A result is compact by
default: who is liable to whom, in what form, for how much and on which basis, the
breaches, exemptions, conflicts and (with the search on) the open questions; `full`
keeps the whole assessment JSON (docs/assessment-format.md).
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass

from dutybound.errors import DutyboundError, Problem

JURISDICTIONS = ("CN", "DE", "EU", "US")
_KB: dict = {}


@dataclass(frozen=True)
class Options:
    jurisdiction: str | None = None
    open_questions: bool = False
    full: bool = False
    packs: tuple = ()          # rule pack folders, as the parent resolved them


def kb_for(packs: tuple = ()):
    """This process's knowledge base with these rule packs, loaded on first use."""
    if packs not in _KB:
        from dutybound.engine.kb import KnowledgeBase
        _KB[packs] = KnowledgeBase.load(packs=list(packs))
    return _KB[packs]


def load_item(kb, item):
    """The item's text as an Incident, checked like a file given to `assess`."""
    from dutybound.load.incident import check_shapes, parse_incident_text
    if item.unreadable:
        raise DutyboundError(Problem(item.unreadable, item.path), kind="file")
    if item.suffix == ".jsonl":
        try:
            json.loads(item.text)
        except json.JSONDecodeError as e:
            raise DutyboundError(Problem(f"invalid JSON: {e.msg}", item.path, item.line, e.colno,
                                         hint="each line of a .jsonl file is one JSON incident")) from None
    if item.suffix in (".ttl", ".jsonld", ".nt", ".rdf"):
        from dutybound.load.incident_rdf import load_rdf_incident
        incident = load_rdf_incident(item.path, item.text, kb.vocab)
    else:
        incident = parse_incident_text(item.text, item.path, kb.vocab)
    return check_shapes(incident, kb.vocab, kb.shapes)


def assess_item(kb, item, opts: Options) -> dict:
    t0 = time.perf_counter()
    out = {"key": item.key}
    try:
        incident = load_item(kb, item)
        juris = opts.jurisdiction or incident.jurisdiction
        out.update({"status": "ok", "incident": incident.id, "title": incident.title,
                    "date": incident.date.isoformat() if incident.date else None})
        if juris:
            out.update(_result(kb.assess(incident, jurisdiction=juris,
                                         open_questions=opts.open_questions), opts))
        else:                    # no law named: each jurisdiction's answer, as `assess` compares
            out["by_jurisdiction"] = {
                j: _result(kb.assess(incident, jurisdiction=j, open_questions=opts.open_questions), opts)
                for j in JURISDICTIONS}
    except DutyboundError as e:
        out.update({"status": "error", "kind": e.kind, "error": _jsonl_lines(e, item).render()})
    except Exception as e:      # noqa: BLE001 - a bug must not stop the batch: it is this line's error
        out.update({"status": "error", "kind": "internal",
                    "error": f"internal error: {type(e).__name__}: {e}"})
    out["seconds"] = round(time.perf_counter() - t0, 6)
    return out


def assess_chunk(items, opts: Options) -> list[dict]:
    kb = kb_for(opts.packs)
    return [assess_item(kb, item, opts) for item in items]


def _jsonl_lines(err: DutyboundError, item) -> DutyboundError:
    """A JSONL item was parsed as a one-line text: its line 1 is the file's line N."""
    if item.line:
        for p in err.problems:
            if p.path == item.path and p.line in (None, 1):
                p.line = item.line
    return err


def _result(a, opts: Options) -> dict:
    if opts.full:
        return {"assessment": a.to_json()}
    out = {
        "jurisdiction": a.jurisdiction, "as_of": a.as_of.isoformat(),
        "liabilities": [{k: l.get(k) for k in ("party", "to", "form", "amount", "currency", "share",
                                                "basis")} for l in a.liabilities],
        "breaches": [{k: b.get(k) for k in ("party", "duty", "to", "provision")} for b in a.breaches],
        "exemptions": [{k: e.get(k) for k in ("party", "to", "basis")} for e in a.exemptions],
        "conflicts": len(a.conflicts),
        "problems": [p["message"] for p in a.problems],
        "knowledge_base": a.kb_digest,
    }
    if a.rule_packs:
        out["rule_packs"] = [f"{p['name']} {p['version']}" for p in a.rule_packs]
    if opts.open_questions:
        out["open_questions"] = [q["fact"] for q in a.open_questions]
    return out
