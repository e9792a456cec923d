"""Rules formatted and parsed back are the same rules: every shipped rule file,
and rule files hypothesis builds from the whole syntax tree (dutybound/rules/
format.py writes them)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from dutybound.rules import ast
from dutybound.rules.format import format_file
from dutybound.rules.grammar import KEYWORDS
from dutybound.rules.parser import parse_file, parse_text
from dutybound.values import CURRENCIES, Money

ROOT = Path(__file__).resolve().parents[2]
RULE_FILES = sorted((ROOT / "dutybound" / "knowledge" / "rules").rglob("*.md")) + \
    sorted((Path(__file__).parent / "good").glob("*.md"))


def same(a: ast.RuleFile, b: ast.RuleFile) -> bool:
    return (a.provisions, a.rules, a.applications, a.limitations) == \
        (b.provisions, b.rules, b.applications, b.limitations)


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.stem)
def test_every_rule_file_formats_and_parses_back_to_the_same_rules(path):
    rf = parse_file(path)
    assert same(parse_text(format_file(rf), str(path)), rf)


# ------------------------------------------------------------ strategies

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"


def word_of(first: str, rest: str, size: int):
    return st.builds(lambda a, b: a + b, st.sampled_from(first), st.text(rest, max_size=size))


names = word_of(LETTERS + "_", LETTERS + DIGITS + "_-", 8).filter(
    lambda s: s not in KEYWORDS and not s.endswith("-"))
ids = word_of(LETTERS + DIGITS, LETTERS + DIGITS + "._-", 10)
var = st.builds(ast.Var, word_of(LETTERS + "_", LETTERS + DIGITS + "_", 6))
name = st.builds(ast.Name, names)
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
decimals = st.decimals(allow_nan=False, allow_infinity=False, places=3,
                       min_value=Decimal("-1e9"), max_value=Decimal("1e9"))
money = st.builds(Money, st.decimals(allow_nan=False, allow_infinity=False, places=2,
                                     min_value=Decimal("-1e6"), max_value=Decimal("1e9")),
                  st.sampled_from(sorted(CURRENCIES)))
dates = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
datetimes = st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 12, 31)).map(
    lambda d: d.replace(microsecond=0))
const = st.builds(ast.Const, st.one_of(decimals, money, dates, datetimes, text, st.booleans()))
term = st.one_of(var, name, const)
subject = st.one_of(var, name)

expr = st.recursive(
    term,
    lambda inner: st.one_of(
        st.builds(ast.BinOp, st.sampled_from(["+", "-", "*", "/", "<", "<=", ">", ">=", "=", "!="]),
                  inner, inner),
        st.builds(ast.Call, word_of(LETTERS[:26] + "_", LETTERS[:26] + DIGITS + "_", 8).filter(
            lambda s: s not in KEYWORDS), st.lists(inner, max_size=3).map(tuple))),
    max_leaves=8)

triple = st.builds(ast.Triple, subject, st.one_of(name, st.just(ast.Name("a"))), term, st.booleans())
plain = st.builds(ast.Triple, subject, st.one_of(name, st.just(ast.Name("a"))), term, st.just(False))
atom = st.one_of(
    st.builds(lambda k, a, b, n: ast.ConclusionAtom(k, (a, b), n),
              st.sampled_from(["liable", "reduction"]), term, term, st.booleans()),
    st.builds(lambda k, a, d, b, n: ast.ConclusionAtom(k, (a, d) + ((b,) if b else ()), n),
              st.sampled_from(["breach", "duty"]), term, name, st.none() | term, st.booleans()))
simple = st.one_of(triple, st.builds(ast.Test, expr), st.builds(ast.Let, var, expr), atom)
aggregate = st.builds(ast.Aggregate, var, st.sampled_from(["sum", "count", "min", "max"]), var,
                      st.lists(st.one_of(plain, st.builds(ast.Test, expr)), min_size=1, max_size=3)
                      .map(tuple))
conditions = st.lists(st.one_of(simple, aggregate), max_size=4).map(tuple)

opt = lambda s: st.none() | s      # noqa: E731
heads = st.one_of(
    st.builds(lambda t: ast.FactHead(t), triple),
    st.builds(ast.LiableHead, term, term, opt(name), opt(expr), opt(expr), opt(expr),
              opt(term), opt(term), opt(text), st.booleans()),
    st.builds(ast.ReductionHead, term, term, opt(expr), opt(text), st.booleans()),
    st.builds(ast.DutyHead, term, name, opt(term), st.booleans()),
    st.builds(ast.BreachHead, term, name, opt(term), st.booleans()))
exceptions = st.builds(ast.Exception_, conditions.filter(bool), opt(var))
rules = st.builds(ast.Rule, ids, ids, conditions, st.lists(exceptions, max_size=2).map(tuple),
                  st.lists(heads, min_size=1, max_size=3).map(tuple),
                  st.lists(ids, max_size=2).map(tuple), opt(text))
word = word_of(LETTERS, LETTERS, 7)
provisions = st.builds(
    ast.Provision, ids, text, opt(ids), word, word, dates, opt(dates),
    opt(text), st.sampled_from(["zh", "de", "en", "zh-Hans"]), text,
    st.lists(ids, max_size=2).map(tuple), st.lists(ids, max_size=2).map(tuple), word,
    opt(text), opt(text)).map(lambda p: p if p.text_original is not None else
                              ast.Provision(**{**p.__dict__, "language": None}))
rule_files = st.builds(ast.RuleFile, st.just("generated.md"),
                       st.lists(provisions, max_size=2).map(tuple), st.lists(rules, max_size=3).map(tuple))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule_files)
def test_generated_rules_format_and_parse_back_to_the_same_rules(rf):
    text_ = format_file(rf)
    back = parse_text(text_, "generated.md")
    assert same(back, rf), text_
