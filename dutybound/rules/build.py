"""Builds the typed syntax tree from the tokens the grammar matches.

The parse actions here are handed to grammar.build(); each turns the tokens
of one construct into ast nodes that keep their position in the file.
Positions come from a per-thread table of line starts that the parser sets
before each parse (`start`).
"""
from __future__ import annotations

import bisect
import inspect
import re
import threading
from decimal import Decimal

import pyparsing as pp

from dutybound.rules import ast, grammar
from dutybound.values import Money, ValueError_, parse_date, parse_datetime, parse_money

_REQUIRED = ("title", "jurisdiction", "rank", "effective", "en")
_LIABLE_OPTIONS = {"as": "form", "for": "amount", "share": "share", "cap": "cap",
                   "after": "after", "recourse": "recourse", "factors": "factors"}


class RuleSyntax(pp.ParseSyntaxException):
    """A syntax error found by an action, with a hint."""

    def __init__(self, s: str, loc: int, msg: str, hint: str | None = None):
        super().__init__(s, loc, msg)
        self.hint = hint


class _Id(str):
    """An identifier that remembers where it was written."""
    pos: ast.Pos


class _Agg:
    def __init__(self, func, target, conditions):
        self.func, self.target, self.conditions = func, target, conditions


# ------------------------------------------------------------ positions

_state = threading.local()


def start(code: str, path: str) -> None:
    """Makes positions of the next parse (in this thread) refer to `path`."""
    _state.path = str(path)
    _state.starts = [0] + [m.end() for m in re.finditer("\n", code)]


def skip_blank(s: str, loc: int) -> int:
    """The first token at or after loc (pyparsing may hand an action the
    location before the whitespace and comments it skipped)."""
    n = len(s)
    while loc < n:
        c = s[loc]
        if c in " \t\r\n":
            loc += 1
        elif c == "#":
            nl = s.find("\n", loc)
            loc = n if nl < 0 else nl
        else:
            break
    return loc


def position(s: str, loc: int, skip: bool = True) -> ast.Pos:
    if skip:
        loc = skip_blank(s, loc)
    starts = _state.starts
    i = bisect.bisect_right(starts, loc) - 1
    return ast.Pos(_state.path, i + 1, loc - starts[i] + 1)


def _value_loc(s: str, loc: int, key: str) -> int:
    """Where the value after keyword `key` starts."""
    return skip_blank(s, skip_blank(s, loc) + len(key))


# -------------------------------------------------------------- actions

def _unquote(text: str) -> str:
    if text.startswith('"""'):
        return inspect.cleandoc(text[3:-3])
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text[1:-1])


def _const(convert, what):
    def action(s, loc, t):
        try:
            return ast.Const(convert(t[0]), position(s, loc))
        except ValueError_ as e:
            raise RuleSyntax(s, loc, str(e), f"write {what}") from None
    return action


def _token(s, loc, t):
    return _TOKEN_ACTIONS[grammar.token_kind(t[0])](s, loc, t)


def _ident(s, loc, t):
    out = _Id(t[0])
    out.pos = position(s, loc)
    return out


def _call(s, loc, t):
    return ast.Call(t[0], tuple(t[1:]), position(s, loc))


def _unary(s, loc, t):
    x = t[1]
    if isinstance(x, ast.Const) and isinstance(x.value, Decimal):
        return ast.Const(-x.value, position(s, loc))
    if isinstance(x, ast.Const) and isinstance(x.value, Money):
        return ast.Const(Money(-x.value.amount, x.value.currency), position(s, loc))
    return ast.BinOp("*", ast.Const(Decimal(-1), position(s, loc)), x, position(s, loc))


def _binary(s, loc, t):
    out = t[0]
    for i in range(1, len(t), 2):
        out = ast.BinOp(t[i], out, t[i + 1], position(s, loc))
    return out


def _pred(s, loc, p):
    return p if isinstance(p, ast.Name) else ast.Name("a")


