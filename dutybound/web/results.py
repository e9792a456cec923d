"""What the result pages show: an assessment read for people (dutybound.explain),
what changed against the incident as stated, the what-if controls as
sentences, the comparison of jurisdictions, and similar stored cases.

Nothing here reasons; keys starting with "_" are for the templates only
(the JSON twins leave them out).
"""
from __future__ import annotations

from dutybound.engine.facts import TYPE
from dutybound.explain import explain_assessment, provision_titles
from dutybound.explain.markup import cap
from dutybound.values import show
from dutybound.web import assessing
from dutybound.web.handlers import JURISDICTIONS, parse

BASELINE = {"assume": [], "jurisdiction": None, "as_of": None}


def _titles(kb) -> dict:
    key = id(kb)
    if key not in _TITLES:
        _TITLES[key] = provision_titles(kb)
    return _TITLES[key]


_TITLES: dict = {}


def opts_json(opts: dict) -> dict:
    return {"assume": list(opts["assume"]), "jurisdiction": opts["jurisdiction"],
            "as_of": opts["as_of"].isoformat() if opts["as_of"] else None}


# -- what changed ---------------------------------------------------------
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


def describe(kind: str, e: dict, book, titles: dict) -> str:
    """One conclusion as a sentence (for 'what changed')."""
    _ = book._
    law = lambda pid: book.provision_title(pid, titles)  # noqa: E731
    if kind == "liabilities":
        amount = (book.money(e["amount"], e["currency"]) if e["amount"] is not None
                  else _("up to %(amount)s", amount=book.money(e["cap"])) if e.get("cap")
                  else _("an amount the court sets"))
        return _("%(party)s is liable to %(to)s: %(form)s, %(amount)s (%(law)s)", party=book.name(e["party"]),
                 to=book.name(e["to"]), form=book.form(e["form"]), amount=amount, law=law(e["basis"]))
    if kind == "exemptions":
        return _("%(party)s is not liable to %(to)s (%(law)s)", party=book.name(e["party"]), to=book.name(e["to"]),
                 law=law(e["basis"]))
    if kind == "conflicts":
        return _("an unresolved conflict between %(a)s and %(b)s", a=law(e["for"]["provision"]),
                 b=law(e["against"]["provision"]))
    if kind == "defences":
        return _("a defence succeeds against the claim under %(law)s", law=law(e["provision"]))
    c = {"kind": "duty" if kind == "duties" else "breach", "party": e["party"], "duty": e["duty"], "to": e.get("to")}
    return f"{book.conclusion(c)} ({law(e['provision'])})"


OUTCOME_KINDS = ("liabilities", "exemptions", "defences", "conflicts", "breaches", "duties")


def _rows(data: dict, book, titles) -> dict:
    return {row_key(k, e): cap(describe(k, e, book, titles)) for k in OUTCOME_KINDS for e in data[k]}


def changes(before: dict, after: dict, book, titles) -> dict:
    old, new = _rows(before, book, titles), _rows(after, book, titles)
    return {"gained": [{"key": k, "text": new[k]} for k in new if k not in old],
            "lost": [{"key": k, "text": old[k]} for k in old if k not in new]}


