"""The work behind the pages: read an incident from a request, assess it,
and shape the result for the templates and their JSON twins. Nothing here
reasons: every conclusion comes from the engine (KnowledgeBase.assess).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from dutybound.errors import DutyboundError, Problem
from dutybound.values import ValueError_, parse_date
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
    case: str | None = None

    def ref(self) -> dict:
        """What a page needs to ask for the same incident again."""
        if self.example:
            return {"example": self.example}
        if self.case:
            return {"case": self.case}
        return {"text": self.text, "format": self.format, "filename": self.label}


class InputError(Exception):
    """A request that names no incident, or an unknown example."""


def source_from(catalog, example=None, text=None, fmt=None, filename=None, case=None,
                library=None) -> Source:
    if case:
        if library is None or not re.fullmatch(r"[A-Za-z0-9._-]+", case):
            raise InputError(f"no stored case {case!r}")
        try:
            stored = library().show(case)
        except DutyboundError:
            raise InputError(f"no stored case {case!r}") from None
        if not stored.get("source_text"):
            raise InputError(f"the stored case {case!r} keeps no incident text")
        name = Path(stored.get("source_path") or f"{case}.yaml").name
        return Source(stored["source_text"], f"cases/{case}/{name}",
                      SUFFIX_FORMAT.get(Path(name).suffix.lower()) or _sniff(stored["source_text"]),
                      case=case)
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
    if juris and juris not in JURISDICTIONS + ("ALL",):
        raise DutyboundError(Problem(f"unknown jurisdiction {juris!r}",
                                     hint="use CN, DE, EU, US, or all to compare them"), kind="usage")
    as_of = (args.get("as_of") or "").strip() or None
    if as_of:
        try:
            as_of = parse_date(as_of)
        except ValueError_ as e:
            raise DutyboundError(Problem(f"as of: {e}", hint="write YYYY-MM-DD"), kind="usage") from None
    return {"assume": assume, "jurisdiction": juris, "as_of": as_of}


# -- the result pages: web/results.py -----------------------------------
def assess_view(kb, src: Source, opts: dict, lang: str = "en") -> dict:
    from dutybound.web.results import assess_view as view
    return view(kb, src, opts, lang)


def compare_view(kb, src: Source, opts: dict, lang: str = "en") -> dict:
    from dutybound.web.results import compare_view as view
    return view(kb, src, opts, lang)


def assessment_json(kb, src: Source, opts: dict) -> dict:
    """The assessment (docs/assessment-format.md) with its bottom line; for an
    incident that names no jurisdiction (or `jurisdiction=all`), one per
    jurisdiction under `comparison`, as `dutybound assess --format json` gives."""
    from dutybound.explain import bottom_line_json
    inc = parse(kb, src)
    if opts["jurisdiction"] == "ALL" or (opts["jurisdiction"] is None and inc.jurisdiction is None):
        out = {}
        for j in JURISDICTIONS:
            data = dict(assessing.assessment(kb, src, inc, {**opts, "jurisdiction": j}))
            data["bottom_line"] = bottom_line_json(data, kb.vocab, inc)
            out[j] = data
        return {"incident": out[JURISDICTIONS[0]]["incident"], "comparison": out}
    data = dict(assessing.assessment(kb, src, inc, opts))
    data["bottom_line"] = bottom_line_json(data, kb.vocab, inc)
    return data


def markdown(kb, src: Source, opts: dict, lang: str = "en") -> str:
    from dutybound.explain import explain_assessment, provision_titles
    from dutybound.render.compare import render_markdown
    from dutybound.render.markdown import render
    inc = parse(kb, src)
    titles = provision_titles(kb)
    if opts["jurisdiction"] == "ALL" or (opts["jurisdiction"] is None and inc.jurisdiction is None):
        data = {j: assessing.assessment(kb, src, inc, {**opts, "jurisdiction": j}) for j in JURISDICTIONS}
        return render_markdown(data, {j: explain_assessment(a, kb.vocab, inc, lang, titles=titles)
                                      for j, a in data.items()})
    data = assessing.assessment(kb, src, inc, opts)
    view = explain_assessment(data, kb.vocab, inc, lang, titles=titles)
    from dutybound.web.results import pictures
    return render(data, view=view, pictures=pictures(data, view, inc, links=False)["_pictures"] or None)


def explain(kb, src: Source, opts: dict, query: str) -> dict:
    from dutybound.engine.explain import find_and_explain
    inc = parse(kb, src)
    a = kb.assess(inc, as_of=opts["as_of"], assume=opts["assume"],
                  jurisdiction=opts["jurisdiction"], open_questions=False)
    return find_and_explain(a, query)


def proof_closure(proofs: dict, ids) -> list:
    from dutybound.engine.explain import closure
    return closure(proofs, ids)