def _triples(s, loc, t):
    subject, out = t[0], []
    for i in range(1, len(t), 2):
        p = t[i]
        pos = position(s, loc) if i == 1 else (p.pos if isinstance(p, ast.Name) else None)
        if pos is None:  # a continued `; a Class`: point at the class
            pos = t[i + 1].pos
        out.append(ast.Triple(subject, _pred(s, loc, p), t[i + 1], False, pos))
    return out


def _not_triple(s, loc, t):
    return ast.Triple(t[0], _pred(s, loc, t[1]), t[2], True, position(s, loc))


def _atom(s, loc, t):
    return ast.ConclusionAtom(t[0], tuple(t[1:]), False, position(s, loc))


def _not_atom(s, loc, t):
    a = t[0]
    return ast.ConclusionAtom(a.kind, a.args, True, a.pos)


def _where(s, loc, t):
    return [ast.Test(e, position(s, loc) if i == 0 else e.pos) for i, e in enumerate(t)]


def _aggregate(s, loc, t):
    return _Agg(t[0], t[1], tuple(t[2:]))


def _let(s, loc, t):
    var, value = t[0], t[1]
    if isinstance(value, _Agg):
        return ast.Aggregate(var, value.func, value.target, value.conditions, position(s, loc))
    return ast.Let(var, value, position(s, loc))


def _unless(s, loc, t):
    proved = t[0][0] if len(t[0]) else None
    return ast.Exception_(tuple(t[1:]), proved, position(s, loc))


def _option(s, loc, t):
    return ("option", t[0], t[1], loc)


def _options(s, what: str, opts, allowed) -> dict:
    seen: dict = {}
    for _, key, value, loc in opts:
        if key not in allowed:
            raise RuleSyntax(s, loc, f"'{what}' takes no '{key}' option",
                             f"'{what}' takes: " + ", ".join(sorted(allowed)))
        if _LIABLE_OPTIONS[key] in seen:
            raise RuleSyntax(s, loc, f"'{key}' given twice in one '{what}' conclusion",
                             "each option may appear at most once")
        seen[_LIABLE_OPTIONS[key]] = value
    if "factors" in seen:
        seen["factors"] = seen["factors"].value
    return seen


def _negated(t) -> tuple[bool, list]:
    items = list(t)
    if items and items[0] == "not" and isinstance(items[0], str):
        return True, items[1:]
    return False, items


def _liable_head(s, loc, t):
    neg, (party, victim, opts) = _negated(t)
    o = _options(s, "liable", opts, set(_LIABLE_OPTIONS))
    return ast.LiableHead(party, victim, negated=neg, pos=position(s, loc), **o)


def _reduction_head(s, loc, t):
    neg, (party, victim, opts) = _negated(t)
    o = _options(s, "reduction", opts, {"share", "factors"})
    return ast.ReductionHead(party, victim, negated=neg, pos=position(s, loc), **o)


def _duty_like(cls):
    def action(s, loc, t):
        neg, items = _negated(t)
        party, duty = items[0], items[1]
        return cls(party, duty, items[2] if len(items) > 2 else None, neg, position(s, loc))
    return action


def _fact_heads(s, loc, t):
    return [ast.FactHead(tr, tr.pos) for tr in t]


def _not_fact_head(s, loc, t):
    tr = _not_triple(s, loc, t)
    return ast.FactHead(tr, tr.pos)


def _field(s, loc, t):
    key = t[0]
    if key == "original":
        value = (t[1], t[2].value)
    elif key in _ID_LISTS:
        value = tuple(t[1])
    else:
        value = t[1].value if isinstance(t[1], ast.Const) else t[1]
    return ("field", key, value, loc)


_ID_LISTS = ("specialises", "replaces", "renumbers", "transposed", "governs", "cites")


