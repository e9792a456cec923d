"""The terminal rendering of an assessment, for people: the bottom line
first, then the claims, the issues in IRAC order, duties, open questions as
questions, the law, the proofs as sentences, and the liability forms used.

    view = explain_assessment(data, kb.vocab, incident, lang)    # dutybound.explain
    print(render(data, view=view))

Without a view (a stored assessment), one is made from the shipped ontology.
"""
from __future__ import annotations

import re
import textwrap

from dutybound.explain.markup import cap, plain

MARK = {"established": "✓", "proved": "✓", "unknown": "?", "not established": "✗"}
WIDTH = 100


def view_of(a: dict, lang: str = "en", incident=None) -> dict:
    from dutybound.engine.ontology import load_vocabulary
    from dutybound.explain import explain_assessment
    return explain_assessment(a, load_vocabulary(), incident, lang)


def _wrap(text: str, indent: str = "  ", rest: str | None = None, cjk: bool = False) -> list[str]:
    return textwrap.wrap(plain(text), WIDTH, initial_indent=indent, subsequent_indent=rest or indent,
                         break_long_words=cjk, break_on_hyphens=False) or [indent.rstrip()]


def render(a: dict, proofs: bool = True, view: dict | None = None, details: bool = False) -> str:
    v = view or view_of(a)
    _ = v["book"]._
    inc = a["incident"]
    out = [plain(inc["title"]),
           _("Incident %(id)s of %(date)s (%(path)s).", id=inc["id"], date=inc["date"], path=inc.get("path") or "-"),
           plain(v["law_line"])]
    out += pack_lines(a, v)
    for s in a.get("assumptions", []):
        out.append(_("What if: %(fact)s", fact=cap(assumption_text(v["book"], s))))
    out += header(_("The bottom line"))
    for para in v["summary"]:
        out += _wrap(_join(v, para), cjk=v["lang"] == "zh")
        out.append("")
    out.pop()
    out += claims_lines(v)
    out += time_lines(v, top=True)
    out += header(_("The issues"))
    for n, i in enumerate(v["issues"], 1):
        out += issue_lines(v, i, n)
    if not v["issues"]:
        out.append("  " + _("None."))
    if v["breach_rows"]:
        out += header(_("Duties breached"))
        for d in v["breach_rows"]:
            out += _wrap(f"{d['text']} {_paren(v, d['law'])}", "  ", "    ", cjk=v["lang"] == "zh")
    out += header(_("Duties owed"))
    for d in v["duty_rows"]:
        out += _wrap(f"{d['text']} {_paren(v, d['law'])}", "  ", "    ", cjk=v["lang"] == "zh")
    if not v["duty_rows"]:
        out.append("  " + _("None."))
    out += header(_("Open questions (facts not known whose answer would change the outcome)"))
    out += question_lines(v["questions"]) or ["  " + _("None.")]
    out += time_lines(v)
    out += header(_("The law applied"))
    for p in v["law"]:
        span = _("in force from %(date)s", date=p["effective"]) + (
            " " + _("until %(date)s", date=p["repealed"]) if p.get("repealed") else "")
        flag = "" if p.get("verified", "V") == "V" else "  " + _("(unverified: %(tag)s)", tag=p["verified"])
        out += _wrap(f"{p['law']}, {span}{flag}")
    if v["not_in_force"]:
        out += header(_("Not in force on that date"))
        for p in v["not_in_force"]:
            why = f"{_colon(v)}{p['why_text']}" if p.get("why_text") else ""
            out += _wrap(f"{p['law']} ({p['effective']} – {p.get('repealed') or ''}){why}", "  ", "    ",
                         cjk=v["lang"] == "zh")
    for p in a.get("problems", []):
        out.append(_("warning: %(text)s", text=p["message"]) + (f" ({p['at']})" if p.get("at") else ""))
    if proofs:                  # the proofs of the issues were read above; the rest here
        shown = {pid for i in v["issues"] for pid in i["proofs"]}
        rest = [pid for pid in a["proofs"] if pid not in shown]
        if rest:
            out += header(_("Proofs"))
            for pid in rest:
                out += proof_lines_for(v, v["proofs"][pid], details)
                out.append("")
            out.pop()
    if v["glossary"]:
        out += header(_("The forms of liability above"))
        lang = v["lang"]
        for g in v["glossary"]:
            src = g[f"source_{lang}"] or g["source_en"]
            text = f"{g[f'label_{lang}']}: {g[f'definition_{lang}']}" + (f" ({src})" if src else "")
            out += _wrap(text, "  ", "    ")
    return "\n".join(out) + "\n"


