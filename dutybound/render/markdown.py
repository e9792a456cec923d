"""A Markdown report of an assessment, for printing or filing."""
from __future__ import annotations

from dutybound.render.text import _liability, _question, element_line


def render(a: dict) -> str:
    inc = a["incident"]
    out = [f"# Assessment: {inc['title']}", "",
           f"- Incident: `{inc['id']}` ({inc['path']}), dated {inc['date']}",
           f"- Law: {a['jurisdiction'] or 'all jurisdictions'}, in force on {a['as_of']}"]
    out += [f"- Rule pack: {p['name']} {p['version']} ({p['path']})" for p in a.get("rule_packs", [])]
    out += [f"- What if: {s}" for s in a["assumptions"]]
    out += _section("Duties", [f"**{d['party']}** owes {d['duty']}" + (f" to {d['to']}" if d["to"] else "")
                               + f" ({d['provision_title']})" for d in a["duties"]])
    out += _section("Breaches", [f"**{d['party']}** breached {d['duty']}" + (f" toward {d['to']}" if d["to"] else "")
                                 + f" ({d['provision_title']})" for d in a["breaches"]])
    out += _section("Liabilities", [_liability(l).replace("\n      ", "<br>") for l in a["liabilities"]])
    out += _section("Exemptions", [f"**{e['party']}** is not liable to {e['to']} ({e['provision_title']})"
                                   for e in a["exemptions"]])
    out += _section("Defences that succeeded", [
        f"`{d['rule']}` ({d['provision']}) would conclude {'; '.join(d['would_conclude'])}, "
        f"but {d['exception']}" + (f" (proved by {d['proved_by']})" if d["proved_by"] else "")
        for d in a["defences"]])
    out += _section("Unresolved conflicts", [
        f"{c['conclusion']}: `{c['for']['rule']}` against `{c['against']['rule']}`; {c['resolution']}"
        for c in a["conflicts"]])
    out += _section("Open questions", [_question(q).replace("\n      ", "<br>") for q in a["open_questions"]])
    out += ["", "## Proofs"]
    for pid, node in a["proofs"].items():
        out += ["", f"### `{pid}`"]
        if "axiom" in node:
            out.append(f"{node['conclusion']}, by the ontology axiom `{node['axiom']}`.")
            continue
        p = node["provision"]
        out.append(f"Rule `{node['rule']}` {node['status']}: {'; '.join(node['conclusions'])}.")
        out.append("")
        out.append(f"**{p['title']}** (in force from {p['effective']}"
                   + (f" to {p['repealed']}" if p["repealed"] else "") + ")"
                   + (f", rule pack {p['pack']}" if p.get("pack") else ""))
        if p.get("original"):
            out += ["", "> " + " ".join(p["original"].split())]
        out += ["", "> " + " ".join(p["en"].split()), ""]
        out += [f"- {element_line(e)}" for e in node["elements"]]
        out += [f"- {'✓' if x['established'] else '✗'} unless {x['exception']}: {x['why']}"
                for x in node["exceptions"]]
        out += [f"- competing `{c['rule']}`: {c['outcome']}" for c in node["competing"]]
    return "\n".join(out) + "\n"


def _section(title, items) -> list:
    return ["", f"## {title}", ""] + ([f"- {i}" for i in items] if items else ["None."])
