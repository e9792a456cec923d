"""The rule language: one good file per construct must parse and check
clean; one bad file per error must fail with the message and position its
first line announces (`expect: LINE:COL: part of the message`)."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from dutybound.errors import DutyboundError
from dutybound.rules import ast
from dutybound.rules.checker import check
from dutybound.rules.parser import parse_file, parse_text

HERE = Path(__file__).parent
GOOD = sorted((HERE / "good").glob("*.md"))
BAD = sorted((HERE / "bad").glob("*.md"))


def errors(problems):
    return [p for p in problems if p.severity == "error"]


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_good_file_parses_and_checks_clean(path, vocab, law_texts):
    rf = parse_file(path)
    assert rf.provisions or rf.rules
    problems = errors(check([rf], vocab, law_texts))
    assert not problems, "\n".join(p.render() for p in problems)


def test_good_files_check_clean_together(vocab, law_texts):
    files = [parse_file(p) for p in GOOD]
    problems = errors(check(files, vocab, law_texts))
    assert not problems, "\n".join(p.render() for p in problems)


def _expectation(path: Path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = re.match(r"expect: (\d+):(\d+): (.+)$", first)
    assert m, f"{path.name}: the first line must be `expect: LINE:COL: message`"
    return int(m.group(1)), int(m.group(2)), m.group(3).strip()


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_file_reports_the_error_where_it_is(path, vocab, law_texts):
    line, col, text = _expectation(path)
    try:
        problems = errors(check([parse_file(path)], vocab, law_texts))
    except DutyboundError as e:
        assert e.kind == "rules"
        problems = e.problems
    assert problems, f"{path.name}: no problem reported"
    rendered = [p.render() for p in problems]
    hits = [p for p in problems if (p.line, p.col) == (line, col) and text in p.message]
    assert hits, f"expected {line}:{col}: {text}; got:\n" + "\n\n".join(rendered)
    shown = hits[0].render()
    assert shown.startswith(f"{path}:{line}:{col}: error: "), shown
    assert hits[0].hint, "every problem carries a hint"


def test_positions_are_those_of_the_markdown_file():
    rf = parse_file(HERE / "good" / "comments.md")
    lines = (HERE / "good" / "comments.md").read_text(encoding="utf-8").splitlines()
    rule = rf.rules[0]
    assert lines[rule.pos.line - 1][rule.pos.col - 1:].startswith("rule g-comments")
    triple = rule.conditions[0]
    assert lines[triple.pos.line - 1][triple.pos.col - 1:].startswith("?pay processedBy")
    assert "Prose around the blocks" in rf.prose
    assert "rule not-code" in rf.prose and "g-comments" not in rf.prose


def test_tree_of_the_example_rule():
    rf = parse_file(HERE / "good" / "liable-options.md")
    head = rf.rules[0].heads[0]
    assert isinstance(head, ast.LiableHead)
    assert head.form == ast.Name("Supplementary")
    assert head.share == ast.Const(Decimal("0.5"))
    assert head.after == ast.Var("thief") and head.recourse == ast.Var("thief")
    assert head.factors == "the provider's share of the fault"
    assert rf.rules[0].heads[2] == ast.LiableHead(ast.Var("user"), ast.Var("psp"), negated=True)


def test_strings_keep_their_text():
    rf = parse_file(HERE / "good" / "provision.md")
    p = rf.provisions[0]
    assert p.text_original.startswith("未经授权的支付造成的损失")
    assert p.language == "zh" and p.verified == "P"
    assert p.text_en.startswith("Loss from an unauthorised payment falls on the payment service\n")
    assert p.specialises == ("G-CC-1165",) and p.replaces == ("G-TLL-old",)


def test_damaged_files_give_a_located_error_never_a_crash():
    """Deletes or inserts tokens in the good files at random (seeded): every
    result parses or fails with a DutyboundError at a line and column."""
    import random
    rnd = random.Random(7)
    junk = ["@", ")", "(", ";", "{", "}", "end", "then", "?x", "Foo", '"', '"""', "CNY",
            "=", "not", "liable", "as", "let", "-", ",", "sum", "a", "unless", "to"]
    for path in GOOD:
        text = path.read_text(encoding="utf-8")
        spans = [m.span() for m in re.finditer(r"\S+", text)]
        for _ in range(15):
            a, b = rnd.choice(spans)
            damaged = (text[:a] + text[b:] if rnd.random() < 0.5
                       else text[:a] + rnd.choice(junk) + " " + text[a:])
            try:
                parse_text(damaged, "d.md")
            except DutyboundError as e:
                p = e.problems[0]
                assert p.path == "d.md" and p.line and p.col and p.hint, p