def _join(v, sentences) -> str:
    return ("" if v["lang"] == "zh" else " ").join(sentences)


def _paren(v, text) -> str:
    return f"（{text}）" if v["lang"] == "zh" else f"({text})"


def _colon(v) -> str:
    return "：" if v["lang"] == "zh" else ": "


def header(title: str) -> list[str]:
    return ["", title]


def assumption_text(book, s: str) -> str:
    fact, _, value = s.rpartition("=")
    parts = fact.split(None, 2)
    if len(parts) != 3:
        return s
    subj, prop, obj = parts
    value = value.strip().lower()
    if value == "unknown":
        return book._("it is not known whether %(sentence)s", sentence=plain(book.fact(subj, prop, obj)))
    return plain(book.fact(subj, prop, obj, value != "false"))


def time_lines(v: dict, top: bool = False) -> list[str]:
    """The law in time (explain/intime.py): what a directive requires (top), versions
    an unknown date left open, limitation."""
    out = []
    for title, items in v["time_top"] if top else v["time"]:
        out += header(title)
        for item in items:
            out += _wrap(item, "  ", "    ", cjk=v["lang"] == "zh")
    return out


def pack_lines(a: dict, v: dict) -> list:
    """The rule packs laid over the shipped law, named with their versions."""
    _ = v["book"]._
    return [_("With the rule pack %(name)s %(version)s (%(path)s).", name=p["name"], version=p["version"],
              path=p["path"]) for p in a.get("rule_packs", [])]


def claims_lines(v) -> list[str]:
    c = v.get("claims")
    if not c:
        return []
    _ = v["book"]._
    out = header(_("Claims"))
    for r in c["rows"]:
        out += _wrap(f"{r['text']}: {r['status_text']}. {r['why']}", "  ", "    ")
    return out


def issue_lines(v, i, n) -> list[str]:
    _ = v["book"]._
    ids = " ".join(v["proofs"][p]["short_id"] for p in i["proofs"] if p in v["proofs"])
    out = _wrap(f"{n}. {i['issue']}" + (f" ({ids})" if ids else ""), "  ", "     ")
    zh = v["lang"] == "zh"
    for r in i["rules"]:
        text = r["original"] if zh and r.get("language") == "zh" and r.get("original") else (r["en"] or "")
        out += _wrap(_("Rule: %(law)s. %(text)s", law=r["law"], text=_short(text)), "     ", "       ", cjk=zh)
        if r.get("burden"):
            out += _wrap(_("Burden of proof: %(text)s", text=r["burden"]), "       ")
    if i["claimant"]:
        out += _wrap(_("For %(party)s (what the claim needs):", party=v["book"].name(i["to"])), "     ")
        for s in i["claimant"]:
            out += _wrap(f"{s['mark']} {s['text']} {_paren(v, s['source'])}", "       ", "         ", cjk=zh)
    if i["defendant"]:
        out += _wrap(_("For %(party)s (defences):", party=v["book"].name(i["party"])), "     ")
        for d in i["defendant"]:
            mark = "✓" if d["established"] else "✗"
            out += _wrap(f"{mark} {d['text']}{_colon(v)}{d['outcome']}", "       ", "         ", cjk=zh)
    out += _wrap(_("Conclusion: %(text)s", text=i["conclusion"]), "     ", "       ", cjk=zh)
    for pid in i["proofs"]:
        d = v["proofs"].get(pid, {}).get("details") or {}
        if d.get("rule"):
            out += _wrap(_("details: rule %(rule)s", rule=d["rule"]) + (f" ({d['at']})" if d.get("at") else ""),
                         "     ", "       ")
    return out


