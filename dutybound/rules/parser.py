"""Reads literate rule files (Markdown) into the typed syntax tree.

Code lives in fenced blocks opened by a line ```dutybound and closed by ```;
every other line is prose and is blanked (not removed) before parsing, so
every position in the tree is the position in the Markdown file.
"""
from __future__ import annotations

import re
from pathlib import Path

import pyparsing as pp

from dutybound.errors import DutyboundError, Problem, did_you_mean
from dutybound.load.limits import Limits
from dutybound.load.nodes import too_deep
from dutybound.load.source import decode, read_bytes
from dutybound.rules import ast, build, grammar
from dutybound.rules.build import RuleSyntax, position, skip_blank

_FENCE_OPEN = re.compile(r"^\s*```+\s*dutybound\s*$")
_FENCE_ANY = re.compile(r"^\s*(```+|~~~+)")

_GRAMMAR: pp.ParserElement | None = None


def _grammar() -> pp.ParserElement:
    global _GRAMMAR
    if _GRAMMAR is None:
        _GRAMMAR = grammar.build(build.ACTIONS).parse_with_tabs()
    return _GRAMMAR


# --------------------------------------------------------------- entry

def split_markdown(text: str, path: str) -> tuple[str, str]:
    """(code, prose): code keeps only the lines inside ```dutybound blocks,
    every other line blanked; prose is the rest of the Markdown."""
    code, prose = [], []
    inside, other_fence, opened = False, None, 0
    for n, line in enumerate(text.splitlines(keepends=True), 1):
        body = line.rstrip("\r\n")
        end = line[len(body):]
        if inside:
            if body.strip().startswith("```") and body.strip().strip("`") == "":
                inside = False
                code.append(end)
            else:
                code.append(line)
            continue
        code.append(end)
        prose.append(line)
        if other_fence:
            if body.strip().startswith(other_fence):
                other_fence = None
        elif _FENCE_OPEN.match(body):
            inside, opened = True, n
            prose.pop()
        elif m := _FENCE_ANY.match(body):
            other_fence = m.group(1)
    if inside:
        raise DutyboundError(Problem(
            "this ```dutybound block is never closed", path, opened, 1, length=11,
            hint="end the code block with a line holding only ```"), kind="rules")
    return "".join(code), "".join(prose)


def parse_text(text: str, path: str = "<input>", limits: Limits | None = None) -> ast.RuleFile:
    limits = limits or Limits.from_env()
    if len(text) > limits.rule_file_bytes:
        raise DutyboundError(limits.problem("rule_file_bytes", f"the rule file has {len(text):,} "
                                            "characters", str(path)), kind="file")
    code, prose = split_markdown(text, path)
    code = grammar.blank_comments(code)
    build.start(code, str(path))
    _check_nesting(code, str(path), limits)     # before pyparsing, which recurses into brackets
    try:
        result = _grammar().parse_string(code, parse_all=True)
    except pp.ParseBaseException as e:
        raise DutyboundError(_problem(e, code, str(path)), kind="rules") from None
    provisions = tuple(x for x in result if isinstance(x, ast.Provision))
    rules = tuple(x for x in result if isinstance(x, ast.Rule))
    applications = tuple(x for x in result if isinstance(x, ast.Application))
    limitations = tuple(x for x in result if isinstance(x, ast.Limitation))
    _check_expression_depth(rules, limits)      # a long chain `1 + 1 + ...` nests without brackets
    return ast.RuleFile(str(path), provisions, rules, prose, applications, limitations)


def parse_file(path, limits: Limits | None = None) -> ast.RuleFile:
    limits = limits or Limits.from_env()
    data = read_bytes(str(path), limits.rule_file_bytes, "rule_file_bytes", limits)
    return parse_text(decode(data, str(path)), str(path), limits)


# ------------------------------------------------------------- limits

_BRACKET = re.compile(r'"""(?:.|\n)*?"""|"(?:[^"\\\n]|\\.)*"|[(){}]')


def _check_nesting(code: str, path: str, limits: Limits) -> None:
    if hit := too_deep(_BRACKET, code, "({", ")}", limits.expression_depth):
        pos = position(code, hit[0], skip=False)
        raise DutyboundError(_limit(limits, f"brackets nested {hit[1]} deep", path, pos), kind="rules")


def _check_expression_depth(rules, limits: Limits) -> None:
    """Every expression, aggregate and condition list at most `expression_depth`
    deep, walked without recursion."""
    todo = [(r, 0, r.pos) for r in rules]
    while todo:
        node, depth, pos = todo.pop()
        if depth > limits.expression_depth:
            raise DutyboundError(_limit(limits, f"an expression nested {depth} deep",
                                        pos.path if pos else None, pos), kind="rules")
        if isinstance(node, (tuple, list)):
            todo += [(x, depth, pos) for x in node]
        elif hasattr(node, "__dataclass_fields__") and not isinstance(node, (ast.Pos, ast.Provision)):
            here = (getattr(node, "pos", None) or pos) if depth <= 1 else pos   # the condition's place
            for name in node.__dataclass_fields__:
                if name not in ("pos", "refs"):
                    todo.append((getattr(node, name), depth + 1, here))


def _limit(limits: Limits, found: str, path, pos) -> Problem:
    p = limits.problem("expression_depth", found, path, pos.line if pos else None,
                       pos.col if pos else None)
    p.hint = "split the expression with `let ?part = ...`; " + p.hint
    return p


# --------------------------------------------------------------- errors

