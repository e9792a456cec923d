"""Explanations a person can read: the bottom line first, the claims, the
issues in IRAC order, the open questions as questions, proofs as sentences,
and a glossary of the liability forms, in English or Chinese.

    from dutybound.explain import explain_assessment
    view = explain_assessment(a.to_json(), kb.vocab, incident=a.incident, lang="zh")
    view["summary"]        # paragraphs of sentences: who pays whom, how much, in which order

This room reads the assessment (its JSON, docs/assessment-format.md), the
ontology's labels and sentence templates, and the incident as the user
wrote it (labels, and which payments a harm results from); never the
reasoner's internals. render/ and web/ lay out what it gives.
"""
from __future__ import annotations

from dutybound.explain.bottomline import bottom_line
from dutybound.explain.glossary import forms_used, glossary
from dutybound.explain.intime import left_out
from dutybound.explain.intime import sections as time_sections
from dutybound.explain.issues import issues
from dutybound.explain.markup import cap
from dutybound.explain.narrate import bottom_line_text
from dutybound.explain.phrases import Phrasebook
from dutybound.explain.proofs import proof_view
from dutybound.explain.questions import currency_of, question_view

__all__ = ["Phrasebook", "bottom_line", "bottom_line_json", "explain_assessment", "incident_context",
           "phrasebook", "provision_titles", "titles_of"]

LINKS = ("resultsFrom", "partOf")


def incident_context(incident, vocab) -> tuple[list, dict]:
    """From the incident as written: pairs of individuals that are one loss (a
    harm and the payment it results from, a part and its whole), and each
    individual's most specific stated class (to say 'the payment pay1')."""
    if incident is None:
        return [], {}
    if isinstance(incident, dict):                  # the assessment's own record of the incident
        return [tuple(x) for x in incident.get("links") or []], {}
    facts = getattr(incident, "facts", None)
    true = getattr(facts, "true", {}) if facts is not None else {}
    links = sorted((s, o) for (s, p, o) in true if p in LINKS and isinstance(o, str))
    stated: dict = {}
    for (s, p, o) in true:
        if p == "a" and isinstance(o, str):
            stated.setdefault(s, set()).add(o)
    kinds = {}
    for s, classes in stated.items():
        leaves = [c for c in classes if not any(d != c and vocab.is_subclass(d, c) for d in classes)]
        kinds[s] = sorted(leaves)[0] if leaves else sorted(classes)[0]
    return links, kinds


def phrasebook(vocab, data: dict, incident=None, lang: str = "en", markup: bool = False) -> Phrasebook:
    labels = dict((data.get("incident") or {}).get("labels") or {})
    if incident is not None and not isinstance(incident, dict):
        labels.update(getattr(incident, "labels", {}) or {})
    _, kinds = incident_context(incident, vocab)
    return Phrasebook(vocab, labels, lang, kinds, markup)


def titles_of(data: dict) -> dict:
    """Provision id -> its title, from everything the assessment names."""
    out = {}
    for key in ("law_applied", "law_not_in_force"):
        for p in data.get(key, []):
            out[p["id"]] = p["title"]
    for key in ("liabilities", "exemptions", "duties", "breaches"):
        for x in data.get(key, []):
            pid = x.get("provision") or x.get("basis")
            if pid and x.get("provision_title"):
                out.setdefault(pid, x["provision_title"])
    for node in data.get("proofs", {}).values():
        p = node.get("provision") or {}
        if p.get("id"):
            out.setdefault(p["id"], p.get("title", p["id"]))
    return out


def provision_titles(kb) -> dict:
    """Every provision's title in a knowledge base (for changes that cite law not applied)."""
    return {pid: p.title for pid, p in getattr(kb, "provisions", {}).items()}


def bottom_line_json(data: dict, vocab, incident=None) -> dict:
    """The bottom line for the JSON output: the structure, and its sentences in
    both languages (docs/assessment-format.md, "bottom_line")."""
    links, _ = incident_context(incident if incident is not None else data.get("incident"), vocab)
    bl = bottom_line(data, links)
    titles = titles_of(data)
    bl["sentences"] = {lang: bottom_line_text(bl, phrasebook(vocab, data, incident, lang), titles)
                       for lang in ("en", "zh")}
    return bl


