"""The grammar of the rule language (pyparsing). Structure only.

`build(actions)` returns the grammar of a whole (prose-blanked) rule file.
`actions` maps construct names (the keys of CONSTRUCTS) to pyparsing parse
actions; the parser supplies them to turn tokens into the typed syntax tree.
This module knows nothing of the tree or of evaluation.

Every element is named (`set_name`) so errors read "expected a condition";
`-` after a keyword that commits to a construct makes pyparsing report the
error where it happens instead of backtracking to the start of the rule.
"""
from __future__ import annotations

import re
from typing import Callable

import pyparsing as pp

# Words that may start or continue a condition or a conclusion: a vocabulary
# name can never be one of these, or the grammar would be ambiguous.
RESERVED = frozenset("""
    a not where and let sum count liable breach duty reduction to when unless proved
    then end true false rule provision
""".split())

# The options of `liable`/`reduction` are keywords only right after one, so
# the ontology's `share`, `cap` and `factors` properties stay usable.
LIABLE_OPTIONS = ("as", "for", "share", "cap", "after", "recourse", "factors")

# Words that are keywords only where they occur (a provision's fields, a
# rule's header), so the ontology may still use them as names.
PROVISION_FIELDS = ("title", "source", "jurisdiction", "rank", "effective", "repealed",
                    "specialises", "replaces", "verified", "burden", "url", "original", "en",
                    "time", "renumbers", "transposed")
# The fields of the blocks that say how law applies in time (docs/rule-language.md).
APPLICATION_FIELDS = ("title", "to", "governs", "basis", "before", "verified", "en")
LIMITATION_FIELDS = ("title", "jurisdiction", "claimant", "period", "starts", "longstop",
                     "suspension", "verified", "en")
CONTEXTUAL = frozenset(PROVISION_FIELDS) | frozenset(LIABLE_OPTIONS) | {
    "cites", "overrides", "note", "closes", "over", "by", "against", "min", "max",
    "application", "limitation", "governs", "basis", "before", "period", "years", "starts", "longstop",
    "suspension", "claimant"}

KEYWORDS = RESERVED | CONTEXTUAL

# The constructs the parser attaches actions to.
CONSTRUCTS = (
    "token", "var", "name", "date", "string",
    "call", "paren", "unary", "binary", "compare",
    "triples", "not_triple", "atom", "not_atom", "where", "let", "aggregate", "unless",
    "liable_head", "duty_head", "breach_head", "reduction_head", "fact_heads", "not_fact_head",
    "option", "field", "header_option", "provision", "rule",
    "app_field", "application", "lim_field", "limitation",
)

_RESERVED_RE = "|".join(sorted(RESERVED, key=len, reverse=True))

VAR = r"\?[A-Za-z_][A-Za-z0-9_]*"
NAME = rf"(?!(?:{_RESERVED_RE})(?![A-Za-z0-9_-]))[A-Za-z_][A-Za-z0-9_-]*"
DATETIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?![\w:-])"
DATE = r"\d{4}-\d{2}-\d{2}(?![\w:-])"
MONEY = r"[A-Z]{3}[ \t]+-?\d+(?:\.\d+)?(?![\w.])"
NUMBER = r"\d+(?:\.\d+)?(?![\w.])"
STRING = r'"""(?:.|\n)*?"""|"(?:[^"\\\n]|\\.)*"'
BOOLEAN = r"(?:true|false)(?![A-Za-z0-9_-])"
# The kinds of a term, in the order they are tried.
TOKEN_KINDS = ("var", "datetime", "date", "money", "number", "string", "boolean", "name")


def _token_re(signed: bool, groups: bool = False) -> str:
    pats = {"var": VAR, "datetime": DATETIME, "date": DATE, "money": MONEY,
            "number": ("-?" if signed else "") + NUMBER, "string": STRING,
            "boolean": BOOLEAN, "name": NAME}
    return "|".join((f"(?P<{k}>{pats[k]})" if groups else f"(?:{pats[k]})")
                    for k in TOKEN_KINDS)


_KIND = re.compile(_token_re(signed=True, groups=True))


def token_kind(token: str) -> str:
    """Which of TOKEN_KINDS a term token is."""
    return _KIND.match(token).lastgroup


def _kw(word: str) -> pp.ParserElement:
    # A regex rather than pp.Keyword: it fails where the word starts (so a
    # MatchFirst reports its own name) and is faster.
    return pp.Regex(re.escape(word) + r"(?![A-Za-z0-9_-])").set_name(f"'{word}'")


def _lit(sym: str) -> pp.Suppress:
    return pp.Suppress(pp.Literal(sym).set_name(f"'{sym}'"))