def _provision(s, loc, t):
    pid, fields = t[0], t[1]
    got: dict = {}
    refs = [("id", str(pid), pid.pos)]
    for _, key, value, floc in fields:
        if key in got:
            raise RuleSyntax(s, floc, f"'{key}' given twice in provision '{pid}'",
                             "each field of a provision may appear at most once")
        vpos = position(s, _value_loc(s, floc, key))
        if key in _ID_LISTS:
            refs += [(key, str(v), v.pos) for v in value]
            value = tuple(str(v) for v in value)
        elif key != "original":
            refs.append((key, str(value), vpos))
        else:
            refs.append((key, value[0], vpos))
        got[key] = value
    missing = [k for k in _REQUIRED if k not in got]
    if missing:
        raise RuleSyntax(s, loc, f"provision '{pid}' lacks " + ", ".join(f"'{k}'" for k in missing),
                         "every provision needs title, jurisdiction, rank, effective and en")
    lang, original = got.get("original", (None, None))
    return ast.Provision(
        id=str(pid), title=got["title"], source=str(got["source"]) if "source" in got else None,
        jurisdiction=str(got["jurisdiction"]), rank=str(got["rank"]),
        effective=got["effective"], repealed=got.get("repealed"),
        text_original=original, language=lang, text_en=got["en"],
        specialises=got.get("specialises", ()), replaces=got.get("replaces", ()),
        verified=str(got.get("verified", "V")), burden=got.get("burden"), url=got.get("url"),
        pos=position(s, loc), time=str(got["time"]) if "time" in got else None,
        renumbers=got.get("renumbers", ()), transposed=got.get("transposed", ()),
        refs=tuple(refs))


# ------------------------------------------------------- law in time

def _block_fields(s, loc, kind, bid, cites, fields, required, hint):
    """(fields by name, refs) of an application or limitation block; each field
    at most once, the required ones present."""
    got: dict = {}
    refs = [("id", str(bid), bid.pos)] + [("cites", str(c), c.pos) for c in cites]
    for _, key, value, floc in fields:
        if key in got:
            raise RuleSyntax(s, floc, f"'{key}' given twice in {kind} '{bid}'",
                             f"each field of {kind} may appear at most once")
        vpos = position(s, _value_loc(s, floc, key))
        if key in _ID_LISTS:
            refs += [(key, str(v), v.pos) for v in value]
            value = tuple(str(v) for v in value)
        else:
            refs.append((key, str(value), vpos))
        got[key] = value
    missing = [k for k in required if k not in got]
    if missing:
        raise RuleSyntax(s, loc, f"{kind} '{bid}' lacks " + ", ".join(f"'{k}'" for k in missing),
                         hint)
    return got, tuple(refs)


def _app_field(s, loc, t):
    key = t[0]
    value = t[1].value if isinstance(t[1], ast.Const) else t[1]
    if key == "governs":
        value = tuple(t[1])
    elif key == "to":
        value = " ".join(str(t[1]).split())
    return ("field", key, value, loc)


def _application(s, loc, t):
    aid, cites, fields = t[0], tuple(t[1][0]) if len(t[1]) else (), t[2]
    got, refs = _block_fields(s, loc, "application", aid, cites, fields, ("to", "en"),
                              "an application needs `to facts|transactions|pending cases` and `en`")
    reach = got["to"]
    return ast.Application(
        id=str(aid), cites=tuple(str(c) for c in cites),
        reach="pending" if reach.startswith("pending") else reach.split()[0],
        later_harm=reach.endswith("harm"), text_en=got["en"], governs=got.get("governs", ()),
        title=got.get("title"), basis=got.get("basis"), before=got.get("before"),
        verified=str(got.get("verified", "V")), pos=position(s, loc), refs=refs)


def _lim_field(s, loc, t):
    key = t[0]
    value = t[1].value if isinstance(t[1], ast.Const) else t[1]
    if key in ("period", "longstop"):
        value = int(t[1])
    elif key == "suspension":
        value = " ".join(str(t[1]).split())
    elif key == "claimant":
        value = t[1].name
    return ("field", key, value, loc)


