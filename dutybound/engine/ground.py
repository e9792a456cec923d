"""Grounding: first-order rules to ground rule instances, semi-naively.

Atoms and patterns are those of atoms.py.

Within one stratum the grounder computes an over-approximation: every atom
that is established, or that some rule of the stratum could conclude. Each
round joins only against the atoms new in the previous round (semi-naive),
and each join picks, binding by binding, the condition with the fewest
candidates (join order is most of the cost). A condition whose variables are
all bound but which is neither established nor derivable is kept as an
*unknown* body literal: the reasoner then refutes it (burden of proof), and
the open-question finder knows exactly which unknown facts the law asked
about.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from dutybound.engine import unknowns
from dutybound.engine.aggregate import evaluate_aggregate
from dutybound.engine.atoms import (ANY, AtomIndex, Chain, _bound, _ground_if_bound,
                                    _UNBOUND, ground_atom, pattern_of, unify)
from dutybound.engine.candidates import LinkCandidates
from dutybound.engine.completion import Completions, requirements
from dutybound.engine.expr import EvalError, evaluate, expr_text, free_vars, truth
from dutybound.rules.ast import (Aggregate, BreachHead, ConclusionAtom, DutyHead, FactHead,
                                 LiableHead, Let, ReductionHead, Test, Triple, Var)
from dutybound.values import UnknownTruth, ValueError_

__all__ = ["AtomIndex", "Grounder", "GroundInstance", "GroundHead", "Store", "compiled",
           "pattern_of", "unify", "ground_atom", "ANY"]

@dataclass
class GroundHead:
    head: object          # the ast head
    atom: tuple
    positive: bool
    payload: dict


@dataclass
class GroundInstance:
    rule: object                      # ast.Rule
    binding: dict
    body: list                        # [(atom, positive)]
    exceptions: list                  # [(ast.Exception_, [(atom, positive)])]
    heads: list                       # [GroundHead]
    aggregates: dict = field(default_factory=dict)   # var -> [witness atoms]
    possible_rows: dict = field(default_factory=dict)  # var -> [aggregate.Row] that could count
    occasion: tuple = ()              # a breach's payments ((var, payment), ...): report.head_key


@dataclass
class Store:
    """What is settled before a stratum is grounded, and what could still be."""
    true: AtomIndex                    # established or proved
    false: set                         # atoms established or proved false
    # conclusions of lower strata that are not proved but would be in some
    # completion of the unknown facts (assess.py): an overlay over `true`
    maybe: AtomIndex = None
    # Conclusions an earlier stratum considered (some rule instance had them as its
    # head) but did not prove. A condition on such a conclusion still grounds a rule
    # instance, whose element is then not established: so the claim is reached, and
    # fails for want of that conclusion, instead of never being considered.
    considered: AtomIndex = field(default_factory=AtomIndex)

    def __post_init__(self):
        if self.maybe is None:
            self.maybe = AtomIndex(base=self.true)


_COMPILED: dict = {}


def compiled(rule):
    """A rule's positive atom patterns and its other conditions, each with the
    variables it needs; computed once per rule object."""
    hit = _COMPILED.get(id(rule))
    if hit is not None and hit[0] is rule:
        return hit[1]
    atoms, others = [], []
    for c in rule.conditions:
        if isinstance(c, (Triple, ConclusionAtom)) and not c.negated:
            atoms.append((pattern_of(c), c))
        else:
            need = free_vars(c.expr) if isinstance(c, Let) else free_vars(c)
            others.append((c, frozenset(need)))
    _COMPILED[id(rule)] = (rule, (atoms, others))
    return atoms, others


class Grounder(LinkCandidates):
    def __init__(self, rules, store: Store, ctx, vocab):
        self.rules = rules
        self.store = store
        self.ctx = ctx
        self.vocab = vocab
        self.superclasses = vocab.superclasses
        self._comps: dict = {}             # rule's `closes` -> Completions
        # Unknown literals a completion introduced, by identity: the same fact can
        # be a guess on one join path and a literal its conditions bound on another,
        # and only the path decides (a set of facts made the result depend on the
        # order in which the rules were grounded)
        self._guesses: dict = {}
        self._current = None               # index of the rule being joined
        self._could_hold: dict = {}
        self._twice: dict = {}             # (rule, property, subject variable) -> named twice
        self._occasion_cls: dict = {}      # (rule, variable) -> payment classes it names
        self.possible = AtomIndex(base=store.maybe)
        self.possible_neg: set = set(store.false)
        self.agg_memo: dict = {}           # (aggregate, group) -> (value, rows): aggregate.py
        self.tests: dict = {}              # unknown test atom -> UnknownTruth
        self.test_sites: dict = {}         # unknown test atom -> (test, binding, scope): delta.py
        self.agg_rows: dict = {}           # term of an unknown aggregate -> (aggregate, rows)
        self._scope: tuple = ()            # the conditions being joined (a body or an exception)
        self.instances: list[GroundInstance] = []
        self.subclass_links: list = []      # (sub_atom, super_atom) for derived memberships
        self.problems: list = []           # (rule, EvalError)
        self.rejected: set = set()         # rules some binding reached but a `where` failed
        self._seen: set = set()
        self._compiled = [compiled(r) for r in rules]
        self._rule = None                  # the rule being grounded (its aggregates ask the law in time)
        # Links and values some rule of this stratum concludes (and what they are
        # sub-properties of): an unstated one is completed only once the stratum's
        # fixpoint shows that no rule gave it. Completed at once, it depended on
        # whether the rule that derives it ran first: in one order of the rules the
        # payer of a withdrawal, which a rule derives from the account's single
        # holder, was asked ("Which party is it: the bank or Paul?").
        self._concluded = _concluded_properties(rules, vocab)
        self._defer = False
        self._pending: list = []

    # -- driver --------------------------------------------------------
    def run(self) -> list[GroundInstance]:
        delta = None
        self._defer = bool(self._concluded)
        while True:
            new_atoms: list = []
            if delta is not None and not delta and self._pending:
                # the fixpoint is reached: what is still unstated is completed now
                pending, self._pending, self._defer = self._pending, [], False
                for idx, atoms, others, binding, body in pending:
                    self._current = idx
                    self._join(idx, atoms, others, binding, body, new_atoms)
                self._defer = True
            for idx, rule in enumerate(self.rules):
                atoms, others = self._compiled[idx]
                self._current = idx
                if delta is None:
                    self._join(idx, atoms, others, {}, [], new_atoms)
                    continue
                for i, (pat, _) in enumerate(atoms):
                    for atom in delta.get(pat[0], ()):
                        b = unify(pat, atom, {})
                        if b is not None:
                            rest = atoms[:i] + atoms[i + 1:]
                            self._join(idx, rest, others, b, [(atom, True)], new_atoms)
            if not new_atoms:
                if self._pending:
                    delta = {}
                    continue
                # one order whatever the order sets gave the candidates in (string
                # hashes vary per process): the theory, its proofs and which proof a
                # report shows first follow it
                self.instances.sort(key=_instance_order)
                self._defer = False
                return self.instances
            delta = {}
            for a in new_atoms:
                delta.setdefault(a[0], []).append(a)

    def completions(self) -> Completions:
        """What could still hold, for the rule being joined (its `closes` lists
        are complete: docs/semantics.md §9.6)."""
        closes = self.rules[self._current].closes if self._current is not None else ()
        hit = self._comps.get(closes)
        if hit is None:
            hit = self._comps[closes] = Completions(self.store, self.vocab, self.ctx, closes)
        return hit

    def _join(self, idx, atoms, others, binding, body, new_atoms) -> None:
        self._rule = self.rules[idx]
        # conditions that are ready (all their variables bound) go first
        for j, (c, need) in enumerate(others):
            if (not atoms) if isinstance(c, Aggregate) else need <= binding.keys():
                b, lits = self._other(c, binding, self.rules[idx])
                if b is None:
                    # considered, and a test failed or a negated triple is established
                    # true: for coverage (engine/coverage.py)
                    if c.__class__ is Test or (c.__class__ is Triple and c.negated
                                               and ground_atom(pattern_of(c), binding)
                                               in self.store.true):
                        self.rejected.add(self.rules[idx])
                    return
                self._join(idx, atoms, others[:j] + others[j + 1:], b, body + lits, new_atoms)
                return
        if not atoms:
            if others:       # a condition whose variables nothing binds: the checker forbids it
                return
            self._emit(idx, binding, body, new_atoms)
            return
        # An atom whose variables are all bound is checked at once. Otherwise
        # pick the atom with the fewest candidates under this binding. A triple
        # with none is deferred until other conditions bind its variables: it
        # then becomes an unknown literal (an open question), not a dead end.
        best_i, best, best_rank, possible = None, None, None, self.possible
        for i, (pat, cond) in enumerate(atoms):
            atom = _ground_if_bound(pat, binding)
            if atom is not None:
                rest = atoms[:i] + atoms[i + 1:]
                if atom in possible or (cond.__class__ is ConclusionAtom and atom in self.store.considered):
                    self._join(idx, rest, others, binding, body + [(atom, True)], new_atoms)
                elif (cond.__class__ is Triple and atom not in self.store.false
                      and self.could_hold(atom)):
                    self._join(idx, rest, others, binding, body + [(atom, True)], new_atoms)
                elif cond.__class__ is Triple and body and atom in self.store.false:
                    self.rejected.add(self.rules[idx])   # considered, an element stated false: for coverage
                return
            cands = possible.candidates(pat, binding)
            if pat[0] == "a" and cond.__class__ is Triple and self.completions().derivable(pat[2]) \
                    and not self._has_completion(body):
                need = requirements(self.rules[idx].conditions, self.vocab).get(pat[1].name, frozenset())
                extra = [("a", x, pat[2]) for x in self.completions().derived_members(pat[2], need)]
                for a in extra:
                    self._guess(a)
                if extra:             # who could be a member by facts the incident leaves open
                    cands = Chain(cands, extra) if cands else extra
            occasions = None
            if cond.__class__ is Triple and pat[0] != "a" and not self._has_completion(body):
                more = (self._further_values(idx, pat, binding)
                        or self._asked_among_values(idx, pat, binding)
                        or self._least_values(idx, pat, binding))
                if more:              # the rule needs more values than the incident states
                    cands = Chain(cands, more) if cands else more
                else:
                    occasions = self._other_occasions(idx, pat, binding)
            if not cands and cond.__class__ is ConclusionAtom:
                cands = self.store.considered.candidates(pat, binding)
            if not cands:
                if cond.__class__ is not Triple:
                    return                       # no conclusion can match: dead end
                continue
            # A property pattern whose subject is still unbound generates that
            # subject only from the stated values: a subject with none would be
            # missed (not completed), so such a pattern goes last.
            rank = (cond.__class__ is Triple and pat[0] != "a"
                    and _bound(pat[1], binding) is _UNBOUND and self._subject_last(idx, pat),
                    len(cands))
            if occasions:             # tried too, but the stated values set the join's order
                cands = Chain(cands, occasions)
            if best is None or rank < best_rank:
                best_i, best, best_rank = i, cands, rank
        if best_i is None:
            # only atoms with no candidates left: an unstated value or link of a
            # known subject is completed (an unknown value; each individual the
            # ontology allows, as an unknown literal)
            self._complete(idx, atoms, others, binding, body, new_atoms)
            return
        pat, cond = atoms[best_i]
        if best_rank[0] and isinstance(pat[1], Var):
            # Only property patterns left to bind this subject: any of them may
            # state it, and the others are then completed for it, so the subject
            # ranges over the subjects all of them state (in whatever order the
            # rule lists them).
            self._bind_subject(idx, atoms, others, binding, body, new_atoms, pat[1])
            return
        rest = atoms[:best_i] + atoms[best_i + 1:]
        for atom in list(best):
            b = unify(pat, atom, binding)
            if b is not None:
                self._join(idx, rest, others, b, body + [(atom, True)], new_atoms)
        if cond.__class__ is Triple and pat[0] in getattr(self.vocab, "asked_through", ()):
            for atom in self._asked_through(idx, pat, binding, body, best):
                b = unify(pat, atom, binding)
                self._join(idx, rest, others, b, body + [(atom, True)], new_atoms)

    def _subject_last(self, idx, pat) -> bool:
        """Whether a property pattern with its subject unbound waits for the
        other patterns to bind that subject (see _join); engine/delta.py's probe,
        which needs only the bindings the stated facts give, says when not."""
        return True

    def _bind_subject(self, idx, atoms, others, binding, body, new_atoms, var) -> None:
        """The subject ranges over the subjects the patterns about it state, and
        over the objects that the patterns linking to it state: in `?p debitedFrom
        ?acct ; ?acct heldBy ?payer`, the account a payment names is one, its
        holder stated or not (then completed), not only the accounts (or cards)
        that state a holder."""
        values: dict = {}
        props = [pat for pat, cond in atoms if cond.__class__ is Triple and pat[0] != "a"]
        # only where what the rule asks of the subject is a link to complete: an
        # object the rule names (`?op operates mall`) is a fact about the subject,
        # asked only of the subjects that state it (docs/semantics.md §9.2)
        linked = all(isinstance(pat[2], Var) and _bound(pat[2], binding) is _UNBOUND
                     for pat in props if pat[1] == var)
        for pat in props:
            at = 1 if pat[1] == var else 2 if linked and pat[2] == var else None
            if at is not None:
                for atom in self.possible.candidates(pat, binding):
                    if unify(pat, atom, binding) is not None:
                        values.setdefault(repr(atom[at]), atom[at])
            if at == 1:
                o = _bound(pat[2], binding)
                # the stated subjects are not all there could be: whoever the ontology
                # says it is asked among (db:askedAmong) is one too, the pattern then an
                # unknown literal for it (semantics §9.2)
                for x in self._asked_among(pat[0], o) if o is not _UNBOUND else ():
                    values.setdefault(repr(x), x)
        for key in sorted(values):
            b = dict(binding)
            b[var.name] = values[key]
            self._join(idx, atoms, others, b, body, new_atoms)

    def _has_completion(self, body) -> bool:
        """Whether an instance already rests on one completed link or membership:
        a second is not built (no single answer could make such an instance
        apply; answering the first and re-assessing shows the second)."""
        return any(self._is_guess(atom) for atom, _ in body)

    def _guess(self, atom):
        self._guesses[id(atom)] = atom
        return atom

    def _is_guess(self, atom) -> bool:
        return self._guesses.get(id(atom)) is atom

    def _complete(self, idx, atoms, others, binding, body, new_atoms) -> None:
        if self._defer and any(cond.__class__ is Triple and pat[0] in self._concluded
                               for pat, cond in atoms):
            self._pending.append((idx, atoms, others, binding, body))
            return
        comp = self.completions()
        linking = not self._has_completion(body)
        subject_only = None
        for i, (pat, cond) in enumerate(atoms):
            if cond.__class__ is not Triple or pat[0] == "a":
                continue
            if not isinstance(pat[2], Var) or pat[2].name in binding:
                if subject_only is None and isinstance(pat[1], Var) and pat[1].name not in binding:
                    subject_only = i
                # The subject unbound, the object known (`?x declinedSCAFor pay1`): not
                # completed. Every individual the domain allows would be a candidate, and
                # on real incidents that asked dozens of absurd questions ("Was the bank
                # declined SCA?") for each one it helped; a rule binds such a subject from
                # the stated facts, and an unstated one stays a known limit (semantics §9.7).
                continue
            s = _bound(pat[1], binding)
            if s is _UNBOUND or pat[2].name in binding:
                continue
            rest = atoms[:i] + atoms[i + 1:]
            p = pat[0]
            if self.vocab.is_object_property(p):
                need = requirements(self.rules[idx].conditions, self.vocab).get(pat[2].name, frozenset())
                for o in comp.objects(p, s, stated_close=True, need=need) if linking else ():
                    atom = self._guess((p, s, o))
                    if self.could_hold(atom):
                        b = dict(binding)
                        b[pat[2].name] = o
                        self._join(idx, rest, others, b, body + [(atom, True)], new_atoms)
            elif comp.value(p, s):
                b = dict(binding)
                b[pat[2].name] = unknowns.value(s, p, comp.value_kind(p))
                self._join(idx, rest, others, b, body + _has_value(comp, p, s), new_atoms)
            return
        if subject_only is not None and linking:
            self._complete_subject(idx, atoms, others, binding, body, new_atoms, subject_only)

    def could_hold(self, atom) -> bool:
        """Whether an unknown fact could be true without contradicting what is
        known (engine/completion.py): `signal1 a UserNotice` cannot when signal1
        is an abnormal-transaction signal, a payment stated to be debited from
        one account is not debited from another, and a class only rules
        conclude is never a mere unknown; no rule instance rests on such a fact."""
        comp = self.completions()
        key = (id(comp), atom)
        hit = self._could_hold.get(key)
        if hit is None:
            hit = self._could_hold[key] = comp.could_hold(atom)
        return hit

    def _test_literal(self, rule, c, binding, t: UnknownTruth):
        """The unknown literal a test that is neither true nor false becomes."""
        key = tuple(sorted((v, repr(binding[v].term) if hasattr(binding[v], "term") else repr(binding[v]))
                           for v in free_vars(c.expr) if v in binding))
        atom = ("⊢test", rule.id if rule is not None else "", expr_text(c.expr, binding), key)
        self.tests[atom] = t
        scope = tuple(rule.conditions) + tuple(self._scope) if rule is not None else tuple(self._scope)
        self.test_sites[atom] = (c, binding, scope)
        return atom

    def _other(self, c, binding, rule=None):
        """Evaluates a non-atom condition; returns (binding, literals) or (None, _)."""
        try:
            if isinstance(c, Test):
                t = truth(evaluate(c.expr, binding, self.ctx))
                if isinstance(t, UnknownTruth):
                    return binding, [(self._test_literal(rule, c, binding, t), True)]
                return (binding, []) if t is True else (None, [])
            if isinstance(c, Let):
                b = dict(binding)
                b[c.var.name] = evaluate(c.expr, binding, self.ctx)
                return b, []
            if isinstance(c, Aggregate):
                return evaluate_aggregate(self, c, binding), []
        except ValueError_ as e:     # EvalError, or money of two currencies in a sum
            self.problems.append((c, e if isinstance(e, EvalError) else EvalError(str(e), c.pos)))
            return None, []
        # a negated triple or conclusion, all variables bound
        atom = ground_atom(pattern_of(c), binding)
        if atom in self.store.true:
            return None, []
        if isinstance(c, ConclusionAtom):
            if atom not in self.possible_neg:
                return None, []
        elif (atom not in self.store.false and atom not in self.store.maybe.all
              and not self.could_hold(atom)):
            return binding, []            # false in every completion: as good as established
        return binding, [(atom, False)]

    def _emit(self, idx, binding, body, new_atoms) -> None:
        rule = self.rules[idx]
        key = (idx, tuple(sorted((k, repr(v)) for k, v in binding.items()
                                 if not k.startswith("__agg"))))
        # before the instance is seen: another way to the same binding may need no guess
        if key in self._seen or self._rests_on_a_guess_and_more(body):
            return
        self._seen.add(key)
        aggs = {k[7:]: v for k, v in binding.items() if k.startswith("__agg__")}
        rows = {k[8:]: v for k, v in binding.items() if k.startswith("__aggp__")}
        binding = {k: v for k, v in binding.items() if not k.startswith("__agg")}
        heads = []
        try:
            for h in rule.heads:
                heads.append(self._head(h, binding))
            # each exception's ways to match in one order (the candidates came from sets)
            excs = [(e, lits) for e in rule.exceptions
                    for lits in sorted(self._exception(e, binding, rule), key=repr)]
        except EvalError as e:
            self.problems.append((rule, e))
            return
        time = getattr(self.ctx, "time", None)
        if time is not None:          # which version governs these facts (kb/intime.py)
            verdict = time.instance(rule, binding, heads, [a for w in aggs.values() for a in w],
                                    [a for rs in rows.values() for r in rs
                                     for a in list(r.atoms) + [x for x, _ in r.unknown]])
            if verdict is None:
                return
            more_body, more_excs, settled = verdict
            body, excs = body + more_body, excs + more_excs
            for atom, truth in settled:
                (self.store.true.add if truth else self.store.false.add)(atom)
        self.instances.append(GroundInstance(rule, binding, body, excs, heads, aggs, rows,
                                             self._occasion(rule, binding, heads)))
        for gh in heads:
            if gh.positive:
                if self.possible.add(gh.atom):
                    new_atoms.append(gh.atom)
                    if gh.atom[0] == "a":
                        self._derived_membership(gh.atom, new_atoms)
            else:
                self.possible_neg.add(gh.atom)

    def _rests_on_a_guess_and_more(self, body) -> bool:
        """Whether an instance rests on a completed link or membership (a guess:
        `pay1 initiatedBy taomall` for each individual the range allows) and on any
        other fact the incident leaves unknown. Such an instance is not built, for
        the reason a second completion is not (`_has_completion`): no single answer
        makes it apply, and on real incidents it asked absurd questions ("Was the
        unauthorised payment initiated by the platform, and is the wallet a bank
        card?"). Answering the first question and re-assessing shows the rest
        (docs/semantics.md, "Unknown facts, values and links")."""
        guessed = {(atom[1], atom[0]) for atom, _ in body if self._is_guess(atom)}
        if not guessed:
            return False
        links = {atom for atom, _ in body if self._is_guess(atom)}
        for atom, positive in body:
            if self._is_guess(atom) or positive and self._entails_a_guess(atom, links):
                continue
            if atom[0] == "⊢test":
                # a count left open by the guessed link itself (which issuer provided
                # card3, when the rule counts the issuer's cards) is the same question
                t = self.tests.get(atom)
                if t is None or not t.sources or any(
                        src[0] != "fact" or (src[1], src[2]) not in guessed for src in t.sources):
                    return True
                continue
            if positive:
                if atom not in self.store.true and atom not in self.possible \
                        and atom not in self.store.considered:
                    return True
            elif atom not in self.store.false:
                return True
        return False

    def _entails_a_guess(self, atom, links) -> bool:
        """`loss1 causedByFaultOf zfb` beside the guessed `loss1 causedBy zfb`: a
        fact whose property is a sub-property of the guessed link's, between the
        same individuals, makes the link hold too, so one answer decides both and
        the instance rests on one question (Civil Code Art. 1165(1): the harm
        caused by the actor, through its fault)."""
        if len(atom) != 3 or atom[0] == "a":
            return False
        ups = self.vocab.superproperties.get(atom[0], ())
        return any(g[0] in ups and g[1] == atom[1] and g[2] == atom[2] for g in links)

    def _derived_membership(self, atom, new_atoms) -> None:
        for sup in self.superclasses.get(atom[2], ()):
            if sup != atom[2]:
                up = ("a", atom[1], sup)
                self.subclass_links.append((atom, up))
                if self.possible.add(up):
                    new_atoms.append(up)

    def _exception(self, exc, binding, rule=None) -> list:
        """Ground literal lists of an exception, one per way to match it.

        Variables that only the exception mentions are existential ("unless
        some ?x ..."): each match is its own defeater. A triple that is fully
        bound but unknown stays as an unknown literal, so the proof can say
        the defence was not established and who had to establish it.
        """
        out: list = []
        self._exc_conditions = exc.conditions      # what the exception requires of its variables
        self._scope = exc.conditions
        try:
            self._exc_join(list(exc.conditions), binding, [], out, rule)
        finally:
            self._scope = ()
        return out

    def _exc_join(self, conds, binding, lits, out, rule=None) -> None:
        if not conds:
            out.append(lits)
            return
        positive = [c for c in conds if isinstance(c, (Triple, ConclusionAtom)) and not c.negated]
        for j, c in enumerate(conds):
            if isinstance(c, Aggregate) and positive:
                continue                  # after the exception's own atoms, as in a body
            if isinstance(c, (Test, Let, Aggregate)) or getattr(c, "negated", False):
                if not _ready(c, binding, True):
                    continue
                b, more = self._other(c, binding, rule)
                if b is not None:
                    self._exc_join(conds[:j] + conds[j + 1:], b, lits + more, out, rule)
                return
        c, rest = conds[0], conds[1:]
        for j, cond in enumerate(conds):        # a positive pattern, bound ones first
            if isinstance(cond, (Triple, ConclusionAtom)) and not cond.negated:
                c, rest = cond, conds[:j] + conds[j + 1:]
                if all(_bound(x, binding) is not _UNBOUND for x in pattern_of(cond)[1:]):
                    break
        pat = pattern_of(c)
        if all(_bound(x, binding) is not _UNBOUND for x in pat[1:]):
            self._exc_join(rest, binding, lits + [(ground_atom(pat, binding), True)], out, rule)
            return
        for atom in list(self.possible.candidates(pat, binding)):
            b = unify(pat, atom, binding)
            if b is not None:
                self._exc_join(rest, b, lits + [(atom, True)], out, rule)
        if c.__class__ is Triple:
            self._exc_complete(pat, rest, binding, lits, out, rule)

    def _exc_complete(self, pat, rest, binding, lits, out, rule) -> None:
        """An exception ranges over what could be: "unless another tortfeasor was
        at fault" has a defeater for every party that could have been, each an
        unknown literal (the defence fails unless one is established, and each
        is a question)."""
        comp = self.completions()
        p, s, o = pat[0], _bound(pat[1], binding), _bound(pat[2], binding)
        req = requirements(self._exc_conditions, self.vocab)
        if p == "a" and s is _UNBOUND:
            atoms = [("a", x, o) for x in comp.members(o, req.get(pat[1].name, frozenset()))]
        elif s is not _UNBOUND and isinstance(pat[2], Var) and o is _UNBOUND:
            if not self.vocab.is_object_property(p):
                if comp.value(p, s):
                    b = dict(binding)
                    b[pat[2].name] = unknowns.value(s, p, comp.value_kind(p))
                    self._exc_join(rest, b, lits + _has_value(comp, p, s), out, rule)
                return
            atoms = [(p, s, x) for x in comp.objects(p, s, need=req.get(pat[2].name, frozenset()))]
        elif s is _UNBOUND and o is not _UNBOUND:
            atoms = [(p, x, o) for x in comp.subjects(p, o, req.get(pat[1].name, frozenset()))]
        else:
            return
        for atom in atoms:
            if self.could_hold(atom):
                b = unify(pat, atom, binding)
                if b is not None:
                    self._exc_join(rest, b, lits + [(atom, True)], out, rule)

    def _head(self, h, b) -> GroundHead:
        ev = lambda e: None if e is None else evaluate(e, b, self.ctx)   # noqa: E731
        if isinstance(h, FactHead):
            t = h.triple
            return GroundHead(h, ground_atom(pattern_of(t), b), not t.negated, {})
        if isinstance(h, LiableHead):
            payload = {"form": h.form.name if h.form else None, "amount": ev(h.amount),
                       "share": ev(h.share), "cap": ev(h.cap), "after": ev(h.after),
                       "recourse": ev(h.recourse), "factors": h.factors}
            return GroundHead(h, ("⊢liable", ev(h.party), ev(h.victim)), not h.negated, payload)
        if isinstance(h, ReductionHead):
            return GroundHead(h, ("⊢reduction", ev(h.party), ev(h.victim)), not h.negated,
                              {"share": ev(h.share), "factors": h.factors})
        if isinstance(h, (DutyHead, BreachHead)):
            kind = "⊢duty" if isinstance(h, DutyHead) else "⊢breach"
            return GroundHead(h, (kind, ev(h.party), h.duty.name, ev(h.beneficiary)),
                              not h.negated, {})
        raise TypeError(h)


def _has_value(comp, p, s) -> list:
    """The unknown literal "s has a value of p", for a property that need not
    have one (a statement's time); none for one that always has (a payment's
    time, whose value alone is unknown)."""
    return [] if comp.value(p, s) == "exists" else [(("⊢value", s, p), True)]


def _instance_order(inst) -> tuple:
    return (inst.rule.id, repr(sorted((k, repr(v)) for k, v in inst.binding.items())))


def _ready(c, binding, atoms_done: bool) -> bool:
    if isinstance(c, Aggregate):
        # groups by the variables bound outside; ready once the outer atoms are matched
        return atoms_done
    if isinstance(c, Let):
        return free_vars(c.expr) <= binding.keys()
    return free_vars(c) <= binding.keys()


def _concluded_properties(rules, vocab) -> frozenset:
    """The properties the rules conclude as facts (`then ?x payer ?y`), with
    every property they are sub-properties of."""
    out = set()
    for r in rules:
        for h in r.heads:
            t = getattr(h, "triple", None)
            if t is not None and not t.negated and t.predicate.name != "a":
                out.add(t.predicate.name)
                out.update(vocab.superproperties.get(t.predicate.name, ()))
    return frozenset(out)