def explain_assessment(data: dict, vocab, incident=None, lang: str = "en", markup: bool = False,
                       links=None, titles: dict | None = None) -> dict:
    """Everything a reader sees, in order (see the module docstring). `titles`:
    provision id -> title for provisions the assessment does not cite (what an
    open question's answer would bring in), e.g. provision_titles(kb)."""
    book = phrasebook(vocab, data, incident, lang, markup)
    found_links, _ = incident_context(incident if incident is not None else data.get("incident"), vocab)
    bl = bottom_line(data, found_links if links is None else links)
    titles = {**(titles or {}), **titles_of(data)}
    rule_provisions = {**data.get("question_rules", {}),
                       **{n["rule"]: n["provision"]["id"] for n in data.get("proofs", {}).values()
                          if n.get("rule") and n.get("provision")}}
    money = currency_of(data)
    questions = [question_view(book, q, titles, rule_provisions, money) for q in data.get("open_questions", [])]
    path = (data.get("incident") or {}).get("path")
    _ = book._
    no_liability = not data.get("liabilities")
    return {
        "lang": book.lang,
        "book": book,
        "titles": titles,
        "bottom_line": bl,
        "summary": bottom_line_text(bl, book, titles) if not no_liability else _no_liability(book, data, titles),
        "claims": claims_view(book, data, titles),
        "issues": issues(data, book, titles, questions, path),
        "duties": [cap(book.conclusion({"kind": "duty", **_who(d)})) for d in data.get("duties", [])],
        "duty_rows": [{**d, "text": cap(book.conclusion({"kind": "duty", **_who(d)})),
                       "law": book.provision_title(d["provision"], titles)} for d in data.get("duties", [])],
        "breach_rows": [{**d, "text": cap(book.conclusion({"kind": "breach", **_who(d)})),
                         "law": book.provision_title(d["provision"], titles)} for d in data.get("breaches", [])],
        "questions": questions,
        "proofs": {pid: proof_view(book, node, titles, path) for pid, node in data.get("proofs", {}).items()},
        "glossary": glossary(vocab, forms_used(data)),
        "law": [{**p, "law": book.provision_title(p),
                 "burden_text": book.prose(p.get("burden")) if book.has_prose(p.get("burden")) else None}
                for p in data.get("law_applied", [])],
        "not_in_force": [{**p, "law": book.provision_title(p), "why_text": left_out(book, p)}
                         for p in data.get("law_not_in_force", [])],
        "law_line": law_line(book, data),
        # the law in time: what a directive requires (before the issues), then versions
        # an unknown date left open and limitation: [(title, [sentences])]
        "time_top": time_sections(book, data, top=True),
        "time": time_sections(book, data),
    }


def _who(d: dict) -> dict:
    return {"party": d["party"], "duty": d["duty"], "to": d.get("to")}


def law_line(book, data: dict) -> str:
    _ = book._
    j = data.get("jurisdiction")
    d = data.get("dates")
    if d and not d.get("as_of"):            # the two clocks (docs/semantics.md §3)
        facts = d["facts_from"] if d["facts_from"] == d["facts_to"] else f"{d['facts_from']} – {d['facts_to']}"
        law = _("%(j)s (%(code)s)", j=book.term(j), code=j) if j else _("every jurisdiction in the knowledge base")
        if d.get("filed"):
            return _("Law: %(law)s, each fact under the version that governs it; decided on %(decided)s, "
                     "filed %(filed)s; facts of %(facts)s.", law=law, decided=d["decided"], filed=d["filed"],
                     facts=facts)
        return _("Law: %(law)s, each fact under the version that governs it; decided on %(decided)s; "
                 "facts of %(facts)s.", law=law, decided=d["decided"], facts=facts)
    if j:
        return _("Law: %(j)s (%(code)s), as in force on %(date)s.", j=book.term(j), code=j, date=data.get("as_of"))
    return _("Law: every jurisdiction in the knowledge base, as in force on %(date)s.", date=data.get("as_of"))


