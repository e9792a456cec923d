"""Propositional defeasible logic, decided in linear time (but see below).

The semantics is ambiguity-blocking defeasible logic with team defeat
(Antoniou, Billington, Governatori and Maher, "Representation results for
defeasible logic", 2001), extended with failure by looping: literals whose
only support runs through a positive loop are refuted (the unfounded-set
step below), so that a circle of rules proves nothing and an exception that
rests on such a circle is not established. docs/semantics.md states it.

Literals are ints: atom k is 2k, its negation 2k+1, so `l ^ 1` is the
complement. A rule has a head literal, a body of literals and a kind:
DEFEASIBLE rules can prove their head; DEFEATERS only attack the
complement. `sup` pairs (r, s) mean r beats s; pairs whose heads are not
complementary are ignored, as in the literature.

The algorithm keeps, per rule, the number of body literals not yet proved
(+d) and whether one was refuted (-d, "blocked"); per rule, how many
superior rules are applicable ("beaten") or still alive; per literal, how
many attackers are neither blocked nor beaten and how many supporters are
applicable or alive. Each rule, body occurrence and superiority pair is
touched a constant number of times during propagation, so the work is linear
in the size of the theory (Maher, "Propositional defeasible logic has linear
complexity", 2001, reaches the same bound by transformation; this is the
direct form).

Failure by looping does not rescan the theory when propagation stalls. The
set of literals that are proved or supportable (reachable from proved
literals through live defeasible rules) only shrinks from one stall to the
next, so it is kept, each supportable literal with a source rule chosen
well-founded ('source pointers', as in Simons' smodels). At a stall only the
literals whose source was blocked since the last one, and those whose
source rests on them, are taken out; they alone look for a new source, and
those that find none are refuted. Taking a literal out, and refuting it,
costs the size of its rules and of the rules it occurs in, once per literal
over the whole run; so when no literal that lost its source finds another,
the whole decision is linear however many rounds it takes: a staircase of
loops each of which fails once the previous one has is decided in linear
time (bench/README.md). A literal that loses its source and finds another
can do so again at a later stall, and that re-supported work is the only
part not bounded linearly (each such round costs at most one pass over the
theory, as a rescan did). A bound that is linear in every case looks out of
reach: a normal logic program translates, in linear size, into a theory
(`not c` as a literal nc with `=> nc` and `c => ~nc`) whose conclusions are
its well-founded model, and no linear-time algorithm for that is known.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

DEFEASIBLE = 0
DEFEATER = 1

UNDECIDED = 0
PROVED = 1      # +d
REFUTED = -1    # -d


@dataclass
class Theory:
    """A ground defeasible theory. Build it with add_* and then solve()."""
    n_atoms: int = 0
    facts: set = field(default_factory=set)          # literals (+Delta)
    heads: list = field(default_factory=list)        # rule -> head literal
    bodies: list = field(default_factory=list)       # rule -> tuple of literals
    kinds: list = field(default_factory=list)        # rule -> DEFEASIBLE | DEFEATER
    sup: list = field(default_factory=list)          # (winner, loser) rule pairs

    def new_atom(self) -> int:
        self.n_atoms += 1
        return 2 * (self.n_atoms - 1)

    def add_rule(self, head: int, body=(), kind: int = DEFEASIBLE) -> int:
        self.heads.append(head)
        self.bodies.append(tuple(body))
        self.kinds.append(kind)
        return len(self.heads) - 1

    def add_sup(self, winner: int, loser: int) -> None:
        self.sup.append((winner, loser))


@dataclass
class Result:
    status: list            # literal -> PROVED | REFUTED | UNDECIDED
    applicable: list        # rule -> bool: every body literal proved
    blocked: list           # rule -> bool: some body literal refuted
    beaten_by: list         # rule -> list of applicable superior rules
    looped: set             # literals refuted by failure by looping

    def proved(self, lit: int) -> bool:
        return self.status[lit] == PROVED

    def refuted(self, lit: int) -> bool:
        return self.status[lit] == REFUTED


def solve(th: Theory) -> Result:
    n_lits = 2 * th.n_atoms
    n_rules = len(th.heads)
    heads, bodies, kinds = th.heads, th.bodies, th.kinds

    status = [UNDECIDED] * n_lits
    is_fact = bytearray(n_lits)
    for f in th.facts:
        is_fact[f] = 1

    pending = [len(b) for b in bodies]       # body literals not yet proved
    blocked = bytearray(n_rules)
    applicable = bytearray(n_rules)
    uses: list[list[int]] = [[] for _ in range(n_lits)]
    for r, body in enumerate(bodies):
        for l in body:
            uses[l].append(r)

    # superiority, kept only between rules with complementary heads
    superiors: list[list[int]] = [[] for _ in range(n_rules)]   # t > r
    inferiors: list[list[int]] = [[] for _ in range(n_rules)]   # r > s
    for t, s in th.sup:
        if heads[t] == heads[s] ^ 1 and kinds[t] == DEFEASIBLE:
            superiors[s].append(t)
            inferiors[t].append(s)
    beaten = [0] * n_rules                    # applicable superiors
    live_superiors = [len(x) for x in superiors]   # superiors not blocked

    support_alive = [0] * n_lits              # defeasible rules for l not blocked
    support_applicable = [0] * n_lits
    attackers_active = [0] * n_lits           # rules for ~l neither blocked nor beaten
    for r in range(n_rules):
        h = heads[r]
        if kinds[r] == DEFEASIBLE:
            support_alive[h] += 1
        attackers_active[h ^ 1] += 1

    queue: deque = deque()

    insup = bytearray(n_lits)                 # proved or supportable (see below)
    src = [-1] * n_lits                       # literal -> its source rule
    is_src = bytearray(n_rules)
    lost: list[int] = []                      # source rules blocked since last stall
    rules_for: list[list[int]] = []           # literal -> its defeasible rules,
                                              # built at the first stall that needs it

    def decide(l: int, v: int) -> None:
        if status[l] == UNDECIDED:
            status[l] = v
            insup[l] = v == PROVED
            queue.append(l)

    def withdraw() -> list:
        """Take out of insup every undecided literal whose source was blocked,
        and, transitively, every undecided literal whose source rule has one
        of them in its body. Each source rule is dropped once."""
        out = []
        stack = list(lost)
        lost.clear()
        while stack:
            r = stack.pop()
            if not is_src[r]:
                continue
            h = heads[r]
            is_src[r] = 0
            src[h] = -1
            if status[h] == UNDECIDED and insup[h]:
                insup[h] = 0
                out.append(h)
                for t in uses[h]:
                    if is_src[t]:
                        stack.append(t)
        return out

    def resupport(out: list, rules: list) -> list:
        """Give a source to each literal of `out` that a chain of `rules`
        (live, defeasible, heads in `out`) supports from insup; return the
        rest. Touches each of `rules` and its body once, and the rules each
        newly supported literal occurs in once."""
        need = {}
        for r in rules:
            need[r] = sum(1 for b in bodies[r] if not insup[b])
        stack = []
        for r, k in need.items():
            h = heads[r]
            if not k and not insup[h]:
                insup[h] = 1
                src[h] = r
                is_src[r] = 1
                stack.append(h)
        while stack:
            l = stack.pop()
            for r in uses[l]:
                k = need.get(r)
                if k is None:
                    continue
                need[r] = k - 1
                h = heads[r]
                if k == 1 and not insup[h]:
                    insup[h] = 1
                    src[h] = r
                    is_src[r] = 1
                    stack.append(h)
        return [l for l in out if not insup[l]]

    def try_prove(l: int) -> None:
        if status[l] or is_fact[l ^ 1]:
            return
        if support_applicable[l] and not attackers_active[l]:
            decide(l, PROVED)

    def try_refute_by_attack(s: int) -> None:
        # an applicable attacker s that no live superior rule can still beat
        if applicable[s] and not blocked[s] and not live_superiors[s]:
            l = heads[s] ^ 1
            if not is_fact[l]:
                decide(l, REFUTED)

    def on_applicable(r: int) -> None:
        applicable[r] = 1
        h = heads[r]
        if kinds[r] == DEFEASIBLE:
            support_applicable[h] += 1
            for s in inferiors[r]:
                beaten[s] += 1
                if beaten[s] == 1 and not blocked[s]:
                    attackers_active[heads[s] ^ 1] -= 1
                    try_prove(heads[s] ^ 1)
            try_prove(h)
        try_refute_by_attack(r)

    def on_blocked(r: int) -> None:
        blocked[r] = 1
        if is_src[r]:
            lost.append(r)
        h = heads[r]
        if kinds[r] == DEFEASIBLE:
            support_alive[h] -= 1
            if not support_alive[h] and not is_fact[h]:
                decide(h, REFUTED)
            for s in inferiors[r]:
                live_superiors[s] -= 1
                try_refute_by_attack(s)
        if not beaten[r]:
            attackers_active[h ^ 1] -= 1
            try_prove(h ^ 1)

    # initial state
    for l in range(n_lits):
        if is_fact[l]:
            decide(l, PROVED)
        elif is_fact[l ^ 1]:
            decide(l, REFUTED)
        elif not support_alive[l]:
            decide(l, REFUTED)
    for r in range(n_rules):
        if not pending[r]:
            on_applicable(r)

    # Failure by looping. `insup[l]`: l is proved, or undecided with a source
    # rule: a live defeasible rule for l whose body literals were all in insup
    # when the source was chosen, so sources form no cycle. That set only
    # shrinks from one stall to the next (rules are only ever blocked,
    # literals only ever decided, and a literal proved later already had a
    # live chain from proved literals), so it is kept across stalls: a source
    # rule blocked since the last stall takes its head out, and everything
    # whose source rests on a literal taken out follows (`withdraw`); only
    # those literals look for a new source (`resupport`), and the ones that
    # find none are exactly the unfounded literals a rescan would find.
    looped: set = set()
    first = True
    while True:
        while queue:
            l = queue.popleft()
            if status[l] == PROVED:
                for r in uses[l]:
                    pending[r] -= 1
                    if not pending[r] and not blocked[r]:
                        on_applicable(r)
            else:
                for r in uses[l]:
                    if not blocked[r]:
                        on_blocked(r)
        if first:            # insup is the proved literals so far (decide)
            first = False
            out = [l for l in range(n_lits) if status[l] == UNDECIDED]
            if not out:
                break
            rules = [r for r in range(n_rules) if not blocked[r]
                     and kinds[r] == DEFEASIBLE and status[heads[r]] == UNDECIDED]
        else:
            out = withdraw()
            if not out:
                break
            if not rules_for:
                rules_for = [[] for _ in range(n_lits)]
                for r in range(n_rules):
                    if kinds[r] == DEFEASIBLE:
                        rules_for[heads[r]].append(r)
            rules = [r for h in out for r in rules_for[h] if not blocked[r]]
        unfounded = resupport(out, rules)
        if not unfounded:
            break
        looped.update(unfounded)
        for l in unfounded:
            decide(l, REFUTED)

    beaten_by = [[t for t in superiors[r] if applicable[t]] for r in range(n_rules)]
    return Result(status, [bool(a) for a in applicable], [bool(b) for b in blocked],
                  beaten_by, looped)

