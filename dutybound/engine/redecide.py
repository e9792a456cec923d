"""Re-deciding one decided stratum with some of its literals made facts,
touching only what depends on them (used by engine/delta.py).

The per-literal counters of the solver (applicable and live supporters,
active and unbeatable attackers) are rebuilt once from the base decision and
then updated per rule as the changed literals propagate forward in
topological order, so a conclusion that ten thousand rule instances share is
re-decided in constant time. In an acyclic theory these counters decide
each literal exactly as defeasible.solve does; a stratum with a cycle of
literals, a literal refuted by looping or a literal left undecided is not
`usable`, and a change that leaves a literal undecided gives None.
"""
from __future__ import annotations

import heapq

from dutybound.engine.defeasible import DEFEASIBLE, PROVED, REFUTED, UNDECIDED

FALLBACK = None


class RunIndex:
    """One decided stratum, indexed for re-deciding it with some facts changed."""

    def __init__(self, run):
        th, res = run.theory, run.result
        self.run = run
        n_lits, n_rules = 2 * th.n_atoms, len(th.heads)
        self.heads, self.bodies, self.kinds = th.heads, th.bodies, th.kinds
        self.uses = [[] for _ in range(n_lits)]
        self.heads_of = [[] for _ in range(n_lits)]
        for r, body in enumerate(th.bodies):
            for lit in set(body):
                self.uses[lit].append(r)
            self.heads_of[th.heads[r]].append(r)
        self.superiors = [[] for _ in range(n_rules)]
        self.inferiors = [[] for _ in range(n_rules)]
        for t, s in th.sup:
            if th.heads[t] == th.heads[s] ^ 1 and th.kinds[t] == DEFEASIBLE:
                self.superiors[s].append(t)
                self.inferiors[t].append(s)
        self.fact = bytearray(n_lits)
        for f in th.facts:
            self.fact[f] = 1
        self.status = res.status
        self.app = [bool(a) for a in res.applicable]
        self.blk = [bool(b) for b in res.blocked]
        self.beaten = [sum(1 for t in self.superiors[r] if self.app[t]) for r in range(n_rules)]
        self.live = [sum(1 for t in self.superiors[r] if not self.blk[t]) for r in range(n_rules)]
        self.sa, self.salive = [0] * n_lits, [0] * n_lits
        self.att, self.unb = [0] * n_lits, [0] * n_lits
        for r in range(n_rules):
            for counter, lit, d in self._contrib(r, self.app[r], self.blk[r], self.beaten[r],
                                                 self.live[r]):
                counter[lit] += d
        self.claim_excs: dict = {}
        for r, m in enumerate(run.meta):
            if m.kind == "exception":
                self.claim_excs.setdefault(m.claim, []).append(r)
        self.topo = self._topological(th)
        self.usable = (self.topo is not None and not res.looped
                       and all(self._status(lit, {}, {}) == res.status[lit]
                               for lit in range(n_lits)))
        self._keys: dict = {}
        self._app_heads: dict = {}
        self._head_rules: dict = {}

    # -- counters --------------------------------------------------------
    def _contrib(self, r, app, blk, beaten, live):
        """What rule r adds to the counters of its head literal h:
        (counter, literal, 1) for each it counts in."""
        h = self.heads[r]
        out = []
        if self.kinds[r] == DEFEASIBLE:
            if app:
                out.append((self.sa, h, 1))
            if not blk:
                out.append((self.salive, h, 1))
        if not blk and not beaten:
            out.append((self.att, h ^ 1, 1))
        if app and not blk and not live:
            out.append((self.unb, h ^ 1, 1))
        return out

    def _status(self, lit, fact, cnt):
        """A literal's status from the counters, as the solver decides an
        acyclic theory."""
        f = fact.get(lit, self.fact[lit])
        if f:
            return PROVED
        if fact.get(lit ^ 1, self.fact[lit ^ 1]):
            return REFUTED

        def c(counter, name):
            return cnt.get((name, lit), counter[lit])
        if c(self.sa, "sa") > 0 and c(self.att, "att") == 0:
            return PROVED
        if c(self.salive, "salive") == 0 or c(self.unb, "unb") > 0:
            return REFUTED
        return UNDECIDED

    def _topological(self, th):
        """Atom -> position in a topological order of the dependency graph
        (body atoms before head atoms), or None when the graph has a cycle."""
        n = th.n_atoms
        indeg = [0] * n
        out: list = [[] for _ in range(n)]
        for r, body in enumerate(th.bodies):
            h = th.heads[r] >> 1
            for lit in set(b >> 1 for b in body):
                if lit == h:
                    return None
                out[lit].append(h)
                indeg[h] += 1
        order = [k for k in range(n) if not indeg[k]]
        i = 0
        while i < len(order):
            for h in out[order[i]]:
                indeg[h] -= 1
                if not indeg[h]:
                    order.append(h)
            i += 1
        if len(order) < n:
            return None
        pos = [0] * n
        for i, k in enumerate(order):
            pos[k] = i
        return pos

    # -- re-deciding -----------------------------------------------------
    def redecide(self, facts: dict) -> dict:
        """New statuses of the literals that change when the given atom
        literals become facts (`{literal: 1 or 0}`); returns the overlay
        `{"status": {...}, "app": {...}, "beaten": {...}, "rules": set, "atoms": set}`
        ("atoms": those whose status moved)."""
        st, ap, bl, bt, lv, cnt = {}, {}, {}, {}, {}, {}
        touched: set = set()
        heads_changed: set = set()       # atoms whose status moved
        heap: list = []
        queued: set = set()

        def push(k):
            if k not in queued:
                queued.add(k)
                heapq.heappush(heap, (self.topo[k], k))

        def cur(lit):
            return st.get(lit, self.status[lit])

        def rule_state(r):
            return (ap.get(r, self.app[r]), bl.get(r, self.blk[r]),
                    bt.get(r, self.beaten[r]), lv.get(r, self.live[r]))

        def set_rule(r, new):
            old = rule_state(r)
            if old == new:
                return
            for counter, lit, d in self._contrib(r, *old):
                key = (_NAME[id(counter)], lit)
                cnt[key] = cnt.get(key, counter[lit]) - d
            for counter, lit, d in self._contrib(r, *new):
                key = (_NAME[id(counter)], lit)
                cnt[key] = cnt.get(key, counter[lit]) + d
            ap[r], bl[r], bt[r], lv[r] = new
            touched.add(r)
            push(self.heads[r] >> 1)
            if self.kinds[r] == DEFEASIBLE and (old[0] != new[0] or old[1] != new[1]):
                for s in self.inferiors[r]:
                    a, b, beaten, live = rule_state(s)
                    set_rule(s, (a, b, beaten + (new[0] - old[0]), live - (new[1] - old[1])))

        _NAME = {id(self.sa): "sa", id(self.salive): "salive", id(self.att): "att",
                 id(self.unb): "unb"}
        for lit, v in facts.items():
            push(lit >> 1)
        fact = dict(facts)
        while heap:
            _, k = heapq.heappop(heap)
            queued.discard(k)
            for lit in (2 * k, 2 * k + 1):
                new = self._status(lit, fact, cnt)
                if new == cur(lit):
                    continue
                if new == UNDECIDED:
                    return FALLBACK
                st[lit] = new
                for r in self.uses[lit]:
                    body = self.bodies[r]
                    app = all(cur(b) == PROVED for b in body)
                    blk = any(cur(b) == REFUTED for b in body)
                    a, b, beaten, live = rule_state(r)
                    set_rule(r, (app, blk, beaten, live))
                # a rule of either side whose state did not change gives something
                # else now only if it was applicable (see gives); those whose state
                # changed are touched above. A conclusion ten thousand instances share
                # has as many rules, nearly all inapplicable: not each visited.
                touched.update(self._applicable_heads(lit))
                touched.update(self._applicable_heads(lit ^ 1))
                heads_changed.add(k)
        return {"status": st, "app": ap, "beaten": bt, "rules": touched, "atoms": heads_changed}

    def _applicable_heads(self, lit) -> list:
        """The rules concluding lit that were applicable in the base decision."""
        hit = self._app_heads.get(lit)
        if hit is None:
            hit = self._app_heads[lit] = [r for r in self.heads_of[lit] if self.app[r]]
        return hit

    def has_head_rule(self, k) -> bool:
        """Whether some conclusion rule (kind "head") concludes atom k either way."""
        return bool(self._head_rules_of(2 * k) or self._head_rules_of(2 * k + 1))

    # -- outcome ---------------------------------------------------------
    def keys(self, r):
        """The outcome keys rule r gives when it wins (heads) or succeeds
        (exceptions)."""
        from dutybound.engine.report import defence_key, head_key
        hit = self._keys.get(r)
        if hit is None:
            m = self.run.meta[r]
            inst = self.run.instances[m.instance] if m.instance is not None else None
            if m.kind == "head":
                k = head_key(inst, m.head)
                hit = (k,) if k is not None else ()
            elif m.kind == "exception":
                hit = (defence_key(inst),)
            else:
                hit = ()
            self._keys[r] = hit
        return hit

    def gives(self, r, ov=None) -> bool:
        m = self.run.meta[r]
        app = (ov["app"].get(r, self.app[r]) if ov else self.app[r])
        if m.kind == "head":
            beaten = ov["beaten"].get(r, self.beaten[r]) if ov else self.beaten[r]
            h = self.heads[r]
            status = ov["status"].get(h, self.status[h]) if ov else self.status[h]
            return app and not beaten and status == PROVED
        if m.kind == "exception":
            claim_app = ov["app"].get(m.claim, self.app[m.claim]) if ov else self.app[m.claim]
            return app and claim_app
        return False

    def conflict(self, k, ov=None) -> bool:
        """Whether atom k has applicable conclusion rules on both sides that
        no priority orders."""
        def app(r):
            return ov["app"].get(r, self.app[r]) if ov else self.app[r]
        neg_rules = self._head_rules_of(2 * k + 1)
        if not neg_rules:       # nothing concludes the other side (most conclusions)
            return False
        pos = [r for r in self._head_rules_of(2 * k) if app(r)]
        if not pos:
            return False
        neg = [r for r in neg_rules if app(r)]
        sup = self.run.sup_reason
        return any((a, b) not in sup and (b, a) not in sup for a in pos for b in neg)

    def _head_rules_of(self, lit) -> list:
        """The conclusion rules (kind "head") of a literal."""
        hit = self._head_rules.get(lit)
        if hit is None:
            meta = self.run.meta
            hit = self._head_rules[lit] = [r for r in self.heads_of[lit] if meta[r].kind == "head"]
        return hit
