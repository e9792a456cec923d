"""The terminal rendering of an assessment: a readable tree."""
from __future__ import annotations

MARK = {"established": "✓", "proved": "✓", "unknown": "?", "not established": "✗"}


def render(a: dict, proofs: bool = True) -> str:
    inc = a["incident"]
    out = [f"Assessment: {inc['title']} ({inc['id']})",
           f"  law of {a['jurisdiction'] or 'all jurisdictions'} in force on {a['as_of']}"]
    out += pack_lines(a)
    for s in a["assumptions"]:
        out.append(f"  what if: {s}")
    out += _section("Duties", [f"{d['party']} owes {d['duty']}" + (f" to {d['to']}" if d["to"] else "")
                               + f"  [{d['provision']}]" for d in a["duties"]])
    out += _section("Breaches", [f"{d['party']} breached {d['duty']}" + (f" toward {d['to']}" if d["to"] else "")
                                 + f"  [{d['provision']}]" for d in a["breaches"]])
    out += _section("Liabilities", [_liability(l) for l in a["liabilities"]])
    out += _section("Exemptions", [f"{e['party']} is not liable to {e['to']}  [{e['basis']}]"
                                   for e in a["exemptions"]])
    out += _section("Defences that succeeded", [
        f"{d['rule']} [{d['provision']}] would conclude {'; '.join(d['would_conclude'])}, "
        f"but {d['exception']}" + (f" (proved by {d['proved_by']})" if d["proved_by"] else "")
        for d in a["defences"]])
    out += _section("Unresolved conflicts", [
        f"{c['conclusion']}: {c['for']['rule']} [{c['for']['provision']}] against "
        f"{c['against']['rule']} [{c['against']['provision']}]; {c['resolution']}"
        for c in a["conflicts"]])
    out += _section("Open questions (unknown facts that would change the outcome)",
                    [_question(q) for q in a["open_questions"]])
    if a["law_not_in_force"]:
        out += _section("Not in force on that date", [
            f"{p['id']} {p['title']} (in force {p['effective']} to {p['repealed'] or '-'})"
            for p in a["law_not_in_force"]])
    for p in a["problems"]:
        out.append(f"warning: {p['message']}" + (f" at {p['at']}" if p.get("at") else ""))
    if proofs:
        out.append("")
        out.append("Proofs")
        for pid, node in a["proofs"].items():
            out.extend("  " + line for line in proof_lines(node))
    return "\n".join(out) + "\n"


def pack_lines(a: dict) -> list:
    """The rule packs laid over the shipped law, named with their versions."""
    return [f"  with rule pack {p['name']} {p['version']} ({p['path']})" for p in a.get("rule_packs", [])]


def _section(title, items) -> list:
    out = ["", title]
    out += [f"  {i}" for i in items] if items else ["  (none)"]
    return out


def _liability(l: dict) -> str:
    s = f"{l['party']} → {l['to']}: {l['form']}"
    if l["amount"] is not None:
        s += f", {l['currency'] or ''} {l['amount']}".replace("  ", " ")
    if l["share"] is not None:
        s += f", share {l['share']}"
    if l["cap"] is not None:
        cap = l["cap"]
        s += f", capped at {cap['currency']} {cap['amount']}" if isinstance(cap, dict) else f", cap {cap}"
    if l["pays_after"]:
        s += f", pays only after {l['pays_after']}"
    if l["recourse_against"]:
        s += f", with recourse against {l['recourse_against']}"
    s += f"  [{l['basis']}]"
    if l["verified"] != "V":
        s += f" (unverified: {l['verified']})"
    for r in l.get("reductions", []):
        s += f"\n      may be reduced for the victim's fault [{r['basis']}]"
        s += f": share {r['share']}" if r["share"] is not None else ": the court sets the share"
        if r["factors"]:
            s += f"; factors: {r['factors']}"
    if l["factors"]:
        s += f"\n      the court weighs: {l['factors']}"
    s += f"\n      proof: {l['proof']}"
    return s


def _question(q: dict) -> str:
    s = f"? {q['fact']}  (asked by {', '.join(q['asked_by'])})"
    for v in ("true", "false"):
        ch = q.get("if_" + v)
        if ch:
            for g in ch["gained"]:
                s += f"\n      if {v}: + {g}"
            for l in ch["lost"]:
                s += f"\n      if {v}: - {l}"
    return s


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
    t = " ".join(t.split())
    return t if len(t) <= n else t[: n - 1] + "…"


def _val(v):
    if isinstance(v, dict) and "currency" in v:
        return f"{v['currency']} {v['amount']}"
    return v
