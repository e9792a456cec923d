"""Dependency analysis of rules: stratification and priority cycles.

Predicates are properties, class memberships (`a C`) and the conclusion
kinds (`liable`, `reduction`, and `duty`/`breach` per duty class). A
predicate a rule concludes depends on every predicate its conditions read;
the dependency is negative through `not`, `unless` or an aggregate (their
truth needs the other predicate complete first). A concluded class or duty
class also feeds its superclasses. A cycle with a negative dependency has no
stratified meaning and is an error; otherwise the components, in order, make
the strata, so rules that conclude the same predicate (`liable` and `not
liable` alike) are decided together.
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


def shortest_path(start, goal, succ) -> list:
    """A shortest path start -> ... -> goal along `succ(v)` (breadth first);
    [goal] alone when goal is unreachable."""
    prev = {start: None}
    queue = [start]
    for v in queue:
        if v == goal:
            break
        for w in succ(v):
            if w not in prev:
                prev[w] = v
                queue.append(w)
    path, v = [], goal
    while v is not None:
        path.append(v)
        v = prev.get(v)
    return path[::-1]


def _path(start: int, goal: int, members: set, succ) -> list[int]:
    """A shortest path start -> ... -> goal inside `members`."""
    return shortest_path(start, goal, lambda v: (w for w in succ(v) if w in members))


def _own_keys(rule: ast.Rule) -> list[tuple]:
    out = []
    for h in rule.heads:
        if isinstance(h, ast.FactHead):
            k = _triple_key(h.triple)
        elif isinstance(h, (ast.DutyHead, ast.BreachHead)):
            k = _atom_key(_KIND[type(h)], (h.party, h.duty))
        else:
            k = (_KIND[type(h)],)
        if k not in out:
            out.append(k)
    return out


@dataclass(frozen=True)
class Edge:
    """Predicate `src` depends on `dst`: through a rule's condition (`use`),
    because one rule concludes both (`tie`), or through a superclass."""
    dst: int
    rule: int | None
    use: Use | None = None


def _graph(rules: list[ast.Rule], vocab):
    """Predicates as nodes: keys[i]; edges[i] -> [Edge]. All conclusions of
    one rule are tied into one component, so a rule sits in one stratum, and
    `liable` and `not liable` are one predicate, so conflicting rules are
    decided together."""
    supers = getattr(vocab, "superclasses", {}) or {}
    keys: list[tuple] = []
    index: dict[tuple, int] = {}

    def node(k):
        if k not in index:
            index[k] = len(keys)
            keys.append(k)
        return index[k]

    own = [[node(k) for k in _own_keys(r)] for r in rules]
    edges: dict[int, list[Edge]] = defaultdict(list)
    for k in list(keys):                     # a concluded C feeds each superclass D
        if len(k) == 2 and k[0] != "p" and k[1] is not None:
            for d in supers.get(k[1], ()):
                edges[node((k[0], d))].append(Edge(index[k], None))
    for i, r in enumerate(rules):
        for a in own[i]:
            edges[a].extend(Edge(b, i) for b in own[i] if b != a)
    wild_heads = [index[k] for k in list(keys) if k[0] == "a" and len(k) == 2 and k[1] is None]
    concluded = {k for r in rules for k in _own_keys(r)}
    for i, r in enumerate(rules):
        for u in body_uses(r):
            if len(u.key) == 2 and u.key[1] is None:      # `?x a ?c`, `breach ?x ?d`
                targets = [node(k) for k in concluded if k[0] == u.key[0] and len(k) == 2]
            else:
                targets = [node(u.key)]
            for h in own[i]:
                edges[h].extend(Edge(t, i, u) for t in targets)
    for w in wild_heads:                     # `?x a ?c` concluded: feeds every class
        for k in list(keys):
            if k[0] == "a" and index[k] != w:
                edges[index[k]].append(Edge(w, None))
    return keys, own, edges


def analyse(rules: list[ast.Rule], vocab) -> tuple[list[list[ast.Rule]], list[Problem]]:
    keys, own, edges = _graph(rules, vocab)

    def succ(i):
        return sorted({e.dst for e in edges.get(i, ())})

    comps = components(len(keys), succ)
    comp_of = {i: c for c, members in enumerate(comps) for i in members}
    problems = []
    for c, members in enumerate(comps):
        mset = set(members)
        bad = [(i, e) for i in members for e in edges.get(i, ())
               if e.dst in mset and e.use is not None and e.use.via]
        if not bad:
            continue
        i, e = bad[0]
        path = _path(e.dst, i, mset, succ)          # back from what is read to the reader
        on_cycle = [e.rule]
        for a, b in zip(path, path[1:]):
            via = next(x for x in edges[a] if x.dst == b)
            if via.rule is not None and via.rule not in on_cycle:
                on_cycle.append(via.rule)
        u, r = e.use, rules[e.rule]
        kind = "aggregation" if u.via == "aggregate" else "negation"
        what = {"not": "`not`", "unless": "`unless`", "aggregate": "an aggregate"}[u.via]
        chain = " -> ".join(_show_key(keys[k]) for k in [i] + path)
        problems.append(Problem(
            f"cycle through {kind}: rule '{r.id}' reads {_show_key(u.key)} through {what}, "
            f"but that depends on its own conclusion ({chain}; rules: "
            + ", ".join(f"'{rules[k].id}'" for k in on_cycle) + ")",
            u.pos.path, u.pos.line, u.pos.col,
            hint="a rule may not depend on its own conclusions through not, unless or an "
                 "aggregate; split the predicate or drop the negation"))
    # The stratum of a component: the most negative edges on a path down from it.
    level: dict[int, int] = {}
    for c, members in enumerate(comps):               # dependencies come first
        lv = 0
        for i in members:
            for e in edges.get(i, ()):
                d = comp_of[e.dst]
                if d != c:
                    lv = max(lv, level[d] + (1 if e.use is not None and e.use.via else 0))
        level[c] = lv
    strata: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for n, r in enumerate(rules):
        c = comp_of[own[n][0]]
        strata[level[c]].append((c, n))
    return [[rules[n] for _, n in sorted(strata[k])] for k in sorted(strata)], problems


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


def reachable(start, edges) -> set:
    """Every node reachable from `start` through `edges` (node -> successors), itself included."""
    seen, todo = {start}, [start]
    while todo:
        for m in edges.get(todo.pop(), ()):
            if m not in seen:
                seen.add(m)
                todo.append(m)
    return seen
