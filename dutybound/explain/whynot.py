"""Why not: for a liability that was not concluded, the nearest rules, and for
each the elements that held, failed, were unknown or were defeated, with who
bore the burden (`dutybound explain FILE 'liable P to V'`).

A rule that reached the claim (it has a ground instance) is explained by its
proof. A rule that did not is matched as far as the facts allow: its
conclusion's party and claimant are bound to P and V, its conditions are
matched in the order written against what the assessment established, and
the match that satisfies the most conditions is reported, with the first
conditions it could not satisfy and why.
"""
from __future__ import annotations

from dutybound.engine.atoms import _UNBOUND, _bound, ground_atom, pattern_of, unify
from dutybound.engine.expr import free_vars
from dutybound.engine.proof import atom_text, triple_of
from dutybound.engine.testjson import test_json
from dutybound.rules.ast import Aggregate, ConclusionAtom, Let, LiableHead, Test, Triple, Var

BUDGET = 4000            # match steps per rule: a why-not is a hint, never a hang
SHOWN = 5                # rules shown


def nearest_rules(kb, assessment, party: str, claimant: str, positive: bool = True) -> list:
    """The rules nearest to concluding `party` (not) liable to `claimant`, best first."""
    from dutybound.engine.ground import Grounder
    from dutybound.engine.report import Context
    ev = assessment.evaluation
    reached = _reached(ev, party, claimant, positive)
    kept_out = {p["id"]: p for p in assessment.law_not_in_force}
    out = []
    for rule in kb.rules:
        prov = kb.provisions[rule.cites]
        if assessment.jurisdiction and prov.jurisdiction != assessment.jurisdiction:
            continue
        for head in rule.heads:
            if not isinstance(head, LiableHead) or head.negated == positive:
                continue
            binding = _bind(head, party, claimant)
            if binding is None:
                continue
            in_force = prov.id not in kept_out
            entry = {"rule": rule.id, "provision": prov.id, "provision_title": prov.title,
                     "in_force": in_force, "effective": prov.effective.isoformat(),
                     "repealed": prov.repealed.isoformat() if prov.repealed else None}
            if not in_force and kept_out[prov.id].get("why"):
                entry["not_governing"] = kept_out[prov.id]["why"]
            if rule.id in reached:
                entry.update(reached=True, proofs=[assessment.prover.instance_proof(r, i)
                                                   for r, i in reached[rule.id]])
                entry["score"] = (2, 1.0)
            else:
                g = Grounder([rule], ev.store, Context(assessment.incident.calendars), kb.vocab)
                best = _Match(g, ev, claimant).best(rule, binding)
                entry.update(reached=False, **best)
                entry["score"] = (int(in_force), best["matched_share"])
            out.append(entry)
    out.sort(key=lambda e: (e["score"], e["rule"]), reverse=True)
    for e in out:
        e.pop("score")
    return out[:SHOWN]


def _reached(ev, party, claimant, positive) -> dict:
    out: dict = {}
    for run_i, run in enumerate(ev.runs):
        for i, inst in enumerate(run.instances):
            for gh in inst.heads:
                if gh.atom == ("⊢liable", party, claimant) and gh.positive == positive:
                    out.setdefault(inst.rule.id, []).append((run_i, i))
    return out


def _bind(head, party, claimant) -> dict | None:
    binding: dict = {}
    for term, value in ((head.party, party), (head.victim, claimant)):
        if isinstance(term, Var):
            if binding.get(term.name, value) != value:
                return None
            binding[term.name] = value
        elif getattr(term, "name", None) != value:
            return None
    return binding