def _no_liability(book, data, titles) -> list[list[str]]:
    """No liability: said as what the law held concludes, never as a finding
    that no one is liable."""
    _ = book._
    out = [_("The law held in the knowledge base makes no one liable here.")]
    for e in data.get("exemptions", []):
        out.append(_("%(party)s is not liable to %(to)s under %(law)s.", party=book.name(e["party"]),
                     to=book.name(e["to"]), law=book.provision_title(e["basis"], titles)))
    for d in data.get("defences", []):
        out.append(_("A defence succeeds against the claim under %(law)s.",
                     law=book.provision_title(d["provision"], titles)))
    if data.get("open_questions"):
        out.append(_("Open questions below could change this."))
    if not data.get("exemptions") and not data.get("defences"):
        out.append(_("That is not a finding that no one is liable: a claim the knowledge base does not "
                     "reach may still lie."))
    return [[cap(s) for s in out]]


STATUS = ("liable", "not liable", "unknown", "outside")


def claims_view(book, data: dict, titles: dict) -> dict | None:
    """The assessment's `claims` (when it has them): what was decided, what is
    unknown, what lies outside the knowledge base. Outside never reads as not liable."""
    claims = data.get("claims")
    if not claims:
        return None
    _ = book._
    label = {"liable": _("liable"), "not liable": _("not liable"), "unknown": _("unknown: a fact is missing"),
             "outside": _("outside the knowledge base")}
    rows = []
    for c in claims:
        status = c.get("status")
        who = c.get("claimant") or c.get("to")
        text = _("%(claimant)s against %(party)s", claimant=book.name(who), party=book.name(c.get("party")))
        if c.get("harm"):
            text += _(" for %(harm)s", harm=book.name(c["harm"]))
        if status == "outside":
            held = c.get("held") or c.get("held_versions") or c.get("versions") or []
            law = "; ".join(_held(book, h, titles) for h in held if h)
            why = _("No provision held reaches this claim on that date; that is not a finding that %(party)s "
                    "is not liable.", party=book.name(c.get("party")))
            if law:
                why += " " + _("Held versions: %(law)s.", law=law)
        elif status == "liable":
            why = _("Liable under %(law)s.", law=_basis(book, c, titles))
        elif status == "not liable":
            why = _("Not liable under %(law)s.", law=_basis(book, c, titles))
        elif c.get("unknown_triples"):
            facts = "; ".join(book.fact(t["subject"], t["property"], t["object"], t.get("positive", True))
                              for t in c["unknown_triples"])
            why = _("Whether %(party)s is liable under %(law)s turns on facts not yet known: %(facts)s. "
                    "Until they are established, whoever must prove them loses.",
                    party=book.name(c.get("party")), law=_basis(book, c, titles), facts=facts)
        else:
            why = _("It turns on a fact not yet known.")
        if book.lang == "en" and c.get("why") and status in ("not liable", "outside"):   # the engine's sentence
            # says more: the facts a claim turns on, the versions of the law held for other dates
            why = c["why"]
        rows.append({"status": status, "status_text": label.get(status, status or ""), "text": text, "why": why,
                     "why_en": c.get("why"), "open_questions": c.get("open_questions") or [],
                     "party": c.get("party"), "claimant": who, "basis": c.get("basis")})
    order = {s: i for i, s in enumerate(STATUS)}
    rows.sort(key=lambda r: order.get(r["status"], 9))
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in STATUS}
    return {"rows": rows, "counts": counts, "reach": data.get("reach"), "labels": label}


def _basis(book, c, titles) -> str:
    basis = c.get("basis")
    if isinstance(basis, list):
        return ", ".join(book.provision_title(b, titles) for b in basis)
    return book.provision_title(basis, titles) if basis else "-"


def _held(book, h, titles) -> str:
    if isinstance(h, str):
        return book.provision_title(h, titles)
    pid = h.get("id") or h.get("provision")
    span = " – ".join(x for x in (h.get("effective"), h.get("repealed")) if x)
    title = book.provision_title({"id": pid, "title": h.get("title") or titles.get(pid, pid)})
    return f"{title} ({span})" if span else title
