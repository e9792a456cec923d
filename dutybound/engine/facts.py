"""An incident's facts: three-valued triples with where each came from.

A triple is (subject, predicate, object). The predicate is an ontology
property name, or "a" for class membership (object is a class name).
Subjects are individual names (str); objects are individual names or
literal values (Money, Decimal, date, datetime, bool, Text).

A fact is established true, established false, or unknown (absent from
both maps). Only established facts count as proof (burden of proof).
"""
from __future__ import annotations

from dataclasses import dataclass, field

Triple = tuple  # (subject, predicate, object)
TYPE = "a"


class Text(str):
    """A string literal, kept apart from individual names (plain str)."""
    __slots__ = ()

    def __repr__(self) -> str:
        return f"Text({str.__repr__(self)})"


@dataclass(frozen=True)
class Source:
    """Where a fact came from.

    kind: "incident" (a line of the incident file), "axiom" (the ontology
    applied to other facts), "assumption" (a what-if toggle), "rule" (a
    conclusion of an earlier stratum).
    """
    kind: str
    detail: str                              # file:line, axiom text, rule id
    premises: tuple = ()                     # triples this was derived from
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        return self.detail


@dataclass
class FactBase:
    true: dict = field(default_factory=dict)     # triple -> Source
    false: dict = field(default_factory=dict)    # triple -> Source
    # individuals the incident names, with the Source of their declaration
    individuals: dict = field(default_factory=dict)
    # (subject, property) pairs established to have no value at all (a what-if)
    no_value: set = field(default_factory=set)

    def value(self, t: Triple) -> bool | None:
        if t in self.true:
            return True
        if t in self.false:
            return False
        return None

    def add(self, t: Triple, src: Source, truth: bool = True) -> bool:
        target = self.true if truth else self.false
        if t in target:
            return False
        target[t] = src
        return True

    def copy(self) -> "FactBase":
        return FactBase(dict(self.true), dict(self.false), dict(self.individuals),
                        set(self.no_value))

    def types_of(self, s) -> set:
        return {o for (x, p, o) in self.true if x == s and p == TYPE}
