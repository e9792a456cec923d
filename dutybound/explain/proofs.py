"""Proofs for people: every step a sentence, sources short, internals folded.

A proof node of the assessment (docs/assessment-format.md) becomes

    {id, title: "Why ZFB Payment Co. is liable to Alice", status,
     provision: {...}, law: "E-Commerce Law (PRC), Art. 57(2)",
     steps: [{mark, text, source, proofs}],     # the elements, as sentences
     defences: [{text, burden, outcome, established, steps}],
     competing: [{text, outcome, proof}],
     note, assumed, details: {rule, at, bindings, tests, aggregated, axioms}}

`source` is short: "line 40" of the incident (its path is said once, at the
top), "ontology" for what the ontology derives, "proof #4" for an earlier
conclusion. Rule internals (the rule's id and place, variable bindings, `where`
tests, counts and sums, ontology axioms) go to `details`, which a page folds.
"""
from __future__ import annotations

import re

from dutybound.explain.markup import cap

MARK = {"established": "✓", "proved": "✓", "unknown": "?", "not established": "✗"}


def source_text(book, e: dict, incident_path: str | None) -> str:
    _ = book._
    if e.get("status") == "proved":
        return _("shown in %(proofs)s", proofs=", ".join(_short_id(p) for p in e.get("proofs", [])))
    if e.get("status") == "unknown":
        known = test_bounds(book, e)
        return _("not known: %(bounds)s", bounds=known) if known else _("not known")
    if e.get("status") == "not established":
        return _("not established")
    src = e.get("source") or {}
    kind = src.get("kind")
    if kind == "incident":
        path, line = src.get("path"), src.get("line")
        if line and (not incident_path or path == incident_path):
            return _("incident, line %(line)s", line=line)
        return f"{path}:{line}" if line else (path or "")
    if kind == "axiom":
        return _("by definition (ontology)")
    if kind == "assumption":
        return _("assumed (what if)")
    if kind == "law in time":
        return _("the law in time")
    if kind == "limitation":
        return _("limitation")
    return src.get("detail", "")


def test_bounds(book, e: dict) -> str | None:
    """What is known of the values an open `where` test compares (explain/conditions.py)."""
    if e.get("status") != "unknown" or not e.get("test"):
        return None
    from dutybound.explain.conditions import bounds
    return bounds(book, e["test"])


def _short_id(pid: str) -> str:
    return "#" + pid.rsplit("#", 1)[1] if "#" in pid else pid


def title(book, node: dict) -> str:
    _ = book._
    heads = node.get("heads") or ([node["head"]] if node.get("head") else [])
    said = "; ".join(book.conclusion(h) for h in heads) or "; ".join(node.get("conclusions", []))
    status = node.get("status")
    if status == "applies" or node.get("axiom"):
        return _("Why %(conclusion)s", conclusion=said)
    if status == "does not apply":
        return _("Why it does not follow that %(conclusion)s", conclusion=said)
    return _("Undecided: %(conclusion)s", conclusion=said)


def step(book, e: dict, incident_path) -> dict:
    return {"mark": MARK.get(e.get("status"), "·"), "status": e.get("status"), "text": cap(book.element(e)),
            "source": source_text(book, e, incident_path), "proofs": list(e.get("proofs", [])),
            "line": (e.get("source") or {}).get("line") if (e.get("source") or {}).get("kind") == "incident" else None,
            "axiom": (e.get("source") or {}).get("detail") if (e.get("source") or {}).get("kind") == "axiom" else None,
            "premises": (e.get("source") or {}).get("premises")}


def defence(book, x: dict, incident_path, law: str | None = None) -> dict:
    """A defence of a rule instance, in words; `law`: the title of the rule's
    provision, named where the defence succeeds (in an issue another rule may
    still conclude the liability)."""
    _ = book._
    facts = " " + book._("and") + " " if book.lang == "en" else "并且"
    text = facts.join(book.element(e) for e in x.get("elements", [])) or x.get("exception", "")
    who = book.name(x["proved_by"]) if x.get("proved_by") else None
    known = "; ".join(filter(None, (test_bounds(book, e) for e in x.get("elements", []))))
    if x.get("established") and law:
        outcome = _("established, so the defence succeeds and %(law)s does not apply", law=law)
    elif x.get("established"):
        outcome = _("established, so the defence succeeds and the rule does not apply")
    elif who and known:
        outcome = _("not established (%(bounds)s); %(party)s had to prove it, so the defence fails",
                    bounds=known, party=who)
    elif who:
        outcome = _("not established; %(party)s had to prove it, so the defence fails", party=who)
    elif known:
        outcome = _("not established (%(bounds)s), so the defence fails", bounds=known)
    else:
        outcome = _("not established, so the defence fails")
    return {"text": cap(text), "by": who, "established": bool(x.get("established")), "outcome": outcome,
            "steps": [step(book, e, incident_path) for e in x.get("elements", [])]}


