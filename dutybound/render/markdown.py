"""A Markdown report of an assessment, for printing or filing: the bottom line
first, then the claims, the issues (IRAC), duties, open questions, the law,
the proofs (rule internals folded in <details>), and the forms of liability."""
from __future__ import annotations

from dutybound.explain.markup import plain
from dutybound.render.text import assumption_text, view_of


def N_(message: str) -> str:
    """Marks a message for the catalogue (pybabel reads no f-strings); translated where used."""
    return message


# the messages used inside the f-strings below
_MESSAGES = (
    N_('Assessment'), N_('Incident'), N_('What if'), N_('The bottom line'), N_('Claims'),
    N_('The issues'), N_('Rule'), N_('Burden of proof'),
    N_('For %(party)s (what the claim needs):'), N_('For %(party)s (defences):'), N_('Conclusion'),
    N_('Duties breached'), N_('Duties owed'), N_('Open questions'), N_('The law applied'),
    N_('in force from %(date)s'), N_('until %(date)s'), N_('Not in force on that date'),
    N_('Proofs'), N_('Unless %(fact)s'), N_('Against it: %(law)s: %(outcome)s'), N_('note'),
    N_('details'), N_('The forms of liability above'),
)


def _md(text: str) -> str:
    return plain(text).replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def render(a: dict, view: dict | None = None, pictures: dict | None = None, picture_dir: str | None = None) -> str:
    """`pictures` (render/pictures): drawn after the claims, linked as files in
    `picture_dir` when given (`assess --format md --svg DIR`), else embedded."""
    v = view or view_of(a)
    _ = v["book"]._
    inc = a["incident"]
    out = [f"# {_('Assessment')}: {_md(inc['title'])}", "",
           f"- {_('Incident')}: `{inc['id']}` ({inc.get('path') or '-'}), {inc['date']}",
           f"- {_md(v['law_line'])}"]
    out += [f"- {_md(_('Rule pack: %(name)s %(version)s (%(path)s)', name=p['name'], version=p['version'], path=p['path']))}"
            for p in a.get("rule_packs", [])]
    out += [f"- {_('What if')}: {_md(assumption_text(v['book'], s))}" for s in a.get("assumptions", [])]
    out += ["", f"## {_('The bottom line')}", ""]
    out += ["\n".join(_md(s) for s in para) + "\n" for para in v["summary"]]
    if v.get("claims"):
        out += [f"## {_('Claims')}", ""]
        out += [f"- **{_md(r['text'])}**: {_md(r['status_text'])}. {_md(r['why'])}" for r in v["claims"]["rows"]]
        out.append("")
    if pictures:
        from dutybound.render.pictures import markdown_section
        out += markdown_section(pictures, _, picture_dir)
    for title, items in v["time_top"]:
        out += [f"## {title}", ""] + [f"- {_md(x)}" for x in items] + [""]
    out += [f"## {_('The issues')}", ""]
    for n, i in enumerate(v["issues"], 1):
        out += [f"### {n}. {_md(i['issue'])}", ""]
        for r in i["rules"]:
            out.append(f"**{_('Rule')}:** {_md(r['law'])}")
            if r.get("original"):
                out += ["", "> " + " ".join(r["original"].split())]
            out += ["", "> " + " ".join((r.get("en") or "").split()), ""]
            if r.get("burden"):
                out += [f"*{_('Burden of proof')}:* {_md(r['burden'])}", ""]
        if i["claimant"]:
            out += [f"**{_md(_('For %(party)s (what the claim needs):', party=v['book'].name(i['to'])))}**", ""]
            out += [f"- {s['mark']} {_md(s['text'])} ({_md(s['source'])})" for s in i["claimant"]]
            out.append("")
        if i["defendant"]:
            out += [f"**{_md(_('For %(party)s (defences):', party=v['book'].name(i['party'])))}**", ""]
            out += [f"- {'✓' if d['established'] else '✗'} {_md(d['text'])}: {_md(d['outcome'])}"
                    for d in i["defendant"]]
            out.append("")
        out += [f"**{_('Conclusion')}:** {_md(i['conclusion'])}", ""]
    if not v["issues"]:
        out += [_("None."), ""]
    if v["breach_rows"]:
        out += [f"## {_('Duties breached')}", ""]
        out += [f"- {_md(d['text'])} ({_md(d['law'])})" for d in v["breach_rows"]]
        out.append("")
    out += [f"## {_('Duties owed')}", ""]
    out += [f"- {_md(d['text'])} ({_md(d['law'])})" for d in v["duty_rows"]] or [_("None.")]
    out += ["", f"## {_('Open questions')}", ""]
    for q in v["questions"]:
        out.append(f"- {_md(q['question'])}")
        for ans in q["answers"]:
            out.append(f"  - {_md(ans['label'])}: " + "; ".join(_md(c) for c in ans["changes"]) + ".")
    if not v["questions"]:
        out.append(_("None."))
    for title, items in v["time"]:
        out += ["", f"## {title}", ""] + [f"- {_md(x)}" for x in items]
    out += ["", f"## {_('The law applied')}", ""]
    for p in v["law"]:
        out += [f"**{_md(p['law'])}** ({_('in force from %(date)s', date=p['effective'])}"
                + (f", {_('until %(date)s', date=p['repealed'])}" if p.get("repealed") else "") + ")"]
        if p.get("original"):
            out += ["", "> " + " ".join(p["original"].split())]
        out += ["", "> " + " ".join(p["en"].split()), ""]
    if v["not_in_force"]:
        out += [f"## {_('Not in force on that date')}", ""]
        out += [f"- {_md(p['law'])} ({p['effective']} – {p.get('repealed') or ''})"
                + (f"{'：' if v['lang'] == 'zh' else ': '}{_md(p['why_text'])}" if p.get("why_text") else "")
                for p in v["not_in_force"]]
        out.append("")
    out += [f"## {_('Proofs')}"]
    for pid in a["proofs"]:
        p = v["proofs"][pid]
        out += ["", f"### {p['short_id']} {_md(p['title'])}", ""]
        if p.get("law"):
            out += [f"{_md(p['law'])}", ""]
        out += [f"- {s['mark']} {_md(s['text'])} ({_md(s['source'])})" for s in p["steps"]]
        out += [f"- {'✓' if d['established'] else '✗'} {_md(_('Unless %(fact)s', fact=d['text']))}: {_md(d['outcome'])}"
                for d in p["defences"]]
        out += [f"- {_md(_('Against it: %(law)s: %(outcome)s', law=c['law'], outcome=c['outcome']))}"
                for c in p["competing"]]
        d = p["details"]
        inner = [f"rule `{d['rule']}`" + (f" ({d['at']})" if d.get("at") else "")] if d.get("rule") else []
        inner += [f"ontology axiom `{d['axiom']}`"] if d.get("axiom") else []
        inner += [", ".join(f"`?{k}` = {_val(x)}" for k, x in (d.get("bindings") or {}).items())] if d.get("bindings") else []
        inner += [f"where `{t}`" for t in d.get("tests", [])]
        inner += [f"Σ `?{k}` over: {'; '.join(f)}" for k, f in (d.get("aggregated") or {}).items()]
        inner += [f"ontology: `{x}`" for x in d.get("axioms", [])]
        inner += [f"{_('note')}: {p['note']}"] if p.get("note") else []
        out += ["", f"<details><summary>{_('details')}</summary>", "", *[f"- {x}" for x in inner], "", "</details>"]
    if v["glossary"]:
        lang = v["lang"]
        out += ["", f"## {_('The forms of liability above')}", ""]
        for g in v["glossary"]:
            src = g[f"source_{lang}"] or g["source_en"]
            out.append(f"- **{g[f'label_{lang}']}**: {g[f'definition_{lang}']}" + (f" ({src})" if src else ""))
    return "\n".join(out) + "\n"


def _val(v):
    if isinstance(v, dict) and "currency" in v:
        return f"{v['currency']} {v['amount']}"
    return f"`{v}`"
