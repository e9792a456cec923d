"""Checks parsed rule files against each other, the ontology's vocabulary
and the law texts. Returns every problem found, each at path:line:col.

`vocab` is anything with is_class(n), is_property(n), is_object_property(n),
is_individual(n), names(), superclasses (class -> its superclasses) and
individuals (individual -> its classes), as dutybound.engine.ontology gives.
"""
from __future__ import annotations

import re

from dutybound.errors import Problem, did_you_mean
from dutybound.rules import ast
from dutybound.rules.functions import FUNCTIONS
from dutybound.rules.grammar import RESERVED
from dutybound.rules.graph import analyse, priority_problems, stratify
from dutybound.rules.timecheck import check_time

__all__ = ["check", "sentence_problems", "stratify", "verbatim_gap", "JURISDICTIONS", "RANKS", "VERIFIED"]

JURISDICTIONS = ("CN", "DE", "EU", "US")
RANKS = ("statute", "code", "interpretation", "regulation", "directive",
         "policy")    # policy: a firm's own rule in a rule pack; it ranks below all law
VERIFIED = ("V", "P", "U")
COMPARISONS = ("<", "<=", ">", ">=", "=", "!=")
_GAP = re.compile(r"……|\.\.\.|…")


def _at(pos: ast.Pos | None, message: str, hint: str | None = None, length: int = 1,
        severity: str = "error") -> Problem:
    if pos is None:
        return Problem(message, hint=hint, severity=severity)
    return Problem(message, pos.path, pos.line, pos.col, length, hint, severity=severity)


def _ref(block, role: str, value: str | None = None) -> ast.Pos:
    for r, v, p in block.refs:
        if r == role and (value is None or v == value):
            return p
    return block.pos


def check(files: list[ast.RuleFile], vocab, law_texts: dict | None = None) -> list[Problem]:
    provisions: dict[str, ast.Provision] = {}
    rules: dict[str, ast.Rule] = {}
    problems: list[Problem] = []
    for f in files:
        for p in f.provisions:
            if p.id in provisions:
                first = provisions[p.id].pos
                problems.append(_at(_ref(p, "id"), f"duplicate provision id '{p.id}'",
                                    f"'{p.id}' is first defined at {first}", len(p.id)))
            else:
                provisions[p.id] = p
        for r in f.rules:
            if r.id in rules:
                first = rules[r.id].pos
                problems.append(_at(_ref(r, "id"), f"duplicate rule id '{r.id}'",
                                    f"'{r.id}' is first defined at {first}", len(r.id)))
            else:
                rules[r.id] = r
    for p in provisions.values():
        problems += _check_provision(p, provisions, law_texts)
    all_rules = [r for f in files for r in f.rules]
    for r in all_rules:
        problems += RuleChecker(r, vocab, provisions, rules).run()
    problems += analyse(all_rules, vocab)[1]
    problems += priority_problems(list(rules.values()))
    problems += check_time(files, provisions, law_texts, JURISDICTIONS, VERIFIED)
    problems += _reserved_names(vocab)
    problems += sentence_problems(vocab)
    return problems


# ----------------------------------------------------------- provisions

def _unknown_id(block, role, value, known, what) -> Problem:
    hint = did_you_mean(value, known) or f"define it with `{what} {value}` ... `end`"
    return _at(_ref(block, role, value), f"{role} '{value}': no {what} has this id", hint,
               len(value))