_PRIORITY = [
    ("overrides", re.compile(r"^rule (?P<a>\S+) overrides (?P<b>\S+)$")),
    ("breach", re.compile(r"^a breach of (?P<a>.+) is not answered by meeting (?P<b>.+)$")),
    ("superior", re.compile(r"^lex superior: (?P<a>.+) \((?P<ra>\w+)\) ranks above (?P<b>.+) \((?P<rb>\w+)\)$")),
    ("specialis", re.compile(r"^lex specialis: (?P<a>.+) is the special rule for (?P<b>.+)$")),
    ("posterior", re.compile(r"^lex posterior: (?P<a>.+) \(in force (?P<da>[\d-]+)\) is later than "
                             r"(?P<b>.+) \(in force (?P<db>[\d-]+)\)$")),
]


def priority(book, reason: str) -> str:
    """Why one rule beat another (lex superior, specialis, posterior, overrides), in words."""
    _ = book._
    from dutybound.explain.titles import provision_title
    t = lambda x: provision_title({"title": x}, book.lang)  # noqa: E731
    for kind, rx in _PRIORITY:
        m = rx.match(reason)
        if not m:
            continue
        g = m.groupdict()
        if kind == "overrides":
            return _("the rule says it takes precedence")
        if kind == "breach":
            return _("a breach of %(a)s is not answered by meeting %(b)s", a=t(g["a"]), b=t(g["b"]))
        if kind == "superior":
            return _("lex superior: %(a)s ranks above %(b)s", a=t(g["a"]), b=t(g["b"]))
        if kind == "specialis":
            return _("lex specialis: %(a)s is the special rule for %(b)s", a=t(g["a"]), b=t(g["b"]))
        return _("lex posterior: %(a)s (in force %(da)s) is later than %(b)s (in force %(db)s)",
                 a=t(g["a"]), b=t(g["b"]), da=g["da"], db=g["db"])
    return reason


def competing(book, c: dict, titles: dict) -> dict:
    _ = book._
    outcome = c.get("outcome", "")
    if outcome == "does not apply":
        said = _("it does not apply")
    elif outcome.startswith("beaten"):
        said = _("this rule prevails over it (%(why)s)", why=priority(book, outcome.split(": ", 1)[-1]))
    elif outcome.startswith("prevails"):
        said = _("it prevails over this rule (%(why)s)", why=priority(book, outcome.split(": ", 1)[-1]))
    else:
        said = _("no priority decides between them: an unresolved conflict")
    return {"law": book.provision_title(c.get("provision"), titles), "outcome": said, "proof": c.get("proof"),
            "rule": c.get("rule")}


def proof_view(book, node: dict, titles: dict, incident_path: str | None = None) -> dict:
    """One proof node for people (see the module docstring)."""
    view = {"id": node["id"], "short_id": _short_id(node["id"]), "title": title(book, node),
            "status": node.get("status")}
    if node.get("axiom"):
        view.update(law=None, provision=None,
                    steps=[step(book, e, incident_path) for e in node.get("elements", [])],
                    defences=[], competing=[], note=None,
                    details={"axiom": node["axiom"]})
        return view
    p = node.get("provision") or {}
    law = book.provision_title(p)
    if p.get("pack"):                 # a rule pack's provision says so wherever it is cited
        law += book._(" (rule pack %(pack)s)", pack=p["pack"])
    view.update(
        law=law, provision=p,
        burden=book.prose(p.get("burden")) if book.has_prose(p.get("burden")) else None,
        burden_en=p.get("burden"),
        steps=[step(book, e, incident_path) for e in node.get("elements", [])],
        defences=[defence(book, x, incident_path) for x in node.get("exceptions", [])],
        competing=[competing(book, c, titles) for c in node.get("competing", [])],
        note=node.get("note"),
        # the law reads a list as complete (`closes`): what was assumed absent, and why
        assumed=(book.prose(node["assumed_complete"]["why"]) if node.get("assumed_complete") else None),
        details={"rule": node.get("rule"), "at": node.get("at"), "bindings": node.get("bindings") or {},
                 "tests": node.get("tests") or [], "aggregated": node.get("aggregated") or {},
                 "axioms": [e["source"]["detail"] for e in node.get("elements", [])
                            if (e.get("source") or {}).get("kind") == "axiom"]})
    return view