_HINTS = {
    "'end'": "every provision and rule ends with a line `end`",
    "a condition": "a condition is `?x property ?y`, `?x a Class`, `not ...`, `where ...`, "
                   "`let ?v = ...`, or a conclusion such as `liable ?x to ?y`",
    "a conclusion": "a conclusion is `liable ?x to ?y ...`, `duty ?x Duty`, `breach ?x Duty`, "
                    "`reduction ?x to ?y`, or a fact `?x a Class` / `?x property ?y`",
    "an expression": "an expression is a term, a call such as days_between(?a, ?b), "
                     "arithmetic (+ - * /) or a comparison (< <= > >= = !=)",
    "a term (?variable, Name or literal)":
        "a term is a ?variable, a vocabulary Name, a number, money (CNY 10.00), "
        "a date (2021-01-01), a string or true/false",
    "a property or 'a'": "write `?x property ?y` or `?x a Class`",
    "a provision field or 'end'":
        "provision fields: " + ", ".join(grammar.PROVISION_FIELDS) + "; close with `end`",
    "a condition, 'unless' or 'then'":
        "conditions follow `when`, exceptions follow `unless`, conclusions follow `then`",
    "'provision', 'rule', 'application' or 'limitation'":
        "a code block holds `provision ... end`, `rule ... end`, `application ... end` and "
        "`limitation ... end` blocks",
    "an application field or 'end'":
        "application fields: " + ", ".join(grammar.APPLICATION_FIELDS) + "; close with `end`",
    "a limitation field or 'end'":
        "limitation fields: " + ", ".join(grammar.LIMITATION_FIELDS) + "; close with `end`",
    "'facts', 'facts or later harm', 'transactions' or 'pending cases'":
        "write `to facts`, `to facts or later harm`, `to transactions` or `to pending cases`",
    "'final N months' or 'not-counted'":
        "write `suspension final 6 months` (CC 194) or `suspension not-counted` (BGB 209)",
    "a whole number": "write the number of years, e.g. `period 3 years`",
    "a condition or '}'": "close the aggregate's conditions with }",
    "an expression or an aggregate": "write `let ?v = EXPRESSION` or "
                                     "`let ?v = sum ?x over { conditions }`",
    "a variable (?name)": "variables start with ?, e.g. ?pay",
    "a string": 'write text between double quotes, "..." or """...""" over several lines',
    "a name": "a name of the ontology: a class, property or individual",
    "a date (YYYY-MM-DD)": "write a date as YYYY-MM-DD, e.g. 2021-01-01",
    "an identifier": "ids are letters, digits, '-', '.' and '_', e.g. ECL-57-2",
    "a word": "see the list of allowed values in docs/rule-language.md",
    "a language code (zh, de, en)": "write the language, then the text: original zh \"\"\"...\"\"\"",
    "a triple or a conclusion after 'not'":
        "write `not ?x property ?y`, `not ?x a Class` or `not liable ?x to ?y`",
    "'to'": "write `liable ?party to ?victim` or `reduction ?party to ?victim`",
}
_BLOCK = re.compile(r"(?m)^[ \t]*(rule|provision|application|limitation)\s+([A-Za-z0-9][A-Za-z0-9._-]*)")


def _problem(e: pp.ParseBaseException, code: str, path: str) -> Problem:
    loc = skip_blank(code, min(e.loc, len(code)))
    if not code[loc:].strip():                     # at the end: after the last token
        loc = len(code.rstrip())
    pos = position(code, loc, skip=False)
    token = re.match(r"\S{1,24}", code[loc:])
    found = f"'{token.group(0)}'" if token else "the end of the file"
    if isinstance(e, RuleSyntax):
        return Problem(e.msg, path, pos.line, pos.col, len(token.group(0)) if token else 1,
                       e.hint or "see docs/rule-language.md")
    if code.startswith('"', loc):
        closing = '"""' if code.startswith('"""', loc) else '"'
        rest = code[loc + len(closing):] if closing == '"""' else code[loc + 1:].split("\n")[0]
        if closing not in rest.replace('\\"', ""):
            return Problem(f"unterminated string: no closing {closing}", path, pos.line,
                           pos.col, 1, 'close the string; text over several lines goes '
                           'between """ and """')
    expected = e.msg[9:] if e.msg.startswith("Expected ") else e.msg
    blocks = list(_BLOCK.finditer(code, 0, loc))
    where = f"{blocks[-1].group(1)} '{blocks[-1].group(2)}'" if blocks else None
    if expected == "'provision', 'rule', 'application' or 'limitation'":
        where = None
    hint = _HINTS.get(expected, "see docs/rule-language.md")
    if expected.endswith("'end'") and where:
        message = f"expected 'end' to close {where}"
        if expected == "a provision field or 'end'":
            message = f"expected a provision field or 'end' to close {where}"
            if token and (dym := did_you_mean(token.group(0), grammar.PROVISION_FIELDS)):
                hint = dym + " " + hint
        elif expected in ("an application field or 'end'", "a limitation field or 'end'"):
            message = f"expected {expected[:-6]} or 'end' to close {where}"
        elif expected == "a conclusion or 'end'":
            hint = "a rule ends with a line `end` after its conclusions; " + _HINTS["a conclusion"]
    else:
        message = f"expected {expected}" + (f" in {where}" if where else "")
    return Problem(f"{message}, found {found}", path, pos.line, pos.col,
                   len(token.group(0)) if token else 1, hint)