def _limitation(s, loc, t):
    lid, cites, fields = t[0], tuple(t[1][0]) if len(t[1]) else (), t[2]
    got, refs = _block_fields(s, loc, "limitation", lid, cites, fields,
                              ("jurisdiction", "period", "starts", "en"),
                              "a limitation needs jurisdiction, `period N years`, `starts ...` and en")
    susp, months = got.get("suspension"), None
    if susp and susp.startswith("final"):
        susp, months = "final-months", int(susp.split()[1])
    return ast.Limitation(
        id=str(lid), cites=tuple(str(c) for c in cites), jurisdiction=str(got["jurisdiction"]),
        years=got["period"], starts=str(got["starts"]), text_en=got["en"],
        longstop_years=got.get("longstop"), suspension=susp, suspension_months=months,
        claimant=got.get("claimant"),
        title=got.get("title"), verified=str(got.get("verified", "V")),
        pos=position(s, loc), refs=refs)


def _header_option(s, loc, t):
    if t[0] == "closes":          # closes Name, ... "why the law reads the list as complete"
        return ("header", "closes", (tuple(t[1]), t[2].value), loc)
    return ("header", t[0], t[1].value if isinstance(t[1], ast.Const) else t[1], loc)


def _rule(s, loc, t):
    rid, cites, header, conds, excs, heads = t
    got: dict = {}
    refs = [("id", str(rid), rid.pos), ("cites", str(cites), cites.pos)]
    for _, key, value, hloc in header:
        if key in got:
            raise RuleSyntax(s, hloc, f"'{key}' given twice in rule '{rid}'",
                             "write 'overrides a, b' once, with a comma-separated list")
        got[key] = value
    overrides = tuple(got.get("overrides", ()))
    refs += [("overrides", str(o), o.pos) for o in overrides]
    note = got.get("note")
    closes, why = got.get("closes", ((), None))
    refs += [("closes", str(c), c.pos) for c in closes]
    return ast.Rule(str(rid), str(cites), tuple(conds), tuple(excs), tuple(heads),
                    tuple(str(o) for o in overrides), note,
                    position(s, loc), refs=tuple(refs),
                    closes=tuple(str(c) for c in closes), closes_because=why)


_TOKEN_ACTIONS = {
    "var": lambda s, loc, t: ast.Var(t[0][1:], position(s, loc)),
    "name": lambda s, loc, t: ast.Name(t[0], position(s, loc)),
    "number": _const(Decimal, "a number such as 12 or 0.5"),
    "money": _const(parse_money, "money as a currency code then an amount, e.g. CNY 1200.00"),
    "date": _const(parse_date, "a real date, YYYY-MM-DD"),
    "datetime": _const(parse_datetime, "a real date and time, YYYY-MM-DDTHH:MM[:SS]"),
    "string": lambda s, loc, t: ast.Const(_unquote(t[0]), position(s, loc)),
    "boolean": lambda s, loc, t: ast.Const(t[0] == "true", position(s, loc)),
}
ACTIONS = {
    **_TOKEN_ACTIONS, "token": _token,
    "ident": _ident, "call": _call, "paren": lambda s, loc, t: t[0], "unary": _unary,
    "binary": _binary, "compare": _binary, "triples": _triples, "not_triple": _not_triple,
    "atom": _atom, "not_atom": _not_atom, "where": _where, "let": _let,
    "aggregate": _aggregate, "unless": _unless, "option": _option,
    "liable_head": _liable_head, "reduction_head": _reduction_head,
    "duty_head": _duty_like(ast.DutyHead), "breach_head": _duty_like(ast.BreachHead),
    "fact_heads": _fact_heads, "not_fact_head": _not_fact_head,
    "field": _field, "header_option": _header_option, "provision": _provision, "rule": _rule,
    "app_field": _app_field, "application": _application,
    "lim_field": _lim_field, "limitation": _limitation,
}
