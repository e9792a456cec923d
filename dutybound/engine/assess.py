"""The assessment pipeline: facts -> ontology -> strata of rules -> decisions.

For each stratum (checker.stratify), the rules of the provisions in force on
the incident's date are grounded (ground.py) and compiled into a
propositional defeasible theory (defeasible.py):

    body literals            => applies(instance)       (the claim's elements)
    exception literals       ~> not applies(instance)   (a defeater: the defence)
    applies(instance)        => head                    (each conclusion)

so an exception defeats only the rule it belongs to (PROLEG), an element
that is not established fails the claim, and a defence that is not
established fails the defence. Superiority between head rules with
complementary heads comes from the knowledge base's priorities (explicit
`overrides`, then lex superior, lex specialis, lex posterior).
Proved atoms of a stratum are settled facts for the strata above it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from dutybound.engine.atoms import Compatibility
from dutybound.engine.defeasible import DEFEASIBLE, DEFEATER, PROVED, Theory, solve
from dutybound.engine.facts import FactBase, Source
from dutybound.engine.ground import AtomIndex, Grounder, Store


@dataclass
class RuleMeta:
    kind: str                 # "claim" | "exception" | "head" | "axiom"
    instance: int | None = None
    exception: object = None  # ast.Exception_ for "exception"
    head: object = None       # GroundHead for "head"
    link: tuple | None = None # (sub_atom, super_atom) for "axiom"
    claim: int | None = None  # the claim rule an "exception" defeats


@dataclass
class StratumRun:
    instances: list
    theory: Theory
    result: object
    atoms: dict               # atom -> atom index
    atom_list: list           # atom index -> atom
    meta: list                # theory rule -> RuleMeta
    applies: list             # instance -> literal of applies(instance)
    sup_reason: dict          # (winner rule, loser rule) -> reason text
    problems: list
    rejected: set = field(default_factory=set)   # rules whose `where` failed for some binding
    tests: dict = field(default_factory=dict)    # unknown test atom -> values.UnknownTruth
    rules: list = field(default_factory=list)    # the stratum's rules, as grounded
    seen: set = field(default_factory=set)       # keys of the instances the grounder built
    subclass_links: list = field(default_factory=list)
    agg_memo: dict = field(default_factory=dict)   # aggregate.py's results, by aggregate and group
    test_sites: dict = field(default_factory=dict)  # unknown test -> (test, binding, scope)
    agg_rows: dict = field(default_factory=dict)    # unknown aggregate's term -> (agg, rows, group)
    grounder: object = None
    maybe: set = field(default_factory=set)      # atoms concluded in some completion, not proved

    def lit(self, atom, positive=True):
        k = self.atoms.get(atom)
        if k is None:
            return None
        return 2 * k + (0 if positive else 1)


@dataclass
class Evaluation:
    facts: FactBase
    store: Store
    runs: list = field(default_factory=list)
    derived_in: dict = field(default_factory=dict)   # (atom, positive) -> run index
    ctx: object = None


def evaluate_strata(kb, strata, facts: FactBase, ctx) -> Evaluation:
    true = AtomIndex((p, s, o) for (s, p, o) in facts.true)
    false = {(p, s, o) for (s, p, o) in facts.false}
    ev = Evaluation(facts, Store(true, false), ctx=ctx)
    for rules in strata:
        if not rules:
            continue
        g = Grounder(rules, ev.store, ctx, kb.vocab)
        instances = g.run()
        run = _decide(kb, g, instances, ev.store)
        run.tests, run.rules, run.seen, run.subclass_links = g.tests, rules, g._seen, g.subclass_links
        run.agg_memo, run.test_sites, run.agg_rows, run.grounder = (
            g.agg_memo, g.test_sites, g.agg_rows, g)
        idx = len(ev.runs)
        ev.runs.append(run)
        for inst in instances:
            for gh in inst.heads:
                if gh.positive and gh.atom[0].startswith("⊢") and \
                        run.result.status[run.lit(gh.atom)] != PROVED:
                    ev.store.considered.add(gh.atom)
        for k, atom in enumerate(run.atom_list):
            if atom[0] == "⊢applies":
                continue
            for positive in (True, False):
                lit = 2 * k + (0 if positive else 1)
                if run.result.status[lit] == PROVED and (atom, positive) not in ev.derived_in:
                    if positive and atom not in ev.store.true:
                        ev.store.true.add(atom)
                        ev.derived_in[(atom, True)] = idx
                    elif not positive and atom not in ev.store.false:
                        ev.store.false.add(atom)
                        ev.derived_in[(atom, False)] = idx
        run.maybe = maybe_atoms(run, ev.store)
        for atom in run.maybe:
            ev.store.maybe.add(atom)
    return ev


def maybe_atoms(run, store) -> set:
    """Conclusions of the stratum that are not proved but would be in some
    completion of the unknown facts: those a chain of rules reaches from what
    is proved or could still be true (an unknown fact, an unknown test, a
    `maybe` conclusion of a lower stratum), through claims no established
    exception defeats. Upper strata match them as unknown literals, and their
    aggregates count them as rows that could enter (docs/semantics.md)."""
    th, res = run.theory, run.result
    n_lits = 2 * th.n_atoms
    ok = bytearray(n_lits)
    consistent = _consistent_with(store, run.grounder.vocab,
                                  frozenset(getattr(run.grounder.ctx, "complete", ()) or ()))
    for k, atom in enumerate(run.atom_list):
        for lit in (2 * k, 2 * k + 1):
            if res.status[lit] == PROVED:
                ok[lit] = 1
        if res.status[2 * k] == PROVED or res.status[2 * k + 1] == PROVED:
            continue
        p = atom[0]
        if p in ("⊢test", "⊢value") or atom in store.maybe.all:
            ok[2 * k] = 1
        elif not p.startswith("⊢") and atom not in store.true and atom not in store.false:
            ok[2 * k + 1] = 1                   # an unknown fact: either way,
            if consistent(atom):                # but never against the ontology: a
                ok[2 * k] = 1                   # payment stated authorised is no unauthorised one
    defeated = set()
    for r, m in enumerate(run.meta):
        if m.kind == "exception" and res.applicable[r]:
            defeated.add(m.claim)
    uses: dict = {}
    missing = []
    queue = []
    for r, body in enumerate(th.bodies):
        if th.kinds[r] != DEFEASIBLE or r in defeated:
            missing.append(-1)
            continue
        need = sum(1 for l in body if not ok[l])
        missing.append(need)
        for l in body:
            if not ok[l]:
                uses.setdefault(l, []).append(r)
        if not need:
            queue.append(r)
    fits, types = Compatibility.of(run.grounder.vocab), {}

    def impossible(h) -> bool:
        """A membership disjoint with a settled class of its individual holds in
        no completion, whatever rules reach it: a wire is no use of a credit card."""
        atom = run.atom_list[h >> 1]
        if h & 1 or atom[0] != "a" or len(atom) != 3:
            return False
        known = types.get(atom[1])
        if known is None:
            known = types[atom[1]] = frozenset(a[2] for a in store.true.all_with("a", 1, atom[1]))
        return fits.clash((atom[2],), known)

    while queue:
        r = queue.pop()
        h = th.heads[r]
        if ok[h] or impossible(h):
            continue
        ok[h] = 1
        for t in uses.get(h, ()):
            missing[t] -= 1
            if not missing[t]:
                queue.append(t)
    out = set()
    for m, r in zip(run.meta, range(len(run.meta))):
        if m.kind in ("head", "axiom"):
            h = th.heads[r]
            if not (h & 1) and ok[h] and res.status[h] != PROVED and res.status[h ^ 1] != PROVED:
                atom = run.atom_list[h >> 1]
                if atom not in store.true:
                    out.add(atom)
    return out


def _consistent_with(store, vocab, complete=frozenset()):
    """Whether an unsettled atom could be true given the settled classes of its
    individuals (disjointness, domains, ranges: engine/atoms.Compatibility)
    and the incident's complete lists: a class declared complete has no member
    beyond the settled ones (docs/semantics.md §9.6), so a conclusion of it
    that no rule proves is not an unknown fact that could still be stated. Nor
    is a class or property only rules conclude (db:concludedByRulesOnly, §9.1):
    it could hold only through a chain of the rules."""
    fits, types = Compatibility.of(vocab), {}
    only_rules = getattr(vocab, "concluded_only", frozenset())

    def types_of(x):
        hit = types.get(x)
        if hit is None:
            hit = types[x] = frozenset(a[2] for a in store.true.all_with("a", 1, x))
        return hit

    def consistent(atom):
        if len(atom) != 3:
            return True
        if (atom[2] if atom[0] == "a" else atom[0]) in only_rules:
            return False
        if atom[0] == "a" and complete and any(
                d in complete and ("a", atom[1], d) not in store.true
                for d in vocab.superclasses.get(atom[2], (atom[2],))):
            return False
        return fits.could_hold(atom, types_of)
    return consistent


def _decide(kb, g: Grounder, instances, store: Store) -> StratumRun:
    th = Theory()
    atoms: dict = {}
    atom_list: list = []
    meta: list = []

    def lit(atom, positive=True):
        k = atoms.get(atom)
        if k is None:
            k = atoms[atom] = len(atom_list)
            atom_list.append(atom)
            th.new_atom()
            if atom in store.true.all:
                th.facts.add(2 * k)
            elif atom in store.false:
                th.facts.add(2 * k + 1)
        return 2 * k + (0 if positive else 1)

    def rule(head, body, kind, m):
        th.add_rule(head, body, kind)
        meta.append(m)
        return len(meta) - 1

    applies = []
    heads_for: dict = {}      # literal -> [(theory rule, instance)]
    for i, inst in enumerate(instances):
        a = lit(("⊢applies", i))
        applies.append(a)
        claim = rule(a, [lit(at, pos) for at, pos in inst.body], DEFEASIBLE, RuleMeta("claim", i))
        for exc, lits in inst.exceptions:
            d = rule(a ^ 1, [lit(at, pos) for at, pos in lits], DEFEATER,
                     RuleMeta("exception", i, exception=exc, claim=claim))
            th.add_sup(d, claim)
        for gh in inst.heads:
            h = lit(gh.atom, gh.positive)
            r = rule(h, [a], DEFEASIBLE, RuleMeta("head", i, head=gh))
            heads_for.setdefault(h, []).append((r, i))
    for sub, sup in g.subclass_links:
        rule(lit(sup), [lit(sub)], DEFEASIBLE, RuleMeta("axiom", link=(sub, sup)))

    sup_reason = {}
    for h, mine in heads_for.items():
        if h & 1:
            continue
        theirs = heads_for.get(h ^ 1, ())
        for r1, i1 in mine:
            for r2, i2 in theirs:
                won = kb.priority(instances[i1].rule, instances[i2].rule)
                if won is None:
                    continue
                winner, reason = won
                pair = (r1, r2) if winner is instances[i1].rule else (r2, r1)
                th.add_sup(*pair)
                sup_reason[pair] = reason
    result = solve(th)
    return StratumRun(instances, th, result, atoms, atom_list, meta, applies, sup_reason,
                      list(g.problems), set(g.rejected))


def assumption_source(text: str) -> Source:
    return Source("assumption", f"assumed: {text}")
