"""The work behind the pages: read an incident from a request, assess it,
and shape the result for the templates and their JSON twins. Nothing here
reasons: every conclusion comes from the engine (KnowledgeBase.assess).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dutybound.engine.facts import TYPE
from dutybound.errors import DutyboundError, Problem
from dutybound.values import ValueError_, parse_date, show
from dutybound.web import assessing

JURISDICTIONS = ("CN", "DE", "EU", "US")
FORMATS = {"yaml": ".yaml", "json": ".json", "turtle": ".ttl", "jsonld": ".jsonld"}
SUFFIX_FORMAT = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".ttl": "turtle",
                 ".jsonld": "jsonld"}
MAX_ASSUMPTIONS = 100


@dataclass
class Source:
    """Where the incident of a request came from, and its text."""
    text: str
    label: str                  # the path shown in errors and in the assessment
    format: str
    example: str | None = None

    def ref(self) -> dict:
        """What a page needs to ask for the same incident again."""
        if self.example:
            return {"example": self.example}
        return {"text": self.text, "format": self.format, "filename": self.label}


class InputError(Exception):
    """A request that names no incident, or an unknown example."""


def source_from(catalog, example=None, text=None, fmt=None, filename=None) -> Source:
    if example:
        ex = catalog.examples.get(example)
        if ex is None:
            raise InputError(f"no bundled example {example!r}")
        path = Path(ex["path"])
        return Source(path.read_text(encoding="utf-8"), f"examples/{example}",
                      SUFFIX_FORMAT.get(path.suffix.lower(), "yaml"), example)
    if text is None or not text.strip():
        raise InputError("no incident given: pick an example, paste an incident or upload a file")
    name = _safe_name(filename or "")
    suffix = Path(name).suffix.lower()
    if fmt not in FORMATS:
        fmt = SUFFIX_FORMAT.get(suffix) or _sniff(text)
    if SUFFIX_FORMAT.get(suffix) != fmt:
        name = (Path(name).stem or "pasted") + FORMATS[fmt]
    return Source(text, name, fmt)


def _safe_name(name: str) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]", "_", name.replace("\\", "/").rsplit("/", 1)[-1])[:80]
    return base.lstrip(".") or "pasted"


def _sniff(text: str) -> str:
    head = text.lstrip()[:400]
    if head.startswith("{") or head.startswith("["):
        return "jsonld" if '"@context"' in text[:2000] else "json"
    if head.startswith("@prefix") or head.startswith("PREFIX") or "\n@prefix" in head:
        return "turtle"
    return "yaml"


def parse(kb, src: Source):
    """The Incident, or DutyboundError with each problem's line: pasted text
    takes the same checks, limits and SHACL shapes as a file (dutybound/load)."""
    return kb.load_incident_text(src.text, src.label)


def error_view(err: DutyboundError, src: Source | None) -> dict:
    """A bad incident: every problem, rendered with its source line, and the
    lines to mark in the listing."""
    text = src.text if src else None
    problems = [{**p.to_json(), "rendered": p.render(text)} for p in err.problems]
    lines = text.splitlines() if text else []
    marked = {p.line for p in err.problems if p.line}
    listing = [{"n": i + 1, "text": line, "bad": (i + 1) in marked} for i, line in enumerate(lines)]
    return {"problems": problems, "listing": listing if len(lines) <= 2000 else []}


def options(args) -> dict:
    """assume, jurisdiction and as_of from a request's arguments, checked."""
    assume = [a.strip() for a in args.getlist("assume") if a and a.strip()]
    if len(assume) > MAX_ASSUMPTIONS:
        raise DutyboundError(Problem(f"too many assumptions (at most {MAX_ASSUMPTIONS})"), kind="usage")
    juris = (args.get("jurisdiction") or "").strip().upper() or None
    if juris and juris not in JURISDICTIONS:
        raise DutyboundError(Problem(f"unknown jurisdiction {juris!r}",
                                     hint="use CN, DE, EU or US"), kind="usage")
    as_of = (args.get("as_of") or "").strip() or None
    if as_of:
        try:
            as_of = parse_date(as_of)
        except ValueError_ as e:
            raise DutyboundError(Problem(f"as of: {e}", hint="write YYYY-MM-DD"), kind="usage") from None
    return {"assume": assume, "jurisdiction": juris, "as_of": as_of}