def _check_provision(p: ast.Provision, provisions, law_texts) -> list[Problem]:
    out = []
    for role, allowed in (("jurisdiction", JURISDICTIONS), ("rank", RANKS),
                          ("verified", VERIFIED)):
        value = getattr(p, role)
        if value not in allowed:
            out.append(_at(_ref(p, role), f"unknown {role} '{value}' in provision '{p.id}'",
                           " ".join(filter(None, [did_you_mean(value, allowed),
                                                  "allowed: " + ", ".join(allowed)])),
                           len(value)))
    if p.repealed is not None and p.repealed <= p.effective:
        out.append(_at(_ref(p, "repealed"),
                       f"provision '{p.id}' is repealed ({p.repealed}) on or before it takes "
                       f"effect ({p.effective})",
                       "`repealed` is the first day the provision is no longer in force; "
                       "it must come after `effective`", 10))
    for role in ("specialises", "replaces"):
        for other in getattr(p, role):
            if other not in provisions:
                out.append(_unknown_id(p, role, other, provisions, "provision"))
            elif other == p.id:
                out.append(_at(_ref(p, role, other), f"provision '{p.id}' {role} itself"))
    if law_texts is not None and p.source is not None:
        if p.source not in law_texts:
            out.append(_at(_ref(p, "source"), f"unknown law text '{p.source}'",
                           did_you_mean(p.source, law_texts) or "the ids are in law/texts/*.yaml",
                           len(p.source)))
        elif p.text_original:
            missing = verbatim_gap(p.text_original, law_texts[p.source].get("text") or "")
            if missing is not None:
                out.append(_at(_ref(p, "original"),
                               f"the original text of provision '{p.id}' is not verbatim in "
                               f"law text '{p.source}'",
                               f"not found there: '{missing[:40]}'; copy the text exactly "
                               "(use …… or ... for a gap)", 2))
    return out


def verbatim_gap(original: str, text: str) -> str | None:
    """None when `original` occurs in `text` (whitespace ignored, …… / ...
    allowed as gaps between verbatim fragments, in order); otherwise the
    first fragment not found."""
    hay = re.sub(r"\s+", "", text)
    at = 0
    for fragment in _GAP.split(original):
        needle = re.sub(r"\s+", "", fragment)
        if not needle:
            continue
        found = hay.find(needle, at)
        if found < 0:
            return fragment.strip()
        at = found + len(needle)
    return None


def _reserved_names(vocab) -> list[Problem]:
    clash = sorted(n for n in vocab.names() if n in RESERVED)
    return [Problem(f"the vocabulary name '{n}' is a keyword of the rule language, so no rule "
                    "can name it", where="ontology vocabulary", hint="rename it in the ontology",
                    severity="warning")
            for n in clash]


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def sentence_problems(vocab) -> list[Problem]:
    """Every class and property reads as a sentence in English and Chinese: its
    db:sentence templates exist, name the subject {s}, and for a property the
    object {o} (a yes/no property reads as its true case, so it may leave {o} out)."""
    out = []
    for name, t in sorted(getattr(vocab, "terms", {}).items()):
        if t.kind not in ("class", "object_property", "datatype_property"):
            continue
        boolean = "boolean" in getattr(vocab, "range", {}).get(name, ())
        for lang, language in (("en", "English"), ("zh", "Chinese")):
            text = getattr(t, f"sentence_{lang}", None)
            fix = (f'add db:sentence "{{s}} ..."@en, "{{s}}..."@zh to db:{name} in '
                   "ontology/dutybound*.ttl (docs/ontology.md, Sentence templates)")
            if not text:
                out.append(Problem(f"db:{name} has no sentence template in {language}",
                                   path="ontology", where=f"db:{name}", hint=fix))
                continue
            used = set(_PLACEHOLDER.findall(text))
            wanted = {"s"} if t.kind == "class" or boolean else {"s", "o"}
            if used - {"s", "o"} or (t.kind == "class" and "o" in used) or not wanted <= used:
                out.append(Problem(
                    f"db:{name}: its {language} sentence template {text!r} must use "
                    + ("{s} only" if t.kind == "class" else "{s} and {o}"),
                    path="ontology", where=f"db:{name}", hint=fix))
    return out


# ----------------------------------------------------------------- rules

def _parts(t: ast.Triple) -> tuple:
    """Subject and object, less the class of `a` (checked as a class)."""
    if t.predicate.name == "a" and isinstance(t.object, ast.Name):
        return (t.subject,)
    return (t.subject, t.object)