def question_lines(questions) -> list[str]:
    out = []
    for q in questions:
        out += _wrap(f"? {q['question']}", "  ", "    ")
        for a in q["answers"]:
            out += _wrap(f"{a['label']}: " + "; ".join(plain(c) for c in a["changes"]) + ".", "      ", "        ")
    return out


def proof_lines_for(v, p: dict, details: bool = False) -> list[str]:
    _ = v["book"]._
    out = _wrap(f"{p['short_id']} {p['title']}", "  ", "     ")
    prov = p.get("provision")
    if prov:
        span = _("in force from %(date)s", date=prov["effective"]) + (
            " " + _("until %(date)s", date=prov["repealed"]) if prov.get("repealed") else "")
        out += _wrap(f"{p['law']}, {span}", "     ")
        if prov.get("original"):
            out += _wrap(f"{prov.get('language') or ''}: {_short(prov['original'])}", "       ", "           ",
                         cjk=prov.get("language") == "zh")
        out += _wrap(f"en: {_short(prov['en'])}", "       ", "           ")
    for s in p["steps"]:
        out += _wrap(f"{s['mark']} {s['text']} {_paren(v, s['source'])}", "     ", "       ", cjk=v["lang"] == "zh")
    for d in p["defences"]:
        mark = "✓" if d["established"] else "✗"
        out += _wrap(_("%(mark)s Unless %(fact)s: %(outcome)s", mark=mark, fact=d["text"][:1].lower() + d["text"][1:]
                       if v["lang"] == "en" else d["text"], outcome=d["outcome"]), "     ", "       ")
    for c in p["competing"]:
        out += _wrap(_("Against it: %(law)s: %(outcome)s", law=c["law"], outcome=c["outcome"]), "     ", "       ")
    d = p["details"]
    line = _("details: rule %(rule)s", rule=d.get("rule") or "") + (f" ({d['at']})" if d.get("at") else "")
    if d.get("axiom"):
        line = _("details: ontology axiom %(axiom)s", axiom=d["axiom"])
    out += _wrap(line, "     ", "       ")
    if details:
        if d.get("bindings"):
            out += _wrap("with " + ", ".join(f"?{k} = {_val(x)}" for k, x in d["bindings"].items()), "       ")
        for t in d.get("tests", []):
            out += _wrap(f"where {t}", "       ")
        for var, facts in d.get("aggregated", {}).items():
            out += _wrap(f"Σ ?{var} over: {'; '.join(facts) or '-'}", "       ")
        for ax in d.get("axioms", []):
            out += _wrap(f"ontology: {ax}", "       ")
        if p.get("note"):
            out += _wrap(_("note: %(text)s", text=p["note"]), "       ", "         ")
    return out


# -- the proof tree of `dutybound explain` (engine/explain.py) ------------------
def proof_lines(node: dict) -> list:
    if "axiom" in node:
        return [f"{node['id']}: {node['conclusion']} by the ontology axiom {node['axiom']}"]
    p = node["provision"]
    out = [f"{node['id']}: rule {node['rule']} {node['status']}; "
           f"concludes {'; '.join(node['conclusions'])}",
           f"  {p['title']} [{p['id']}] (in force from {p['effective']})"
           + (f", rule pack {p['pack']}" if p.get("pack") else "")]
    if p.get("original"):
        out.append(f"    {p['language']}: {_short(p['original'])}")
    out.append(f"    en: {_short(p['en'])}")
    if node["bindings"]:
        out.append("  with " + ", ".join(f"?{k} = {_val(v)}" for k, v in node["bindings"].items()))
    for e in node["elements"]:
        out.append("  " + element_line(e))
    for t in node.get("tests", []):
        out.append(f"  ✓ where {t}")
    for v, facts in node.get("aggregated", {}).items():
        out.append(f"  Σ ?{v} over: {'; '.join(facts) or 'nothing'}")
    for x in node["exceptions"]:
        mark = "✓" if x["established"] else "✗"
        out.append(f"  {mark} unless {x['exception']}: {x['why']}")
    for c in node["competing"]:
        out.append(f"  ⚔ {c['rule']} [{c['provision']}] ({c['conclusion']}): {c['outcome']}")
    if node.get("note"):
        out.append(f"  note: {node['note']}")
    return out