class _Match:
    """A bounded depth-first match of a rule's conditions, keeping the deepest."""

    def __init__(self, grounder, ev, claimant):
        self.g, self.ev, self.claimant = grounder, ev, claimant
        self.steps = 0
        self.best_key = None
        self.best_out = None

    def best(self, rule, binding) -> dict:
        self.scope = tuple(rule.conditions)
        self._walk(list(rule.conditions), binding, [], [])
        n = len(rule.conditions) or 1
        matched, failed = self.best_out or ([], [])
        return {"matched": matched, "failed": failed, "matched_share": round(len(matched) / n, 3)}

    def _record(self, matched, failed) -> None:
        key = (len(matched), -len(failed))
        if self.best_key is None or key > self.best_key:
            self.best_key, self.best_out = key, (list(matched), list(failed))

    def _walk(self, conds, binding, matched, failed) -> None:
        self.steps += 1
        if self.steps > BUDGET:
            return
        if not conds:
            self._record(matched, failed)
            return
        c, rest = conds[0], conds[1:]
        text = _cond_text(c, binding)
        if isinstance(c, (Triple, ConclusionAtom)) and not c.negated:
            pat = pattern_of(c)
            cands = [a for a in self.g.possible.candidates(pat, binding) if unify(pat, a, binding) is not None]
            if not cands:
                self._walk(rest, binding, matched, failed + [self._why(c, pat, binding, text)])
                return
            for atom in cands[:25]:
                self._walk(rest, unify(pat, atom, binding), matched + [atom_text(atom)], failed)
            return
        need = set() if isinstance(c, Aggregate) else free_vars(c.expr) if isinstance(c, (Test, Let)) \
            else free_vars(c)
        missing = sorted(v for v in need if v not in binding)
        if missing:
            failed = failed + [{"condition": text, "status": "not reached",
                                "why": "it depends on " + ", ".join("?" + v for v in missing)
                                       + ", which no fact bound"}]
            self._walk(rest, binding, matched, failed)
            return
        try:
            b, _ = self.g._other(c, binding)
        except KeyError as e:         # it reads a variable an unmatched condition would have bound
            self._walk(rest, binding, matched, failed + [{
                "condition": text, "status": "not reached",
                "why": f"it depends on ?{e.args[0]}, which no fact bound"}])
            return
        if b is None:
            status = "does not hold" if isinstance(c, Test) else "not established"
            test = test_json(c, binding, self.scope) if isinstance(c, Test) else None
            self._walk(rest, binding, matched, failed + [{"condition": text, "status": status,
                                                          "why": "tested on the facts: " + status,
                                                          **({"test": test} if test else {})}])
            return
        self._walk(rest, b, matched + [text], failed)

    def _why(self, c, pat, binding, text) -> dict:
        if any(_bound(s, binding) is _UNBOUND for s in pat[1:]):
            return {"condition": text, "status": "no such fact",
                    "why": "nothing in the incident, or concluded from it, matches it"}
        atom = ground_atom(pat, binding)
        t = triple_of(atom)
        facts = self.ev.facts
        if t is not None:
            value = facts.value(t)
            if value is False:
                return {"condition": atom_text(atom), "status": "established false",
                        "why": "the incident establishes the opposite"}
            if not self.g.could_hold(atom):
                return {"condition": atom_text(atom), "status": "excluded",
                        "why": "the ontology excludes it, given what else is known of these individuals"}
            return {"condition": atom_text(atom), "status": "unknown",
                    "why": f"not established: the incident leaves it open; the burden of establishing "
                           f"an element of the claim lies on {self.claimant}", "burden": self.claimant}
        if atom in self.ev.store.false:
            return {"condition": atom_text(atom), "status": "established false",
                    "why": "a rule concluded the opposite"}
        if atom in self.ev.store.considered:
            return {"condition": atom_text(atom), "status": "not proved",
                    "why": "a rule would conclude it, but its own elements were not established "
                           "(`dutybound explain` that conclusion for why)"}
        return {"condition": atom_text(atom), "status": "not proved",
                "why": "no rule held concludes it on these facts"}


def _cond_text(c, binding) -> str:
    from dutybound.engine.expr import expr_text
    if isinstance(c, (Triple, ConclusionAtom)):
        pat = pattern_of(c)
        shown = [str(binding[s.name]) if isinstance(s, Var) and s.name in binding else
                 (str(s) if not isinstance(s, Var) else "?" + s.name) for s in pat[1:]]
        body = atom_text((pat[0], *shown)) if not isinstance(c, Triple) else \
            f"{shown[0]} {pat[0]} {shown[1]}"
        return ("not " if c.negated else "") + body
    if isinstance(c, Test):
        return "where " + expr_text(c.expr, binding)
    if isinstance(c, Let):
        return f"let ?{c.var.name} = {expr_text(c.expr, binding)}"
    return f"let ?{c.var.name} = {c.func} ?{c.target.name} over {{...}}"
