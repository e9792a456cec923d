"""Typed syntax tree of the rule language.

The parser (grammar.py) builds these; the checker (checker.py) validates them
against the ontology; the reasoner (engine/) evaluates them. Nothing here
evaluates anything. Every node keeps its source position so that every later
stage can point back at the rule file.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Union

from dutybound.values import Money


@dataclass(frozen=True)
class Pos:
    """A place in a source file: 1-based line and column."""
    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


# ----------------------------------------------------------------- terms

@dataclass(frozen=True)
class Var:
    name: str            # without the leading '?'
    pos: Pos = field(compare=False, hash=False, default=None)

    def __str__(self) -> str:
        return "?" + self.name


@dataclass(frozen=True)
class Name:
    """A vocabulary term (class, property, individual such as `Sole`)."""
    name: str
    pos: Pos = field(compare=False, hash=False, default=None)

    def __str__(self) -> str:
        return self.name


Constant = Union[Decimal, Money, _dt.date, _dt.datetime, str, bool]


@dataclass(frozen=True)
class Const:
    """A literal: number (Decimal), money, date, datetime, string, boolean."""
    value: Constant
    pos: Pos = field(compare=False, hash=False, default=None)

    def __str__(self) -> str:
        if isinstance(self.value, str):
            return '"' + self.value + '"'
        return str(self.value)


Term = Union[Var, Name, Const]


# ----------------------------------------------------------- expressions

@dataclass(frozen=True)
class Call:
    """A builtin function call: days_between(?a, ?b), min(?x, ?y), ..."""
    func: str
    args: tuple["Expr", ...]
    pos: Pos = field(compare=False, hash=False, default=None)


@dataclass(frozen=True)
class BinOp:
    """Arithmetic (+ - * /) or comparison (< <= > >= = !=)."""
    op: str
    left: "Expr"
    right: "Expr"
    pos: Pos = field(compare=False, hash=False, default=None)


Expr = Union[Term, Call, BinOp]


# ------------------------------------------------------------ conditions

@dataclass(frozen=True)
class Triple:
    """`S P O`: P is a property name or `a` (class membership, O a class)."""
    subject: Term
    predicate: Name          # Name("a") for rdf:type
    object: Term
    negated: bool = False    # `not S P O`: established false
    pos: Pos = field(compare=False, hash=False, default=None)


@dataclass(frozen=True)
class Test:
    """`where EXPR`: a comparison that must hold."""
    expr: Expr
    pos: Pos = field(compare=False, hash=False, default=None)


@dataclass(frozen=True)
class Let:
    """`let ?v = EXPR`: binds a fresh variable."""
    var: Var
    expr: Expr
    pos: Pos = field(compare=False, hash=False, default=None)


@dataclass(frozen=True)
class Aggregate:
    """`let ?v = sum ?x over { conditions }` / `count ?x over {...}`.

    Variables of the inner conditions that are bound outside it group the
    aggregate; the others range over the set. Sum of nothing is 0 (or the
    zero of the currency when a `currency` is given by the conditions'
    values); count of nothing is 0.
    """
    var: Var
    func: str                # "sum" | "count" | "min" | "max"
    target: Var
    conditions: tuple["Condition", ...]
    pos: Pos = field(compare=False, hash=False, default=None)


@dataclass(frozen=True)
class ConclusionAtom:
    """A condition over a conclusion of another rule, e.g. `liable ?x to ?y`,
    `breach ?x SafeguardDuty`, `duty ?x SafeguardDuty`."""
    kind: str                # "liable" | "breach" | "duty" | "reduction"
    args: tuple[Term, ...]
    negated: bool = False
    pos: Pos = field(compare=False, hash=False, default=None)


Condition = Union[Triple, Test, Let, Aggregate, ConclusionAtom]


@dataclass(frozen=True)
class Exception_:
    """`unless [proved by ?party] CONDITIONS`: a defence.

    It defeats the rule only when established; an exception that is not
    established fails the defence (PROLEG). `proved_by` names who bears the
    burden of proving it, for the explanation; statutes that reverse the
    burden (ECL 57, PIPL 69) say so here.
    """
    conditions: tuple[Condition, ...]
    proved_by: Var | None = None
    pos: Pos = field(compare=False, hash=False, default=None)


# ----------------------------------------------------------- conclusions

@dataclass(frozen=True)
class DutyHead:
    """`duty ?party DutyClass [to ?beneficiary]`."""
    party: Term
    duty: Name
    beneficiary: Term | None = None
    negated: bool = False
    pos: Pos = field(compare=False, hash=False, default=None)


@dataclass(frozen=True)
class BreachHead:
    """`breach ?party DutyClass [to ?beneficiary]`."""
    party: Term
    duty: Name
    beneficiary: Term | None = None
    negated: bool = False
    pos: Pos = field(compare=False, hash=False, default=None)


@dataclass(frozen=True)
class LiableHead:
    """`liable ?party to ?victim as Form [for EXPR] [share EXPR] [cap EXPR]
    [after ?primary] [recourse against ?other] [factors "..."]`.

    `not liable ?party to ?victim` (negated) is an exemption. Form names an
    individual of the ontology's LiabilityForm class. `after` names the party
    that pays first (supplementary liability); `recourse against` whom the
    payer may recover from afterwards. `factors` lists what a court weighs
    where the law leaves the share to it.
    """
    party: Term
    victim: Term
    form: Name | None = None
    amount: Expr | None = None
    share: Expr | None = None
    cap: Expr | None = None
    after: Term | None = None
    recourse: Term | None = None
    factors: str | None = None
    negated: bool = False
    pos: Pos = field(compare=False, hash=False, default=None)


@dataclass(frozen=True)
class ReductionHead:
    """`reduction ?party to ?victim [share EXPR] factors "..."`: the victim's
    own fault may reduce the party's liability (CC 1173, BGB 254)."""
    party: Term
    victim: Term
    share: Expr | None = None
    factors: str | None = None
    negated: bool = False
    pos: Pos = field(compare=False, hash=False, default=None)


