"""A `where` test the incident leaves open, as data a sentence can be built from.

The proof element of an unknown test keeps its notation (`fact`: "where
?others (? 0…1) > 0") for the JSON and the details; beside it, `test` says
what the notation stands for, so that explain/conditions.py can say it in
words: the comparison, and for each side its value (or the bounds of an
unknown one), the count or sum that defines it (the patterns inside the
braces, with the variables bound outside replaced by their values), or the
fact whose value it is (`?n time ?tn`: the time of the notice n1).

    {"op": ">", "left": {"var": "others", "min": 0, "max": 1, "aggregate": {
         "func": "count", "target": "y",
         "patterns": [{"subject": {"value": "wrist"}, "property": "causedByFaultOf",
                       "object": {"var": "y"}}],
         "tests": [{"op": "!=", "left": {"var": "y"}, "right": {"value": "shop"}}]}},
     "right": {"value": 0}}
"""
from __future__ import annotations

from dutybound.engine.expr import expr_text
from dutybound.rules.ast import Aggregate, BinOp, Call, ConclusionAtom, Const, Let, Name, Test, Triple, Var
from dutybound.values import Unknown, to_json

COMPARISONS = ("<", "<=", ">", ">=", "=", "!=")


def test_of(run, atom) -> dict | None:
    """The meaning of the unknown test literal `atom` of a run, from where the
    grounder made it (ground.py `test_sites`), or None."""
    site = getattr(run, "test_sites", {}).get(atom) if atom[0] == "⊢test" else None
    return test_json(*site) if site is not None else None


def test_json(c: Test, binding: dict, scope: tuple) -> dict | None:
    """The test `c` under `binding` (its rule's conditions in `scope`), or None
    for a test that is not one comparison (a conjunction, a bare call)."""
    e = c.expr
    if not isinstance(e, BinOp) or e.op not in COMPARISONS:
        return None
    return {"op": e.op, "left": _side(e.left, binding, scope), "right": _side(e.right, binding, scope)}


def _side(expr, binding, scope) -> dict:
    if isinstance(expr, Const):
        return {"value": to_json(expr.value)}
    if isinstance(expr, Name):
        return {"value": expr.name}
    if isinstance(expr, Call) and expr.func == "date_of" and len(expr.args) == 1:
        return {**_side(expr.args[0], binding, scope), "date_of": True}
    if isinstance(expr, BinOp) and expr.op == "+":   # ?grave + ?gross: each count a side of its own
        return {"expr": expr_text(expr, binding),
                "plus": [_side(expr.left, binding, scope), _side(expr.right, binding, scope)]}
    if not isinstance(expr, Var):
        return {"expr": expr_text(expr, binding)}
    out = {"var": expr.name}
    v = binding.get(expr.name)
    if isinstance(v, Unknown):
        out.update(unknown=True, min=to_json(v.lo), max=to_json(v.hi))
    elif v is not None:
        out["value"] = to_json(v)
    for i, cond in enumerate(scope):
        if isinstance(cond, Aggregate) and cond.var.name == expr.name:
            out["aggregate"] = _aggregate(cond, binding, _bound_before(scope[:i]))
            break
        if (isinstance(cond, Triple) and not cond.negated and isinstance(cond.object, Var)
                and cond.object.name == expr.name and cond.predicate.name != "a"):
            out["of"] = {"subject": _term(cond.subject, binding, None), "property": cond.predicate.name}
            break
    return out


def _aggregate(agg: Aggregate, binding: dict, outer: set) -> dict:
    """The braces of an aggregate: variables bound before it take their values;
    the others (the counted one among them) stay variables."""
    patterns, tests, other = [], [], []
    for cond in agg.conditions:
        if isinstance(cond, Triple):
            patterns.append({"subject": _term(cond.subject, binding, outer), "property": cond.predicate.name,
                             "object": _term(cond.object, binding, outer), "negated": cond.negated})
        elif (isinstance(cond, Test) and isinstance(cond.expr, BinOp) and cond.expr.op in COMPARISONS
              and all(isinstance(x, (Var, Const, Name)) for x in (cond.expr.left, cond.expr.right))):
            tests.append({"op": cond.expr.op, "left": _term(cond.expr.left, binding, outer),
                          "right": _term(cond.expr.right, binding, outer)})
        else:                           # said in notation only: a sentence must not leave it out
            other.append(cond)
    out = {"func": agg.func, "target": agg.target.name, "patterns": patterns, "tests": tests}
    if other:
        out["unsaid"] = len(other)
    return out


def _term(t, binding, outer) -> dict:
    if isinstance(t, Var):
        if (outer is None or t.name in outer) and t.name in binding and not isinstance(binding[t.name], Unknown):
            return {"value": to_json(binding[t.name])}
        return {"var": t.name}
    if isinstance(t, Const):
        return {"value": to_json(t.value)}
    return {"value": t.name}


def _bound_before(conds) -> set:
    """The variables the conditions before an aggregate bind (they group it)."""
    out: set = set()
    for c in conds:
        if isinstance(c, Triple):
            out.update(x.name for x in (c.subject, c.object) if isinstance(x, Var))
        elif isinstance(c, (Let, Aggregate)):
            out.add(c.var.name)
        elif isinstance(c, ConclusionAtom):
            out.update(x.name for x in c.args if isinstance(x, Var))
    return out