# -- the result page ---------------------------------------------------
def row_key(kind: str, e: dict) -> str:
    """One conclusion's identity, as the what-if highlighting compares it
    (the same parts as Assessment.outcome)."""
    if kind == "liabilities":
        parts = ("liable", e["party"], e["to"], e["form"], e["amount"], e["basis"])
    elif kind == "exemptions":
        parts = ("exempt", e["party"], e["to"], e["basis"])
    elif kind == "conflicts":
        parts = ("conflict", e["conclusion"])
    elif kind == "defences":
        parts = ("defence", e["rule"], *e["would_conclude"])
    else:
        parts = (kind[:-1] if kind != "duties" else "duty", e["party"], e["duty"], e["provision"])
    return "|".join("" if p is None else str(p) for p in parts)


def describe(kind: str, e: dict) -> str:
    if kind == "liabilities":
        amount = f" {e['currency'] or ''} {e['amount']}" if e["amount"] is not None else ""
        return f"{e['party']} liable to {e['to']} as {e['form']}{amount} ({e['basis']})"
    if kind == "exemptions":
        return f"{e['party']} not liable to {e['to']} ({e['basis']})"
    if kind == "conflicts":
        return f"unresolved conflict on {e['conclusion']}"
    if kind == "defences":
        return f"the defence against {e['rule']} succeeds ({e['provision']})"
    verb = "owes" if kind == "duties" else "breached"
    return f"{e['party']} {verb} {e['duty']} ({e['provision']})"


OUTCOME_KINDS = ("liabilities", "breaches", "duties", "exemptions", "defences", "conflicts")


def _rows(data: dict) -> dict:
    return {row_key(k, e): describe(k, e) for k in OUTCOME_KINDS for e in data[k]}


def changes(before: dict, after: dict) -> dict:
    old, new = _rows(before), _rows(after)
    return {"gained": [{"key": k, "text": new[k]} for k in new if k not in old],
            "lost": [{"key": k, "text": old[k]} for k in old if k not in new]}


def by_party(data: dict, labels: dict) -> list:
    """The result table: for each party, its liabilities, breaches, duties
    and exemptions."""
    parties: dict = {}
    for kind in ("liabilities", "breaches", "duties", "exemptions"):
        for e in data[kind]:
            p = parties.setdefault(e["party"], {"party": e["party"], "label": labels.get(e["party"]),
                                                "liabilities": [], "breaches": [], "duties": [],
                                                "exemptions": []})
            p[kind].append({**e, "key": row_key(kind, e)})
    order = lambda p: (not p["liabilities"], p["party"])  # noqa: E731
    return sorted(parties.values(), key=order)