@dataclass(frozen=True)
class FactHead:
    """A derived fact: `?x a Class` or `?x property ?y`, possibly `not`."""
    triple: Triple
    pos: Pos = field(compare=False, hash=False, default=None)


Head = Union[DutyHead, BreachHead, LiableHead, ReductionHead, FactHead]


# ---------------------------------------------------------------- blocks

@dataclass(frozen=True)
class Provision:
    """A provision of law with its citation, dates and verbatim text."""
    id: str                          # e.g. "ECL-57-2"
    title: str                       # "E-Commerce Law (PRC), Art. 57(2)"
    source: str | None               # law/texts id, e.g. "ECL-57"
    jurisdiction: str                # CN | DE | EU | US
    rank: str                        # statute | interpretation | regulation | directive | code
    effective: _dt.date
    repealed: _dt.date | None        # first day no longer in force
    text_original: str | None        # verbatim, from law/texts
    language: str | None             # zh | de | en
    text_en: str                     # our own English paraphrase
    specialises: tuple[str, ...] = ()   # lex specialis over these provisions
    replaces: tuple[str, ...] = ()      # earlier version(s) of this provision
    verified: str = "V"              # V | P | U, as tagged in law/NOTES.md
    burden: str | None = None        # note on who proves what
    url: str | None = None
    pos: Pos = field(compare=False, hash=False, default=None)
    # How it applies in time: the id of an `application` block (None: the
    # application that `governs` its law text's source, docs/rule-language.md).
    time: str | None = None
    # Earlier numbers of the same rule (a renumbering, not a new law): this
    # provision's rules serve their periods too, citing their wording.
    renumbers: tuple[str, ...] = ()
    # For a directive's provision: the national provisions that transpose it.
    transposed: tuple[str, ...] = ()
    # (role, value, Pos) of every id and field value written in the block, so
    # that errors point at the very token: ("id", "ECL-57-2", pos), ("source",
    # ...), ("specialises", "CC-1165", pos), ("jurisdiction", "CN", pos), ...
    refs: tuple = field(compare=False, hash=False, default=())


@dataclass(frozen=True)
class Rule:
    id: str
    cites: str                        # provision id
    conditions: tuple[Condition, ...]
    exceptions: tuple[Exception_, ...]
    heads: tuple[Head, ...]
    overrides: tuple[str, ...] = ()   # rule ids this rule beats
    note: str | None = None
    pos: Pos = field(compare=False, hash=False, default=None)
    # (role, value, Pos): ("id", ...), ("cites", ...), ("overrides", ...), ("closes", ...)
    refs: tuple = field(compare=False, hash=False, default=())
    # classes and properties the law itself reads as complete lists within this
    # rule ("if no notice was given"), and why (docs/semantics.md §9.6)
    closes: tuple[str, ...] = ()
    closes_because: str | None = None


@dataclass(frozen=True)
class Application:
    """`application ID cites P, ...`: how the provisions it covers apply in
    time, as the cited transitional provisions say (docs/semantics.md §3).

    reach: "facts" (the facts of a claim, complete on or after the provision's
    `effective` date and before its `repealed` date), "transactions" (a payment
    transaction whose execution began in that period), or "pending" (a case
    not finally decided when the provision took effect: the decision date).
    `later_harm`: a claim whose facts began before the date but whose harm
    appeared on or after it is reached too (SPC Temporal Provisions Art. 24).
    """
    id: str
    cites: tuple[str, ...]            # the provisions that state the rule
    reach: str                        # "facts" | "transactions" | "pending"
    text_en: str                      # the rule in words
    governs: tuple[str, ...] = ()     # law-text source ids whose provisions follow it
    later_harm: bool = False
    title: str | None = None
    basis: str | None = None          # a citation outside the knowledge base (case law)
    # what governed before these provisions applied, as the cited transitional
    # provision names it, when the knowledge base does not hold it (ZAG § 68(4))
    before: str | None = None
    verified: str = "V"
    pos: Pos = field(compare=False, hash=False, default=None)
    refs: tuple = field(compare=False, hash=False, default=())


@dataclass(frozen=True)
class Limitation:
    """`limitation ID cites P, ...`: the limitation period of the claims under
    one jurisdiction's provisions, a defence applied only where the incident
    says the defendant invokes it (docs/semantics.md §11).

    starts: "knowledge" (the day the claimant knew or should have known of the
    harm and of the liable party), "year-end" (the end of the year of that
    knowledge, BGB 199(1)) or "occurrence" (the day of the violation).
    suspension: "final-months" (an obstacle in the last `suspension_months`
    months ends the period that many months after it ends, CC 194) or
    "not-counted" (the time suspended is not counted, BGB 209).
    """
    id: str
    cites: tuple[str, ...]
    jurisdiction: str
    years: int
    starts: str
    text_en: str
    longstop_years: int | None = None
    suspension: str | None = None
    suspension_months: int | None = None
    claimant: str | None = None       # a class: only claims by its members (15 U.S.C. 1693m)
    title: str | None = None
    verified: str = "V"
    pos: Pos = field(compare=False, hash=False, default=None)
    refs: tuple = field(compare=False, hash=False, default=())


@dataclass(frozen=True)
class RuleFile:
    path: str
    provisions: tuple[Provision, ...]
    rules: tuple[Rule, ...]
    prose: str = ""                   # the Markdown around the code blocks
    applications: tuple[Application, ...] = ()
    limitations: tuple[Limitation, ...] = ()