class RuleChecker:
    def __init__(self, rule: ast.Rule, vocab, provisions, rules):
        self.rule, self.vocab = rule, vocab
        self.provisions, self.rules = provisions, rules
        self.out: list[Problem] = []

    def run(self) -> list[Problem]:
        r = self.rule
        if r.cites not in self.provisions:
            self.out.append(_unknown_id(r, "cites", r.cites, self.provisions, "provision"))
        for o in r.overrides:
            if o not in self.rules:
                self.out.append(_unknown_id(r, "overrides", o, self.rules, "rule"))
        bound = self.conditions(r.conditions, set(), "")
        for e in r.exceptions:
            inner = self.conditions(e.conditions, set(bound), " in an `unless` block")
            if e.proved_by is not None:
                self.need(e.proved_by, inner, "`proved by`")
        for h in r.heads:
            self.head(h, bound)
        return self.out

    # ---------------------------------------------------------- variables
    def need(self, v: ast.Var, bound: set, where: str) -> None:
        if v.name not in bound:
            self.out.append(_at(v.pos, f"variable ?{v.name} in {where} is not bound",
                                f"bind ?{v.name} first with a positive condition such as "
                                f"`?{v.name} property ?y` or `let ?{v.name} = ...`",
                                len(v.name) + 1))

    def term(self, t, bound: set | None, where: str, binds: bool = False) -> None:
        if isinstance(t, ast.Var):
            if binds:
                bound.add(t.name)
            else:
                self.need(t, bound, where)
        elif isinstance(t, ast.Name):
            self.known_name(t)

    def expr(self, e, bound: set, where: str) -> None:
        if isinstance(e, ast.BinOp):
            self.expr(e.left, bound, where)
            self.expr(e.right, bound, where)
        elif isinstance(e, ast.Call):
            b = FUNCTIONS.get(e.func)
            if b is None:
                self.out.append(_at(e.pos, f"unknown function '{e.func}'",
                                    did_you_mean(e.func, FUNCTIONS) or
                                    "known functions: " + ", ".join(sorted(FUNCTIONS)),
                                    len(e.func)))
            elif len(e.args) < b.min_args or (b.max_args is not None
                                              and len(e.args) > b.max_args):
                self.out.append(_at(e.pos, f"{e.func} takes {b.arity()} argument(s), "
                                           f"got {len(e.args)}", b.doc, len(e.func)))
            for k, a in enumerate(e.args):
                if b is not None and k == b.calendar_arg and isinstance(a, ast.Name):
                    continue        # a calendar may be an individual of the incident
                self.expr(a, bound, where)
        else:
            self.term(e, bound, where)

    def conditions(self, conds, bound: set, ctx: str) -> set:
        """Checks conditions in order; `ctx` says where they are (for messages).
        Returns the variables bound after them."""
        for c in conds:
            if isinstance(c, ast.Triple):
                self.triple(c, bound, ctx)
            elif isinstance(c, ast.Test):
                if not (isinstance(c.expr, ast.BinOp) and c.expr.op in COMPARISONS):
                    self.out.append(_at(c.pos, "a `where` test must be a comparison",
                                        "compare with < <= > >= = !=, e.g. `where ?flag = true`"))
                self.expr(c.expr, bound, "a `where` test" + ctx)
            elif isinstance(c, ast.Let):
                self.expr(c.expr, bound, "a `let`" + ctx)
                self.fresh(c.var, bound)
            elif isinstance(c, ast.Aggregate):
                before = set(bound)
                inner = self.conditions(c.conditions, set(bound), ctx)
                if c.target.name in before:
                    self.out.append(_at(c.target.pos, f"?{c.target.name} is bound outside the "
                                        f"braces, so `{c.func}` has one value to work on",
                                        "aggregate over a variable the braces bind",
                                        len(c.target.name) + 1))
                else:
                    self.need(c.target, inner, f"`{c.func}` (bind it inside the braces)")
                self.fresh(c.var, bound)
            elif isinstance(c, ast.ConclusionAtom):
                self.atom(c, bound, ctx)
        return bound

    def fresh(self, v: ast.Var, bound: set) -> None:
        if v.name in bound:
            self.out.append(_at(v.pos, f"?{v.name} is already bound; `let` binds a fresh "
                                       "variable", "pick a new name", len(v.name) + 1))
        bound.add(v.name)

    def triple(self, t: ast.Triple, bound: set, ctx: str) -> None:
        self.predicate(t)
        for part in _parts(t):
            self.term(part, bound, "a `not` condition" + ctx, binds=not t.negated)

    def atom(self, c: ast.ConclusionAtom, bound: set, ctx: str) -> None:
        args = list(c.args)
        if c.kind in ("breach", "duty"):
            self.duty_class(args.pop(1))
        for a in args:
            self.term(a, bound, f"a `not {c.kind}` condition" + ctx, binds=not c.negated)

    # ---------------------------------------------------------- vocabulary
    def _choices(self, test) -> list[str]:
        return [n for n in self.vocab.names() if test(n)]

    def predicate(self, t: ast.Triple) -> None:
        v = self.vocab
        if t.predicate.name == "a":
            o = t.object
            if isinstance(o, ast.Name):
                if not v.is_class(o.name):
                    self.out.append(_at(o.pos, f"unknown class '{o.name}'",
                                        did_you_mean(o.name, self._choices(v.is_class)),
                                        len(o.name)))
            elif not isinstance(o, ast.Var):
                self.out.append(_at(o.pos, "the object of `a` must be a class"))
        else:
            p = t.predicate
            if not v.is_property(p.name):
                self.out.append(_at(p.pos, f"unknown property '{p.name}'",
                                    did_you_mean(p.name, self._choices(v.is_property)),
                                    len(p.name)))

    def known_name(self, n: ast.Name) -> None:
        v = self.vocab
        if not (v.is_individual(n.name) or v.is_class(n.name)):
            kind = "class" if v.is_property(n.name) else "name"
            msg = (f"'{n.name}' is a property, not an individual or class" if kind == "class"
                   else f"unknown name '{n.name}'")
            self.out.append(_at(n.pos, msg, did_you_mean(n.name, v.names()) or
                                "a constant must be an individual or class of the ontology",
                                len(n.name)))

    def _is_a(self, cls: str, ancestor: str) -> bool:
        return cls == ancestor or ancestor in self.vocab.superclasses.get(cls, ())

    def duty_class(self, n) -> None:
        if not isinstance(n, ast.Name):
            return
        if not (self.vocab.is_class(n.name) and self._is_a(n.name, "Duty")):
            duties = [c for c in self.vocab.names()
                      if self.vocab.is_class(c) and self._is_a(c, "Duty")]
            self.out.append(_at(n.pos, f"unknown duty class '{n.name}'",
                                did_you_mean(n.name, duties) or "a duty is a class under Duty: "
                                + ", ".join(sorted(duties)),
                                len(n.name)))

    def form(self, n: ast.Name) -> None:
        classes = self.vocab.individuals.get(n.name, ()) if self.vocab.is_individual(n.name) else ()
        if not any(self._is_a(c, "LiabilityForm") for c in classes):
            forms = [i for i, cs in self.vocab.individuals.items()
                     if any(self._is_a(c, "LiabilityForm") for c in cs)]
            self.out.append(_at(n.pos, f"unknown liability form '{n.name}'",
                                did_you_mean(n.name, forms) or
                                "forms: " + ", ".join(sorted(forms)), len(n.name)))

    # --------------------------------------------------------------- heads
    def head(self, h, bound: set) -> None:
        where = "a conclusion"
        if isinstance(h, ast.FactHead):
            self.predicate(h.triple)
            for part in _parts(h.triple):
                self.term(part, bound, where)
            return
        self.term(h.party, bound, where)
        if isinstance(h, (ast.DutyHead, ast.BreachHead)):
            self.duty_class(h.duty)
            if h.beneficiary is not None:
                self.term(h.beneficiary, bound, where)
            return
        self.term(h.victim, bound, where)
        if isinstance(h, ast.LiableHead):
            if h.form is not None:
                self.form(h.form)
            for t in (h.after, h.recourse):
                if t is not None:
                    self.term(t, bound, where)
            options = (h.form, h.amount, h.share, h.cap, h.after, h.recourse, h.factors)
            if h.negated and any(o is not None for o in options):
                self.out.append(_at(h.pos, "an exemption (`not liable`) takes no options",
                                    "drop as/for/share/cap/after/recourse/factors"))
        for e in (getattr(h, "amount", None), h.share, getattr(h, "cap", None)):
            if e is not None:
                self.expr(e, bound, where)