def element_line(e: dict) -> str:
    s = f"{MARK.get(e['status'], '·')} {e['fact']}"
    if e["status"] == "established":
        src = e["source"]
        s += f"  ({src['detail']})" if src["kind"] != "axiom" else f"  (ontology: {src['detail']})"
    elif e["status"] == "proved":
        s += f"  (proved: {', '.join(e['proofs'])})"
    else:
        s += f"  ({e['status']})"
    return s


def _short(t: str, n: int = 160) -> str:
    """At most about n characters, cut at a word where there are words."""
    t = " ".join((t or "").split())
    if len(t) <= n:
        return t
    cut = t[: n - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[n // 2:] else cut) + "…"


def _val(v):
    if isinstance(v, dict) and "currency" in v:
        return f"{v['currency']} {v['amount']}"
    return v


# -- `dutybound explain`, for people -------------------------------------------------
_CONCLUSION = [("liable", re.compile(r"^(?P<party>\S+) is liable to (?P<to>\S+)$")),
               ("duty", re.compile(r"^(?P<party>\S+) owes (?P<duty>\S+)(?: to (?P<to>\S+))?$")),
               ("breach", re.compile(r"^(?P<party>\S+) breached (?P<duty>\S+)(?: toward (?P<to>\S+))?$"))]


def _conclusion_sentence(book, text: str) -> str:
    """A conclusion as engine/explain.py writes it ('zfb is liable to alice'), as a sentence."""
    positive = not (text.startswith("not (") and text.endswith(")"))
    inner = text if positive else text[5:-1]
    for kind, rx in _CONCLUSION:
        m = rx.match(inner)
        if m:
            return book.conclusion({"kind": kind, "positive": positive, **m.groupdict()})
    return text
def explanation_text(result: dict, data: dict, vocab, incident=None, lang: str = "en",
                     details: bool = False) -> str:
    """One conclusion and its proofs (engine/explain.py's result), as sentences."""
    from dutybound.explain import phrasebook, titles_of
    from dutybound.explain.proofs import proof_view
    book = phrasebook(vocab, data, incident, lang)
    v = {"book": book, "lang": book.lang}
    titles = titles_of(data)
    _ = book._
    if "matches" in result:
        return "\n".join(explanation_text(m, data, vocab, incident, lang, details) for m in result["matches"])
    status = {"proved": _("proved"), "established": _("established by the facts"),
              "not proved": _("not proved"), "partly proved": _("partly proved")}.get(result["status"],
                                                                                   result["status"])
    out = [f"{cap(plain(_conclusion_sentence(book, result['conclusion'])))}: {status}"]
    if "element" in result:
        e = result["element"]
        from dutybound.explain.proofs import step
        s = step(book, e, (data.get("incident") or {}).get("path"))
        out += _wrap(f"{s['mark']} {s['text']} {_paren(v, s['source'])}")
    path = (data.get("incident") or {}).get("path")
    for node in result.get("proofs", []):
        out.append("")
        out += proof_lines_for(v, proof_view(book, node, titles, path), details)
    if result["status"] == "not proved" and not result.get("proofs"):
        out.append("  " + _("no rule in force concludes it"))
    return "\n".join(out) + "\n"