def build(actions: dict[str, Callable] | None = None) -> pp.ParserElement:
    act = actions or {}

    def on(name: str, el: pp.ParserElement) -> pp.ParserElement:
        if name in act:
            el.add_parse_action(act[name])
        return el

    K = {w: _kw(w) for w in KEYWORDS}
    S = {w: pp.Suppress(K[w]) for w in KEYWORDS}

    # ---------------------------------------------------------------- terms
    var = on("var", pp.Regex(VAR).set_name("a variable (?name)"))
    name = on("name", pp.Regex(NAME).set_name("a name"))
    date = on("date", pp.Regex(DATE).set_name("a date (YYYY-MM-DD)"))
    string = on("string", pp.Regex(STRING).set_name("a string"))
    # One regex per position rather than a MatchFirst of eight: the parser
    # tells the kinds apart by the named group that matched (TOKEN_KINDS).
    term = on("token", pp.Regex(_token_re(signed=True)).set_name(
        "a term (?variable, Name or literal)"))
    value = on("token", pp.Regex(_token_re(signed=False)).set_name("an expression"))

    # ---------------------------------------------------------- expressions
    expr = pp.Forward().set_name("an expression")
    fname = pp.Regex(r"[A-Za-z_][A-Za-z0-9_]*(?=\()").set_name("a function name")
    args = pp.Optional(pp.DelimitedList(expr)).set_name("arguments")
    call = on("call", (fname + _lit("(") - args - _lit(")")).set_name("a function call"))
    paren = on("paren", (_lit("(") - expr - _lit(")")).set_name("a parenthesised expression"))
    atom = (call | paren | value).set_name("an expression")
    unary = (on("unary", pp.Literal("-") + atom) | atom).set_name("an expression")
    mul_op = pp.one_of("* /").set_name("'*' or '/'")
    add_op = pp.one_of("+ -").set_name("'+' or '-'")
    cmp_op = pp.one_of("<= >= != < > =").set_name("a comparison (< <= > >= = !=)")
    product = on("binary", (unary + pp.ZeroOrMore(mul_op - unary)).set_name("an expression"))
    total = on("binary", (product + pp.ZeroOrMore(add_op - product)).set_name("an expression"))
    expr <<= on("compare", (total + pp.Optional(cmp_op - total)).set_name("an expression"))

    # ----------------------------------------------------------- conditions
    predicate = (K["a"] | name).set_name("a property or 'a'")
    triples = on("triples", (
        term + predicate - term
        + pp.ZeroOrMore(_lit(";") - predicate - term)).set_name("a triple"))
    single_triple = (term - predicate - term).set_name("a triple")

    to_party = S["to"] - term
    conclusion_atom = on("atom", (
        (K["liable"] - term - to_party)
        | (K["reduction"] - term - to_party)
        | ((K["breach"] | K["duty"]) - term - name - pp.Optional(to_party))
    ).set_name("a conclusion"))
    negated = S["not"] - (on("not_atom", conclusion_atom.copy())
                          | on("not_triple", single_triple.copy())
                          ).set_name("a triple or a conclusion after 'not'")

    where = on("where", (S["where"] - expr + pp.ZeroOrMore(S["and"] - expr)
                         ).set_name("a 'where' test"))
    condition = pp.Forward().set_name("a condition")
    agg_func = (K["sum"] | K["count"] | K["min"] | K["max"]).set_name("sum, count, min or max")
    aggregate = on("aggregate", (
        agg_func + var + S["over"] - _lit("{") - pp.OneOrMore(condition)
        - _lit("}").set_name("a condition or '}'")).set_name("an aggregate"))
    let = on("let", (S["let"] - var - _lit("=")
                     - (aggregate | expr).set_name("an expression or an aggregate")
                     ).set_name("a 'let'"))
    # A term never is a keyword, so the common case (a triple) can go first.
    condition <<= (triples | negated | where | let | conclusion_atom).set_name("a condition")

    proved_by = S["proved"] - S["by"] - var
    unless = on("unless", (S["unless"] - pp.Group(pp.Optional(proved_by))
                           - pp.OneOrMore(condition)).set_name("an 'unless' block"))

    # ---------------------------------------------------------- conclusions
    option = on("option", (
        (K["as"] - name) | (K["for"] - expr) | (K["share"] - expr) | (K["cap"] - expr)
        | (K["after"] - term) | (K["recourse"] - S["against"] - term)
        | (K["factors"] - string)).set_name("a liability option"))
    liable_head = on("liable_head", (
        pp.Optional(K["not"]) + S["liable"] - term - to_party
        - pp.Group(pp.ZeroOrMore(option))).set_name("a 'liable' conclusion"))
    reduction_head = on("reduction_head", (
        pp.Optional(K["not"]) + S["reduction"] - term - to_party
        - pp.Group(pp.ZeroOrMore(option))).set_name("a 'reduction' conclusion"))
    duty_head = on("duty_head", (
        pp.Optional(K["not"]) + S["duty"] - term - name - pp.Optional(to_party)
    ).set_name("a 'duty' conclusion"))
    breach_head = on("breach_head", (
        pp.Optional(K["not"]) + S["breach"] - term - name - pp.Optional(to_party)
    ).set_name("a 'breach' conclusion"))
    not_fact = on("not_fact_head", (S["not"] + single_triple.copy()).set_name("a fact"))
    fact_heads = on("fact_heads", triples.copy())
    head = (fact_heads | liable_head | reduction_head | duty_head | breach_head | not_fact
            ).set_name("a conclusion")

    # ------------------------------------------------------------- blocks
    ident = on("ident", pp.Regex(r"[A-Za-z0-9][A-Za-z0-9._-]*").set_name("an identifier"))
    id_list = pp.Group(pp.DelimitedList(ident)).set_name("a list of identifiers")
    word = pp.Regex(r"[A-Za-z]+").set_name("a word")
    lang = pp.Regex(r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?").set_name("a language code (zh, de, en)")
    field = on("field", (
        (K["title"] - string) | (K["source"] - ident) | (K["jurisdiction"] - word)
        | (K["rank"] - word) | (K["effective"] - date) | (K["repealed"] - date)
        | (K["specialises"] - id_list) | (K["replaces"] - id_list) | (K["verified"] - word)
        | (K["burden"] - string) | (K["url"] - string)
        | (K["original"] - lang - string) | (K["en"] - string)
        | (K["time"] - ident) | (K["renumbers"] - id_list) | (K["transposed"] - id_list)
    ).set_name("a provision field"))
    end = S["end"].copy().set_name("'end'")
    provision = on("provision", (
        S["provision"] - ident - pp.Group(pp.ZeroOrMore(field))
        - end.copy().set_name("a provision field or 'end'")).set_name("a provision"))

    header_option = on("header_option", (
        (K["overrides"] - id_list) | (K["note"] - string)
        | (K["closes"] - id_list - string)).set_name("'overrides', 'note' or 'closes'"))
    conditions = pp.Group(pp.Optional(S["when"] - pp.OneOrMore(condition)))
    rule = on("rule", (
        S["rule"] - ident - S["cites"] - ident - pp.Group(pp.ZeroOrMore(header_option))
        - conditions - pp.Group(pp.ZeroOrMore(unless))
        - S["then"].copy().set_name("a condition, 'unless' or 'then'")
        - pp.Group(pp.OneOrMore(head))
        - end.copy().set_name("a conclusion or 'end'")).set_name("a rule"))

    # -------------------------------------------------- law in time
    cites = pp.Group(pp.Optional(S["cites"] - id_list))
    reach = pp.Regex(r"facts(?:[ \t\r\n]+or[ \t\r\n]+later[ \t\r\n]+harm)?(?![\w-])"
                     r"|transactions(?![\w-])|pending[ \t\r\n]+cases(?![\w-])").set_name(
        "'facts', 'facts or later harm', 'transactions' or 'pending cases'")
    app_field = on("app_field", (
        (K["title"] - string) | (K["to"] - reach) | (K["governs"] - id_list)
        | (K["basis"] - string) | (K["before"] - string) | (K["verified"] - word) | (K["en"] - string)
    ).set_name("an application field"))
    application = on("application", (
        S["application"] - ident - cites - pp.Group(pp.ZeroOrMore(app_field))
        - end.copy().set_name("an application field or 'end'")).set_name("an application"))
    count = pp.Regex(r"\d+(?![\w.])").set_name("a whole number")
    suspension = pp.Regex(r"final[ \t]+\d+[ \t]+months(?![\w-])|not-counted(?![\w-])").set_name(
        "'final N months' or 'not-counted'")
    lim_field = on("lim_field", (
        (K["title"] - string) | (K["jurisdiction"] - word) | (K["claimant"] - name)
        | (K["period"] - count - S["years"]) | (K["longstop"] - count - S["years"])
        | (K["starts"] - pp.Regex(r"[A-Za-z-]+").set_name("knowledge, year-end or occurrence"))
        | (K["suspension"] - suspension) | (K["verified"] - word) | (K["en"] - string)
    ).set_name("a limitation field"))
    limitation = on("limitation", (
        S["limitation"] - ident - cites - pp.Group(pp.ZeroOrMore(lim_field))
        - end.copy().set_name("a limitation field or 'end'")).set_name("a limitation"))

    block = (provision | rule | application | limitation).set_name(
        "'provision', 'rule', 'application' or 'limitation'")
    # Comments are blanked before parsing (blank_comments): far cheaper than
    # letting pyparsing try a comment before every token.
    return pp.ZeroOrMore(block) - pp.StringEnd().set_name(
        "'provision', 'rule', 'application' or 'limitation'")


_COMMENT_OR_STRING = re.compile(r'"""(?:.|\n)*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*')


def blank_comments(code: str) -> str:
    """Replaces every `#` comment (outside strings) by spaces, keeping every
    other character where it is."""
    def repl(m: re.Match) -> str:
        text = m.group(0)
        return " " * len(text) if text.startswith("#") else text
    return _COMMENT_OR_STRING.sub(repl, code)


def keyword_re() -> re.Pattern:
    """Matches a whole reserved word (for tools that highlight rule files)."""
    return re.compile(rf"(?<![\w?-])(?:{_RESERVED_RE})(?![\w-])")