def toggles(inc, base: dict, current: dict, assume: list) -> dict:
    """What-if controls: the open questions (of the baseline and of the
    current assessment) and the incident's own facts, each with its current
    value ('' = as stated)."""
    chosen = {}
    for a in assume:
        fact, _, value = a.rpartition("=")
        chosen[" ".join(fact.split())] = value.strip().lower()
    questions, seen = [], set()
    for q in base["open_questions"] + current["open_questions"]:
        if q["fact"] in seen:
            continue
        seen.add(q["fact"])
        questions.append({"fact": q["fact"], "subject": q["subject"], "property": q["property"],
                          "object": q["object"], "asked_by": q["asked_by"],
                          "if_true": q.get("if_true"), "if_false": q.get("if_false"),
                          "value": chosen.get(q["fact"], "")})
    facts = []
    for truth, table in ((True, inc.facts.true), (False, inc.facts.false)):
        for (s, p, o), src in table.items():
            if p != TYPE and not isinstance(o, str):
                continue                          # literals (amounts, times): not toggled
            text = f"{s} {p} {show(o)}"
            if text in seen:
                continue
            seen.add(text)
            facts.append({"fact": text, "subject": s, "property": p, "object": show(o),
                          "stated": truth, "line": src.line, "value": chosen.get(text, "")})
    facts.sort(key=lambda f: (f["subject"], f["property"] != TYPE, f["property"], f["object"]))
    extra = [{"fact": k, "value": v} for k, v in chosen.items() if k not in seen]
    return {"questions": questions, "facts": facts, "other": extra}


def assess_view(kb, src: Source, opts: dict) -> dict:
    """Everything the result page shows (and its JSON twin)."""
    inc = parse(kb, src)
    data = assessing.assessment(kb, src, inc, opts)
    base = assessing.assessment(kb, src, inc, opts, assume=[]) if opts["assume"] else data
    return {"source": src.ref(), "source_text": src.text, "options": _opts_json(opts), "assessment": data,
            "labels": dict(inc.labels), "description": inc.description.strip(),
            "parties": by_party(data, inc.labels),
            "defences": [{**e, "key": row_key("defences", e)} for e in data["defences"]],
            "conflicts": [{**e, "key": row_key("conflicts", e)} for e in data["conflicts"]],
            "whatif": toggles(inc, base, data, opts["assume"]),
            "changes": changes(base, data) if opts["assume"] else None}


def _opts_json(opts: dict) -> dict:
    return {"assume": list(opts["assume"]), "jurisdiction": opts["jurisdiction"],
            "as_of": opts["as_of"].isoformat() if opts["as_of"] else None}


def assessment_json(kb, src: Source, opts: dict) -> dict:
    return assessing.assessment(kb, src, parse(kb, src), opts)


def markdown(kb, src: Source, opts: dict) -> str:
    from dutybound.render.markdown import render
    return render(assessment_json(kb, src, opts))


def explain(kb, src: Source, opts: dict, query: str) -> dict:
    from dutybound.engine.explain import find_and_explain
    inc = parse(kb, src)
    a = kb.assess(inc, as_of=opts["as_of"], assume=opts["assume"],
                  jurisdiction=opts["jurisdiction"], open_questions=False)
    return find_and_explain(a, query)


def compare_view(kb, src: Source, opts: dict) -> dict:
    """The same incident under each jurisdiction's law, side by side."""
    inc = parse(kb, src)
    counts = {j: sum(1 for p in kb.provisions.values() if p.jurisdiction == j) for j in JURISDICTIONS}
    columns = []
    for j in JURISDICTIONS:
        a = assessing.assessment(kb, src, inc, {**opts, "jurisdiction": j}, open_questions=False)
        columns.append({"jurisdiction": j, "provisions": counts[j],
                        "own": j == inc.jurisdiction,
                        "liabilities": [{**e, "key": row_key("liabilities", e)} for e in a["liabilities"]],
                        "breaches": a["breaches"], "duties": a["duties"],
                        "exemptions": a["exemptions"], "defences": a["defences"],
                        "conflicts": a["conflicts"],
                        "law_applied": [{"id": p["id"], "title": p["title"]} for p in a["law_applied"]],
                        "law_not_in_force": a["law_not_in_force"]})
    return {"source": src.ref(), "options": _opts_json(opts),
            "incident": {"id": inc.id, "title": inc.title, "date": inc.date.isoformat(),
                         "jurisdiction": inc.jurisdiction},
            "labels": dict(inc.labels), "columns": columns}


def proof_closure(proofs: dict, ids) -> list:
    from dutybound.engine.explain import closure
    return closure(proofs, ids)
