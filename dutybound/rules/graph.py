"""Dependency analysis of rules: stratification and priority cycles.

A rule depends on every rule that concludes something its conditions read.
The dependency is negative when the reading is through `not`, `unless` or
an aggregate (their truth needs the other rule's conclusions complete
first). A cycle with a negative dependency has no stratified meaning and is
an error; otherwise rules are grouped into strata in evaluation order.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from dutybound.errors import DutyboundError, Problem
from dutybound.rules import ast


@dataclass(frozen=True)
class Use:
    """A rule reading predicate `key` at `pos`; `via` is None for a positive
    reading, else 'not', 'unless' or 'aggregate'."""
    key: tuple
    via: str | None
    pos: ast.Pos


def _triple_key(t: ast.Triple) -> tuple:
    if t.predicate.name == "a":
        return ("a", t.object.name if isinstance(t.object, ast.Name) else None)
    return ("p", t.predicate.name)


def _atom_key(kind: str, args) -> tuple:
    """`breach`/`duty` are told apart by their duty class (a breach of a
    NotificationDuty does not read a breach of a PaymentSecurityDuty);
    `liable` and `reduction` are one predicate each."""
    if kind in ("breach", "duty"):
        return (kind, args[1].name if isinstance(args[1], ast.Name) else None)
    return (kind,)


def head_keys(rule: ast.Rule, vocab) -> set:
    """The predicates a rule concludes. A class conclusion (and a duty or
    breach of a duty class) also concludes each superclass."""
    supers = getattr(vocab, "superclasses", {}) or {}
    keys = set()
    for h in rule.heads:
        if isinstance(h, ast.FactHead):
            k = _triple_key(h.triple)
        elif isinstance(h, (ast.DutyHead, ast.BreachHead)):
            k = _atom_key(_KIND[type(h)], (h.party, h.duty))
        else:
            k = (_KIND[type(h)],)
        keys.add(k)
        if len(k) == 2 and k[1] is not None and k[0] != "p":
            keys.update((k[0], d) for d in supers.get(k[1], ()))
    return keys


_KIND = {ast.LiableHead: "liable", ast.BreachHead: "breach", ast.DutyHead: "duty",
         ast.ReductionHead: "reduction"}


def body_uses(rule: ast.Rule) -> list[Use]:
    out: list[Use] = []

    def walk(conds, via):
        for c in conds:
            if isinstance(c, ast.Triple):
                out.append(Use(_triple_key(c), via or ("not" if c.negated else None), c.pos))
            elif isinstance(c, ast.ConclusionAtom):
                out.append(Use(_atom_key(c.kind, c.args), via or ("not" if c.negated else None),
                               c.pos))
            elif isinstance(c, ast.Aggregate):
                walk(c.conditions, via or "aggregate")

    walk(rule.conditions, None)
    for e in rule.exceptions:
        walk(e.conditions, "unless")
    return out


def _edges(rules: list[ast.Rule], vocab) -> dict[int, list[tuple[int, Use]]]:
    """i -> [(j, use)]: rule i reads a predicate rule j concludes."""
    definers: dict[tuple, list[int]] = defaultdict(list)
    for j, r in enumerate(rules):
        for k in head_keys(r, vocab):
            definers[k].append(j)
    wild: dict[str, list[int]] = defaultdict(list)   # `?x a ?c`, `breach ?x ?d`
    for k, js in definers.items():
        if len(k) == 2 and k[0] != "p":
            wild[k[0]].extend(js)
    edges: dict[int, list[tuple[int, Use]]] = defaultdict(list)
    for i, r in enumerate(rules):
        for u in body_uses(r):
            if len(u.key) == 2 and u.key[1] is None:
                targets = sorted(set(wild.get(u.key[0], ())))
            else:
                targets = definers.get(u.key, ())
            edges[i].extend((j, u) for j in targets)
    return edges


def components(n: int, succ) -> list[list[int]]:
    """Strongly connected components (Tarjan, iterative), dependencies first."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = 0
    for root in range(n):
        if root in index:
            continue
        work = [(root, iter(succ(root)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(succ(w))))
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    out.append(sorted(comp))
    return out


def _path(start: int, goal: int, members: set, succ) -> list[int]:
    """A shortest path start -> ... -> goal inside `members` (BFS)."""
    prev = {start: None}
    queue = [start]
    for v in queue:
        if v == goal:
            break
        for w in succ(v):
            if w in members and w not in prev:
                prev[w] = v
                queue.append(w)
    path, v = [], goal
    while v is not None:
        path.append(v)
        v = prev.get(v)
    return path[::-1]


def analyse(rules: list[ast.Rule], vocab) -> tuple[list[list[ast.Rule]], list[Problem]]:
    edges = _edges(rules, vocab)

    def succ(i):
        return sorted({j for j, _ in edges.get(i, ())})

    comps = components(len(rules), succ)
    comp_of = {i: c for c, members in enumerate(comps) for i in members}
    problems = []
    for c, members in enumerate(comps):
        mset = set(members)
        bad = [(i, j, u) for i in members for j, u in edges.get(i, ()) if j in mset and u.via]
        if not bad:
            continue
        i, j, u = bad[0]
        cycle = [i] + _path(j, i, mset, succ)
        names = " -> ".join(f"'{rules[k].id}'" for k in cycle)
        kind = "aggregation" if u.via == "aggregate" else "negation"
        what = {"not": "`not`", "unless": "`unless`", "aggregate": "an aggregate"}[u.via]
        problems.append(Problem(
            f"cycle through {kind}: rule '{rules[i].id}' reads {_show_key(u.key)} through "
            f"{what}, and it depends on itself: {names}",
            u.pos.path, u.pos.line, u.pos.col,
            hint="a rule may not depend on its own conclusions through not, unless or an "
                 "aggregate; split the predicate or remove the negation"))
    # Stratum of a component: the most negative dependencies on any path to it.
    level: dict[int, int] = {}
    for c, members in enumerate(comps):           # dependencies come first
        lv = 0
        for i in members:
            for j, u in edges.get(i, ()):
                d = comp_of[j]
                if d != c:
                    lv = max(lv, level[d] + (1 if u.via else 0))
        level[c] = lv
    strata: dict[int, list[ast.Rule]] = defaultdict(list)
    for c, members in enumerate(comps):
        strata[level[c]].extend(rules[i] for i in members)
    return [strata[k] for k in sorted(strata)], problems


def _show_key(key: tuple) -> str:
    if key[0] == "a":
        return f"`a {key[1]}`" if key[1] else "`a ?class`"
    if key[0] == "p":
        return f"`{key[1]}`"
    if len(key) == 2:
        return f"`{key[0]} {key[1] or '?duty'}`"
    return f"`{key[0]}`"


def stratify(rules, vocab) -> list[list[ast.Rule]]:
    """Rules in strata, in evaluation order: a rule's stratum comes after the
    strata of every rule it reads through `not`, `unless` or an aggregate, and
    no earlier than those it reads positively; the rules of one strongly
    connected component share a stratum. Raises DutyboundError(kind='rules')
    on a cycle through negation or aggregation."""
    strata, problems = analyse(list(rules), vocab)
    if problems:
        raise DutyboundError(problems, kind="rules")
    return strata


def priority_problems(rules: list[ast.Rule]) -> list[Problem]:
    """Cycles in `overrides` (a beats b beats a) have no winner."""
    by_id = {r.id: k for k, r in enumerate(rules)}

    def succ(i):
        return sorted({by_id[o] for o in rules[i].overrides if o in by_id})

    problems = []
    for members in components(len(rules), succ):
        mset = set(members)
        i = members[0]
        if len(members) == 1 and i not in succ(i):
            continue
        j = next(k for k in succ(i) if k in mset)
        cycle = [i] + _path(j, i, mset, succ)
        r = rules[i]
        pos = next((p for role, v, p in r.refs if role == "overrides" and v == rules[j].id),
                   r.pos)
        chain = " overrides ".join(f"'{rules[k].id}'" for k in cycle)
        problems.append(Problem(
            f"cycle of priorities: {chain}", pos.path, pos.line, pos.col,
            length=len(rules[j].id),
            hint="`overrides` must form no cycle, or no rule of the cycle can win; "
                 "remove one of them"))
    return problems
