"""The syntax tree written back as rule-language text: what `parse_text`
reads into an equal tree (tests/rules/test_rule_properties.py checks it on
every shipped rule file and on generated ones).

    format_file(parse_file("rules/cn/ecommerce-law-57.md"))   # one ```dutybound block

The output is canonical, not a copy of the source: one condition or
conclusion per line, provision fields in one order, every string in double
quotes with \\ \" and \\n escaped, parentheses only where precedence needs
them. The Markdown prose around the blocks is not kept.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dutybound.rules import ast
from dutybound.values import Money

_LEVEL = {"<": 1, "<=": 1, ">": 1, ">=": 1, "=": 1, "!=": 1, "+": 2, "-": 2, "*": 3, "/": 3}


def format_file(rf: ast.RuleFile) -> str:
    blocks = [format_provision(p) for p in rf.provisions] + [format_rule(r) for r in rf.rules] \
        + [format_application(a) for a in rf.applications] + [format_limitation(x) for x in rf.limitations]
    return "```dutybound\n" + "\n".join(blocks) + "```\n"


def format_provision(p: ast.Provision) -> str:
    out = [f"provision {p.id}", f"  title {string(p.title)}"]
    if p.source is not None:
        out.append(f"  source {p.source}")
    out += [f"  jurisdiction {p.jurisdiction}", f"  rank {p.rank}", f"  effective {p.effective.isoformat()}"]
    if p.repealed is not None:
        out.append(f"  repealed {p.repealed.isoformat()}")
    if p.specialises:
        out.append("  specialises " + ", ".join(p.specialises))
    if p.replaces:
        out.append("  replaces " + ", ".join(p.replaces))
    if p.time is not None:
        out.append(f"  time {p.time}")
    if p.renumbers:
        out.append("  renumbers " + ", ".join(p.renumbers))
    if p.transposed:
        out.append("  transposed " + ", ".join(p.transposed))
    out.append(f"  verified {p.verified}")
    if p.burden is not None:
        out.append(f"  burden {string(p.burden)}")
    if p.url is not None:
        out.append(f"  url {string(p.url)}")
    if p.text_original is not None:
        out.append(f"  original {p.language} {string(p.text_original)}")
    out += [f"  en {string(p.text_en)}", "end", ""]
    return "\n".join(out)


_REACH = {"facts": "facts", "transactions": "transactions", "pending": "pending cases"}


def format_application(a: ast.Application) -> str:
    """An `application` block (how provisions apply in time)."""
    out = [f"application {a.id}" + (" cites " + ", ".join(a.cites) if a.cites else "")]
    if a.title is not None:
        out.append(f"  title {string(a.title)}")
    out.append("  to " + ("facts or later harm" if a.later_harm else _REACH[a.reach]))
    if a.governs:
        out.append("  governs " + ", ".join(a.governs))
    if a.basis is not None:
        out.append(f"  basis {string(a.basis)}")
    if a.before is not None:
        out.append(f"  before {string(a.before)}")
    out += [f"  verified {a.verified}", f"  en {string(a.text_en)}", "end", ""]
    return "\n".join(out)


def format_limitation(x: ast.Limitation) -> str:
    """A `limitation` block (the period of the claims under one jurisdiction's law)."""
    out = [f"limitation {x.id}" + (" cites " + ", ".join(x.cites) if x.cites else "")]
    if x.title is not None:
        out.append(f"  title {string(x.title)}")
    out.append(f"  jurisdiction {x.jurisdiction}")
    if x.claimant is not None:
        out.append(f"  claimant {x.claimant}")
    out += [f"  period {x.years} years", f"  starts {x.starts}"]
    if x.longstop_years is not None:
        out.append(f"  longstop {x.longstop_years} years")
    if x.suspension == "final-months":
        out.append(f"  suspension final {x.suspension_months} months")
    elif x.suspension is not None:
        out.append(f"  suspension {x.suspension}")
    out += [f"  verified {x.verified}", f"  en {string(x.text_en)}", "end", ""]
    return "\n".join(out)


def format_rule(r: ast.Rule) -> str:
    out = [f"rule {r.id} cites {r.cites}"]
    if r.overrides:
        out.append("  overrides " + ", ".join(r.overrides))
    if r.note is not None:
        out.append(f"  note {string(r.note)}")
    if r.closes:            # the lists the law reads as complete, and why
        out.append(f"  closes {', '.join(r.closes)} {string(r.closes_because or '')}")
    if r.conditions:
        out.append("  when")
        out += [f"    {condition(c)}" for c in r.conditions]
    for e in r.exceptions:
        out.append("  unless" + (f" proved by {term(e.proved_by)}" if e.proved_by else ""))
        out += [f"    {condition(c)}" for c in e.conditions]
    out.append("  then")
    out += [f"    {head(h)}" for h in r.heads]
    out += ["end", ""]
    return "\n".join(out)


# ------------------------------------------------------------ conditions

def condition(c) -> str:
    if isinstance(c, ast.Triple):
        return ("not " if c.negated else "") + triple(c)
    if isinstance(c, ast.Test):
        return f"where {expr(c.expr)}"
    if isinstance(c, ast.Let):
        return f"let {term(c.var)} = {expr(c.expr)}"
    if isinstance(c, ast.Aggregate):
        inner = " ".join(condition(x) for x in c.conditions)
        return f"let {term(c.var)} = {c.func} {term(c.target)} over {{ {inner} }}"
    if isinstance(c, ast.ConclusionAtom):
        return ("not " if c.negated else "") + _atom(c.kind, c.args)
    raise TypeError(c)


def triple(t: ast.Triple) -> str:
    return f"{term(t.subject)} {t.predicate.name} {term(t.object)}"


def _atom(kind: str, args) -> str:
    if kind in ("liable", "reduction"):
        return f"{kind} {term(args[0])} to {term(args[1])}"
    text = f"{kind} {term(args[0])} {term(args[1])}"
    return text + (f" to {term(args[2])}" if len(args) > 2 else "")


# ------------------------------------------------------------ conclusions

def head(h) -> str:
    neg = "not " if getattr(h, "negated", False) else ""
    if isinstance(h, ast.FactHead):
        return ("not " if h.triple.negated else "") + triple(h.triple)
    if isinstance(h, ast.LiableHead):
        opts = [("as", h.form and h.form.name), ("for", h.amount and expr(h.amount)),
                ("share", h.share and expr(h.share)), ("cap", h.cap and expr(h.cap)),
                ("after", h.after and term(h.after)),
                ("recourse against", h.recourse and term(h.recourse)),
                ("factors", h.factors is not None and string(h.factors))]
        return neg + f"liable {term(h.party)} to {term(h.victim)}" + _options(opts)
    if isinstance(h, ast.ReductionHead):
        opts = [("share", h.share and expr(h.share)), ("factors", h.factors is not None and string(h.factors))]
        return neg + f"reduction {term(h.party)} to {term(h.victim)}" + _options(opts)
    if isinstance(h, (ast.DutyHead, ast.BreachHead)):
        kind = "duty" if isinstance(h, ast.DutyHead) else "breach"
        return neg + f"{kind} {term(h.party)} {h.duty.name}" + (
            f" to {term(h.beneficiary)}" if h.beneficiary is not None else "")
    raise TypeError(h)


def _options(opts) -> str:
    return "".join(f" {key} {value}" for key, value in opts if value)


# ------------------------------------------------------------ expressions and terms

def expr(e, level: int = 0) -> str:
    """`e` as text that parses back to `e` where an expression of at least
    `level` is expected (parenthesised when its own level is lower)."""
    if isinstance(e, ast.BinOp):
        mine = _LEVEL[e.op]
        if mine == 1:                   # a comparison does not chain: both sides are sums
            text = f"{expr(e.left, 2)} {e.op} {expr(e.right, 2)}"
        else:                           # left-associative: the right side binds tighter
            text = f"{expr(e.left, mine)} {e.op} {expr(e.right, mine + 1)}"
        return f"({text})" if mine < level else text
    if isinstance(e, ast.Call):
        return f"{e.func}({', '.join(expr(a) for a in e.args)})"
    return term(e)


def term(t) -> str:
    if isinstance(t, ast.Var):
        return "?" + t.name
    if isinstance(t, ast.Name):
        return t.name
    if isinstance(t, ast.Const):
        return constant(t.value)
    raise TypeError(t)


def constant(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, Money):
        return f"{v.currency} {format(v.amount, 'f')}"
    if isinstance(v, dt.datetime):
        return v.isoformat(timespec="seconds" if v.second else "minutes")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, str):
        return string(v)
    raise TypeError(v)


def string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
