"""Propositional defeasible logic, decided in linear time.

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
direct form) whenever the failure-by-looping step runs a bounded number of
times, as in every standard test family (bench/README.md). That step rescans
the undecided part of the theory each time propagation stalls; a theory whose
refuted loops unblock one another in a long staircase needs one rescan per
step, and then the time grows with the square of its size.
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

    def decide(l: int, v: int) -> None:
        if status[l] == UNDECIDED:
            status[l] = v
            queue.append(l)

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

    looped: set = set()
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
        unfounded = _unfounded(status, heads, bodies, kinds, blocked, uses, n_lits, is_fact)
        if not unfounded:
            break
        looped.update(unfounded)
        for l in unfounded:
            decide(l, REFUTED)

    beaten_by = [[t for t in superiors[r] if applicable[t]] for r in range(n_rules)]
    return Result(status, [bool(a) for a in applicable], [bool(b) for b in blocked],
                  beaten_by, looped)


def _unfounded(status, heads, bodies, kinds, blocked, uses, n_lits, is_fact) -> list:
    """Undecided literals that no chain of live rules can ever support from
    proved literals: they only rest on positive loops (failure by looping)."""
    undecided = [l for l in range(n_lits) if status[l] == UNDECIDED and not is_fact[l]]
    if not undecided:
        return []
    supportable = bytearray(n_lits)
    need = {}
    queue = deque()
    for r, body in enumerate(bodies):
        if blocked[r] or kinds[r] != DEFEASIBLE:
            continue
        h = heads[r]
        if status[h] != UNDECIDED:
            continue
        k = sum(1 for l in body if status[l] != PROVED)
        need[r] = k
        if k == 0 and not supportable[h]:
            supportable[h] = 1
            queue.append(h)
    while queue:
        l = queue.popleft()
        for r in uses[l]:
            if r in need:
                need[r] -= 1
                h = heads[r]
                if need[r] == 0 and not supportable[h]:
                    supportable[h] = 1
                    queue.append(h)
    return [l for l in undecided if not supportable[l]]