# -- the what-if controls ---------------------------------------------------
def toggles(inc, current: dict, assume: list, book) -> dict:
    """The open questions of the assessment shown (and any question already
    answered here, so it can be reset), and the incident's own facts, each
    as a sentence with its current value ('' = as stated)."""
    chosen = {}
    for a in assume:
        fact, _, value = a.rpartition("=")
        chosen[" ".join(fact.split())] = value.strip().lower()
    questions, seen = [], set()
    for q in current["open_questions"]:
        if q["fact"] in seen:
            continue
        seen.add(q["fact"])
        text = (book.value_question(q["subject"], q["property"])
                if q.get("kind") == "value" or q.get("object") in (None, "")
                else book.question(q["subject"], q["property"], q["object"]))
        questions.append({"fact": q["fact"], "text": text,
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
            facts.append({"fact": text, "text": cap(book.fact(s, p, o, truth)), "subject": s, "property": p,
                          "stated": truth, "line": src.line, "value": chosen.get(text, "")})
    facts.sort(key=lambda f: (f["subject"], f["property"] != TYPE, f["property"], f["fact"]))
    answered = []
    for k, v in chosen.items():
        if k in seen:
            continue
        parts = k.split(None, 2)
        text = cap(book.fact(*parts)) if len(parts) == 3 else k
        answered.append({"fact": k, "value": v, "text": text})
    return {"questions": answered + questions, "facts": facts, "answered": [a["fact"] for a in answered]}


# -- pages ------------------------------------------------------------------
def assess_view(kb, src, opts: dict, lang: str = "en") -> dict:
    """Everything the result page shows (and its JSON twin). An incident that
    names no jurisdiction, or `jurisdiction=all`, is compared across them."""
    inc = parse(kb, src)
    if opts["jurisdiction"] == "ALL" or (opts["jurisdiction"] is None and inc.jurisdiction is None):
        return compare_view(kb, src, opts, lang, inc)
    titles = _titles(kb)
    data = assessing.assessment(kb, src, inc, opts)
    moved = bool(opts["assume"] or opts["as_of"] or (opts["jurisdiction"] and opts["jurisdiction"] != inc.jurisdiction))
    base = assessing.assessment(kb, src, inc, BASELINE) if moved else data
    view = explain_assessment(data, kb.vocab, inc, lang, markup=True, titles=titles)
    book = view["book"]
    from dutybound.explain import bottom_line_json
    return {"mode": "assess", "source": src.ref(), "source_text": src.text, "options": opts_json(opts),
            "assessment": {**data, "bottom_line": bottom_line_json(data, kb.vocab, inc)},
            "labels": dict(inc.labels), "description": inc.description.strip(),
            "changes": changes(base, data, book, titles) if moved else None,
            "_view": view, "_whatif": toggles(inc, data, opts["assume"], book),
            **pictures(data, view, inc),
            "_keys": {k: [row_key(k, e) for e in data[k]] for k in OUTCOME_KINDS},
            "_base_jurisdiction": inc.jurisdiction}


def pictures(data: dict, view: dict, inc, links: bool = True) -> dict:
    """The pictures of the result page (render/pictures): the timeline, who pays
    whom, and the argument for each issue, whose nodes open the proof step and
    the statute. Without Graphviz the page draws the timeline and says what is
    missing (templates/_pictures.html) instead of failing."""
    from dutybound.render.pictures import assessment_pictures, proof_anchor
    from dutybound.web import urls

    def link(kind, key):
        return urls.provision(key) if kind == "provision" else "#" + proof_anchor(key)
    missing: list = []
    drawn = assessment_pictures(data, view, inc, link if links else None, missing=missing)
    return {"_pictures": drawn, "_pictures_missing": bool(missing),
            "_anchors": {pid: proof_anchor(pid) for pid in data.get("proofs", {})}}


def compare_view(kb, src, opts: dict, lang: str = "en", inc=None) -> dict:
    """The same incident under each jurisdiction's law, side by side, each
    with its bottom line."""
    inc = inc or parse(kb, src)
    titles = _titles(kb)
    counts = {j: sum(1 for p in kb.provisions.values() if p.jurisdiction == j) for j in JURISDICTIONS}
    columns, views = [], {}
    from dutybound.render.compare import party_lines
    for j in JURISDICTIONS:
        a = assessing.assessment(kb, src, inc, {**opts, "jurisdiction": j})
        v = explain_assessment(a, kb.vocab, inc, lang, markup=True, titles=titles)
        views[j] = (a, v)
        columns.append({"jurisdiction": j, "provisions": counts[j], "own": j == inc.jurisdiction,
                        "_payments": _payments_picture(a, v, j),
                        "liabilities": [{**e, "key": row_key("liabilities", e)} for e in a["liabilities"]],
                        "breaches": a["breaches"], "exemptions": a["exemptions"], "defences": a["defences"],
                        "conflicts": a["conflicts"], "open_questions": len(a["open_questions"]),
                        "law_applied": [{"id": p["id"], "title": p["title"]} for p in a["law_applied"]],
                        "law_not_in_force": a["law_not_in_force"],
                        "_summary": v["summary"], "_questions": v["questions"]})
    parties = []
    for j, (a, v) in views.items():
        for key in ("liabilities", "exemptions", "breaches"):
            for x in a[key]:
                if x["party"] not in parties:
                    parties.append(x["party"])
    first_book = next(iter(views.values()))[1]["book"]
    from dutybound.explain.markup import plain
    table = [{"party": p, "_name": first_book.name(p),
              "cells": {j: party_lines(a, v, p, markup=True) for j, (a, v) in views.items()}}
             for p in parties]
    union = {q["fact"]: q for _, (a, v) in views.items() for q in a["open_questions"]}
    whatif = toggles(inc, {"open_questions": list(union.values())}, opts["assume"], first_book)
    return {"mode": "compare", "source": src.ref(), "source_text": src.text, "options": opts_json(opts),
            "incident": {"id": inc.id, "title": inc.title, "date": inc.date.isoformat(),
                         "jurisdiction": inc.jurisdiction},
            "labels": dict(inc.labels), "description": inc.description.strip(), "columns": columns,
            "parties": [{"party": r["party"], "cells": {j: [plain(x) for x in c] for j, c in r["cells"].items()}}
                        for r in table],
            "_table": table, "_whatif": whatif, "_book": first_book, "_base_jurisdiction": inc.jurisdiction}


def _payments_picture(a: dict, v: dict, j: str):
    """Who pays whom under one jurisdiction's law; None without Graphviz (the page says so)."""
    from dutybound.render.pictures import payments_picture
    from dutybound.render.pictures.graphs import GraphvizMissing
    try:
        return payments_picture(a, v, prefix=f"payments-{j}", caption=v["book"]._("Who pays whom under %(j)s law", j=j))
    except GraphvizMissing:
        return None


def similar_view(kb, src, opts: dict, library, lang: str = "en", limit: int = 10) -> dict:
    """Stored cases ranked by the legal factors they share with this incident."""
    inc = parse(kb, src)
    juris = opts["jurisdiction"] if opts["jurisdiction"] not in (None, "ALL") else None
    a = kb.assess(inc, as_of=opts["as_of"], assume=opts["assume"], jurisdiction=juris, open_questions=False)
    rows = [m.to_json() for m in library.similar(a, limit=limit)]
    return {"source": src.ref(), "options": opts_json(opts),
            "incident": {"id": inc.id, "title": inc.title, "date": inc.date.isoformat()},
            "cases": rows, "count": len(rows)}
