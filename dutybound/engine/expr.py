"""Evaluation of the rule language's expressions under a variable binding.

Exact arithmetic only: numbers are Decimal, money is values.Money, and
dates are datetime.date / datetime.datetime. A type mismatch (adding a
date to money) raises EvalError, which the grounder reports as a problem
of the rule at its source position rather than a crash.
"""
from __future__ import annotations

import operator
from decimal import Decimal

from dutybound.engine import unknowns
from dutybound.rules.ast import BinOp, Call, Const, Name, Var
from dutybound.rules.functions import call as call_builtin
from dutybound.values import Money, Unknown, UnknownTruth, ValueError_


class EvalError(ValueError_):
    def __init__(self, message: str, pos=None):
        super().__init__(message)
        self.pos = pos


_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
_CMP = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
        "=": operator.eq, "!=": operator.ne}


def value_of(term, binding: dict):
    """The value of a term: a bound variable, a vocabulary name or a literal."""
    if isinstance(term, Var):
        return binding[term.name]
    if isinstance(term, Name):
        return term.name
    if isinstance(term, Const):
        return term.value
    raise TypeError(term)


def evaluate(expr, binding: dict, ctx):
    """The value of an expression: a known value, an Unknown (values.Unknown)
    when it rests on values the incident leaves unknown, and for a comparison
    True, False or an UnknownTruth (engine/unknowns.py)."""
    if isinstance(expr, (Var, Name, Const)):
        return value_of(expr, binding)
    if isinstance(expr, Call):
        args = [evaluate(a, binding, ctx) for a in expr.args]
        if any(isinstance(a, Unknown) for a in args):
            return unknowns.call(expr.func, args, lambda xs: _call(ctx, expr, xs))
        return _call(ctx, expr, args)
    if isinstance(expr, BinOp):
        left = evaluate(expr.left, binding, ctx)
        right = evaluate(expr.right, binding, ctx)
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            if expr.op in _CMP:
                return unknowns.compare(expr.op, left, right, lambda a, b: _binop(expr, a, b))
            return unknowns.arith(expr.op, left, right, lambda a, b: _binop(expr, a, b))
        return _binop(expr, left, right)
    raise TypeError(expr)


def truth(value):
    """A test's outcome: True, False, or UnknownTruth (a value that is itself
    unknown, e.g. a yes/no property left open, is an unknown truth)."""
    if value is True or value is False or isinstance(value, UnknownTruth):
        return value
    if isinstance(value, Unknown):
        return UnknownTruth(value.sources)
    return value is True


def _call(ctx, expr, args):
    try:
        return call_builtin(ctx, expr.func, args)
    except ValueError_ as e:
        raise EvalError(str(e), expr.pos) from None
    except (ArithmeticError, ValueError) as e:   # a date past year 9999, a decimal overflow
        raise EvalError(f"{expr.func}: {_arith_text(e)}", expr.pos) from None


def _binop(expr, left, right):
    try:
        if expr.op in _CMP:
            if expr.op in ("=", "!="):
                return _CMP[expr.op](left, right)
            return bool(_CMP[expr.op](_num(left), _num(right)))
        if expr.op == "/" and right in (0, Decimal(0)):
            raise EvalError("division by zero", expr.pos)
        return _ARITH[expr.op](_num(left), _num(right))
    except ValueError_ as e:
        raise EvalError(str(e), expr.pos) from None
    except TypeError:
        raise EvalError(
            f"cannot apply '{expr.op}' to {_kind(left)} and {_kind(right)}", expr.pos) from None
    except ArithmeticError as e:     # money divided by zero money, a decimal overflow
        raise EvalError(f"cannot compute '{expr.op}': {_arith_text(e)}", expr.pos) from None


def _arith_text(e: Exception) -> str:
    from decimal import DivisionByZero, DivisionUndefined, InvalidOperation, Overflow
    for cls, text in ((DivisionByZero, "division by zero"), (DivisionUndefined, "division by zero"),
                      (Overflow, "the result is too large"),
                      (InvalidOperation, "the result cannot be represented")):
        if isinstance(e, cls):
            return text
    return str(e) or type(e).__name__


def _num(x):
    if isinstance(x, bool):
        raise ValueError_(f"{x} is not a number")
    if isinstance(x, int):
        return Decimal(x)
    return x


def _kind(x) -> str:
    if isinstance(x, Money):
        return "money"
    return {"Decimal": "a number", "date": "a date", "datetime": "a date and time",
            "str": "a name", "Text": "a text", "bool": "true/false"}.get(type(x).__name__, type(x).__name__)


def free_vars(node) -> set[str]:
    """Variables an expression or condition mentions."""
    out: set[str] = set()
    _collect(node, out)
    return out


def _collect(node, out: set) -> None:
    if isinstance(node, Var):
        out.add(node.name)
    elif isinstance(node, (Name, Const)) or node is None:
        return
    elif isinstance(node, Call):
        for a in node.args:
            _collect(a, out)
    elif isinstance(node, BinOp):
        _collect(node.left, out)
        _collect(node.right, out)
    elif isinstance(node, (tuple, list)):
        for x in node:
            _collect(x, out)
    elif hasattr(node, "__dataclass_fields__"):
        for f in node.__dataclass_fields__:
            if f != "pos":
                _collect(getattr(node, f), out)


def expr_text(expr, binding: dict | None = None) -> str:
    """An expression as the rule writes it, with each bound variable's value
    after it: `?amt (USD 450.00) > USD 50`."""
    from dutybound.values import show
    if isinstance(expr, Var):
        if binding is not None and expr.name in binding:
            return f"?{expr.name} ({show(binding[expr.name])})"
        return f"?{expr.name}"
    if isinstance(expr, (Name, Const)):
        return str(expr)
    if isinstance(expr, Call):
        return f"{expr.func}({', '.join(expr_text(a, binding) for a in expr.args)})"
    if isinstance(expr, BinOp):
        return f"{expr_text(expr.left, binding)} {expr.op} {expr_text(expr.right, binding)}"
    return str(expr)
