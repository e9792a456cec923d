"""`dutybound explain`: one conclusion, with its whole proof tree."""
from __future__ import annotations

from dutybound.engine.proof import atom_text, triple_of
from dutybound.errors import DutyboundError, Problem
from dutybound.render.text import element_line, proof_lines
from dutybound.values import show

HINT = ("name a proof id from `dutybound assess` (e.g. 'psp-bears-unauthorised-loss#1') or a "
        "conclusion: 'liable P to V', 'breach P Duty', 'duty P Duty', 'reduction P to V', or 'S P O'")


def _matches(atom, query: list[str]) -> bool:
    kind = query[0]
    pred = {"liable": "⊢liable", "breach": "⊢breach", "duty": "⊢duty", "reduction": "⊢reduction"}
    if kind in pred:
        args = [w for w in query[1:] if w != "to"]
        if atom[0] != pred[kind]:
            return False
        return all(i + 1 < len(atom) and str(atom[i + 1]) == w for i, w in enumerate(args))
    if len(query) >= 3 and not atom[0].startswith("⊢"):
        s, p, o = query[0], query[1], " ".join(query[2:])
        return atom[0] == p and atom[1] == s and show(atom[2]) == o
    return False


def find_and_explain(assessment, query: str) -> dict:
    prover, ev = assessment.prover, assessment.evaluation
    q = query.strip()
    if q in assessment.proofs:
        return {"conclusion": q, "status": "proved", "proofs": closure(assessment.proofs, [q])}
    words = q.split()
    positive = True
    if words and words[0] == "not":
        positive, words = False, words[1:]
    if not words:
        raise DutyboundError(Problem("nothing to explain", hint=HINT), kind="usage")
    atoms = {a for run in ev.runs for a in run.atom_list if a[0] != "⊢applies"}
    atoms |= {(p, s, o) for (s, p, o) in list(ev.facts.true) + list(ev.facts.false)}
    found = sorted((a for a in atoms if _matches(a, words)), key=repr)
    args = [w for w in words[1:] if w != "to"]
    if words[0] == "liable" and len(args) == 2 and not any(
            (a, positive) in ev.derived_in for a in found):
        return why_not(assessment, args[0], args[1], positive)
    if not found:
        raise DutyboundError(Problem(f"no conclusion or fact matches {query!r} in this assessment",
                                     hint=HINT), kind="usage")
    out = []
    for atom in found:
        key = (atom, positive)
        t = triple_of(atom)
        if t is not None and (ev.facts.true if positive else ev.facts.false).get(t):
            out.append({"conclusion": atom_text(atom, positive), "status": "established",
                        "element": prover.element(atom, positive)})
        elif key in ev.derived_in:
            ids = prover.support_ids(ev.derived_in[key], atom, positive)
            out.append({"conclusion": atom_text(atom, positive), "status": "proved",
                        "proofs": closure(prover.proofs, ids)})
        else:
            f = prover.explain_failure(atom, positive)
            f["proofs"] = closure(prover.proofs, f.pop("rules_tried"))
            out.append(f)
    if len(out) == 1:
        return out[0]
    status = "proved" if all(o["status"] in ("proved", "established") for o in out) else "partly proved"
    return {"conclusion": query, "status": status, "matches": out}


def why_not(assessment, party: str, claimant: str, positive: bool = True) -> dict:
    """A liability (or exemption) that was not concluded: what was decided about
    the claim, and the nearest rules with what held and what failed."""
    from dutybound.explain.whynot import nearest_rules
    known = set(assessment.evaluation.facts.individuals)
    for x in (party, claimant):
        if x not in known:
            raise DutyboundError(Problem(f"'{x}' is not an individual of the incident", hint=HINT),
                                 kind="usage")
    kb = assessment.prover.kb
    nearest = nearest_rules(kb, assessment, party, claimant, positive)
    claim = next((c for c in assessment.claims
                  if c["party"] == party and c["claimant"] == claimant), None)
    proofs = [pid for e in nearest for pid in e.get("proofs", [])]
    return {"conclusion": atom_text(("⊢liable", party, claimant), positive), "status": "not proved",
            "claim": claim, "nearest": nearest, "proofs": closure(assessment.proofs, proofs)}


def closure(proofs: dict, ids) -> list:
    """The proof nodes reachable from ids, parents first."""
    seen, order, stack = set(), [], list(reversed(list(ids)))
    while stack:
        pid = stack.pop()
        if pid in seen or pid not in proofs:
            continue
        seen.add(pid)
        node = proofs[pid]
        order.append(node)
        subs = [s for e in node.get("elements", []) for s in e.get("proofs", [])]
        subs += [s for x in node.get("exceptions", []) for e in x["elements"] for s in e.get("proofs", [])]
        subs += [c["proof"] for c in node.get("competing", []) if "proof" in c]
        stack.extend(reversed(subs))
    return order


def render_explanation(result: dict) -> str:
    if "matches" in result:
        return "\n".join(render_explanation(m) for m in result["matches"])
    out = [f"{result['conclusion']}: {result['status']}"]
    if "element" in result:
        out.append("  " + element_line(result["element"]))
    for node in result.get("proofs", []):
        out.append("")
        out.extend("  " + line for line in proof_lines(node))
    if "nearest" in result:
        return _render_why_not(result)
    if result["status"] == "not proved" and not result.get("proofs"):
        out.append("  no rule in force concludes it")
    return "\n".join(out) + "\n"


def _render_why_not(result: dict) -> str:
    out = [f"{result['conclusion']}: not proved"]
    claim = result.get("claim")
    if claim:
        out.append(f"  {claim['why']}")
    if not result["nearest"]:
        out.append("  no rule held concludes a liability between these two parties")
    out.append("")
    out.append("Nearest rules")
    for k, e in enumerate(result["nearest"], 1):
        when = "" if e["in_force"] else (f"; it does not govern these facts: {e['not_governing']}"
                                         if e.get("not_governing") else
                                         f"; not in force for these facts (in force {e['effective']}"
                                         + (f" to {e['repealed']})" if e["repealed"] else " on)"))
        if e["reached"]:
            out.append(f"  {k}. {e['rule']} [{e['provision']}] reached the claim and failed{when}: "
                       f"see its proof below")
            continue
        out.append(f"  {k}. {e['rule']} [{e['provision']}] did not reach the claim{when}: "
                   f"{len(e['matched'])} of its conditions held")
        for m in e["matched"]:
            out.append(f"       ✓ {m}")
        for f in e["failed"]:
            out.append(f"       ✗ {f['condition']}: {f['status']}; {f['why']}")
    for node in result.get("proofs", []):
        out.append("")
        out.extend("  " + line for line in proof_lines(node))
    return "\n".join(out) + "\n"
