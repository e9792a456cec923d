"""A rule's `where` test that the incident leaves open, as a sentence.

The engine keeps the notation ("?others (? 0…1) > 0") in the JSON and the
details, and says beside it what the notation stands for (engine/testjson.py).
Here that becomes a sentence from the ontology's `db:sentence` templates: the
patterns inside a count, with the values bound outside it by their names and
the counted variable as "someone" or "some <class>":

    count ?y over { ?harm causedByFaultOf ?y  where ?y != ?actor }  > 0
      -> "Hugo's sprained wrist was caused by the fault of someone other than Frischmarkt GmbH"
    = 0        -> "it is not the case that ..."
    ?orders = ?authorised (the second the first with more patterns)
      -> "whenever a payment order was processed by ..., that payment order was authorised by ..."
    ?tn <= ?t  -> "the time of the notice n1 is no later than 2024-12-24 21:30"

and `bounds` says what is known of the open values ("none known, up to 1
possible"). A test of another shape gets None: the caller keeps the notation.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$")
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}


def sentence(book, test: dict) -> str | None:
    op, left, right = test.get("op"), test.get("left") or {}, test.get("right") or {}
    if _count(right) and not _count(left):          # 0 < ?n reads as ?n > 0
        op, left, right = _FLIP.get(op), right, left
    if left.get("plus") and _number(right) == 0 and op in (">", "!="):
        return _either(book, left["plus"])           # ?grave + ?gross > 0: one or the other
    if _count(left) and _count(right):
        return _counts(book, op, left["aggregate"], right["aggregate"])
    if _count(left) and _number(right) is not None:
        k = _number(right)
        if op == "=" and k == 1 and _int(left.get("max")) == 1:
            op = ">="                                # at most one possible: "= 1" is "there is one"
        return _count_against(book, op, left["aggregate"], k)
    a, b = _noun(book, left), _noun(book, right)
    if a is None or b is None:
        return None
    return _compare(book, op, a, b, _is_date(left) or _is_date(right))


def bounds(book, test: dict) -> str | None:
    """What is known of the open sides: "none known, up to 1 possible", "0 to 4 each"."""
    _ = book._
    sides = [s for s in (test.get("left") or {}, test.get("right") or {}) if s.get("unknown")]
    counts = [s for s in sides if _count(s)]
    if len(counts) == 2:
        a, b = (_range(book, s) for s in counts)
        return _("%(range)s each", range=a) if a == b else _("%(a)s and %(b)s", a=a, b=b)
    if counts:
        lo, hi = _int(counts[0].get("min")), _int(counts[0].get("max"))
        if lo is None or hi is None:
            return None
        known = _("none known") if lo == 0 else _("%(n)s known", n=lo)
        return _("%(known)s, up to %(n)s possible", known=known, n=hi)
    for s in sides:
        lo, hi = s.get("min"), s.get("max")
        if lo is not None and hi is not None:
            return _("between %(a)s and %(b)s", a=book.value(lo), b=book.value(hi))
        if lo is not None:
            return _("at least %(a)s", a=book.value(lo))
        if hi is not None:
            return _("at most %(a)s", a=book.value(hi))
    return None


# -- the sides ---------------------------------------------------------------
def _count(side) -> bool:
    agg = side.get("aggregate")
    return bool(agg) and agg.get("func") == "count" and not agg.get("unsaid")


def _number(side):
    if "value" not in side or isinstance(side["value"], (bool, dict)):
        return None
    try:
        return Decimal(str(side["value"]))
    except (InvalidOperation, ValueError):
        return None


def _int(v):
    try:
        return int(Decimal(str(v)))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _range(book, side) -> str:
    lo, hi = _int(side.get("min")), _int(side.get("max"))
    return book._("%(a)s to %(b)s", a=lo, b=hi)


def _is_date(side) -> bool:
    if side.get("date_of") or (side.get("of") or {}).get("property") == "time":
        return True
    return isinstance(side.get("value"), str) and bool(_DATE.match(side["value"]))


def _noun(book, side) -> str | None:
    """A side that is no count: its value, or the value of which fact it is."""
    if "value" in side and not side.get("unknown"):
        return book.value(side["value"])
    of = side.get("of")
    if of and "value" in of["subject"]:
        return book._("the %(what)s of %(name)s", what=book.term(of["property"]),
                      name=book.name(of["subject"]["value"]))
    return None


def _compare(book, op, a, b, dates: bool) -> str | None:
    _ = book._
    if dates:
        words = {"<=": _("%(a)s is no later than %(b)s", a=a, b=b), "<": _("%(a)s is earlier than %(b)s", a=a, b=b),
                 ">=": _("%(a)s is no earlier than %(b)s", a=a, b=b), ">": _("%(a)s is later than %(b)s", a=a, b=b)}
    else:
        words = {"<=": _("%(a)s is at most %(b)s", a=a, b=b), "<": _("%(a)s is less than %(b)s", a=a, b=b),
                 ">=": _("%(a)s is at least %(b)s", a=a, b=b), ">": _("%(a)s is more than %(b)s", a=a, b=b)}
    words.update({"=": _("%(a)s is %(b)s", a=a, b=b), "!=": _("%(a)s is not %(b)s", a=a, b=b)})
    return words.get(op)


# -- counts ------------------------------------------------------------------
def _either(book, parts) -> str | None:
    """A sum of counts above zero: there is one of the first kind or of the next."""
    said = []
    for side in parts:
        if side.get("plus"):
            said.append(_either(book, side["plus"]))
        elif _count(side):
            said.append(_Braces(book, side["aggregate"]).say())
        else:
            return None
    if None in said:
        return None
    out = said[0]
    for s in said[1:]:
        out = book._("%(a)s, or %(b)s", a=out, b=s)
    return out


def _count_against(book, op, agg, k) -> str | None:
    said = _Braces(book, agg).say()
    if said is None:
        return None
    if (op, k) in ((">", 0), (">=", 1), ("!=", 0)):
        return said                                  # there is one
    if (op, k) in (("=", 0), ("<", 1), ("<=", 0)):
        return book.negate(said)                     # there is none
    n = book._("the number of cases in which %(sentence)s", sentence=said)
    return _compare(book, op, n, str(k), False)


def _counts(book, op, a, b) -> str | None:
    """Two counts compared: where one's braces are the other's with more
    conditions, `=` says that whatever meets the first meets the rest."""
    if op == "=":
        for wide, narrow in ((a, b), (b, a)):
            extra = _extra(book, wide, narrow)
            if extra is not None:
                return _Braces(book, wide).whenever(extra)
    x, y = _Braces(book, a).say(), _Braces(book, b).say()
    if x is None or y is None:
        return None
    n = lambda s: book._("the number of cases in which %(sentence)s", sentence=s)  # noqa: E731
    return _compare(book, op, n(x), n(y), False)


def _extra(book, wide, narrow) -> list | None:
    """The patterns of `narrow` beyond those of `wide` (its counted variable
    renamed to wide's), when everything else of narrow is in wide; a class
    of wide's counted variable implied by one of narrow's counts as in it."""
    ren = lambda t: {"var": wide["target"]} if t == {"var": narrow["target"]} else t  # noqa: E731
    pats = [{**p, "subject": ren(p["subject"]), "object": ren(p["object"])} for p in narrow["patterns"]]
    tests = [{**t, "left": ren(t["left"]), "right": ren(t["right"])} for t in narrow["tests"]]
    if any(t not in tests for t in wide["tests"]) or any(t not in wide["tests"] for t in tests):
        return None
    extra = [p for p in pats if p not in wide["patterns"]]
    for p in wide["patterns"]:
        if p in pats:
            continue
        implied = p["property"] == "a" and any(
            q["property"] == "a" and q["subject"] == p["subject"] and
            book.vocab.is_subclass(q["object"].get("value"), p["object"].get("value")) for q in extra)
        if not implied:
            return None
    return extra or None


class _Braces:
    """The patterns inside one aggregate's braces, said in a reader's words."""

    def __init__(self, book, agg: dict):
        self.book, self.agg, self._ = book, agg, book._
        self.target = agg["target"]
        self.said: set = set()
        self.others: dict = {}         # var -> values it must differ from (`where ?y != ?actor`)
        self.apart: dict = {}          # var -> inner vars it must differ from (`where ?c != ?d`)
        self.same: dict = {}           # var -> the value it is (`where ?q = ?pay`)
        self.ok = True
        for t in agg["tests"]:
            l, r = t["left"], t["right"]
            if "value" in l and "var" in r:
                l, r = r, l
            if "var" in l and "value" in r and t["op"] in ("!=", "="):
                (self.others.setdefault(l["var"], []).append(r["value"]) if t["op"] == "!="
                 else self.same.__setitem__(l["var"], r["value"]))
            elif "var" in l and "var" in r and t["op"] == "!=":
                self.apart.setdefault(r["var"], []).append(l["var"])
            else:
                self.ok = False        # a comparison of inner values: left in notation
        self.noun = {v: self._kind(v) for v in self._vars()}

    def _vars(self) -> list:
        out = []
        for p in self.agg["patterns"]:
            for t in (p["subject"], p["object"]):
                if "var" in t and t["var"] not in out and t["var"] not in self.same:
                    out.append(t["var"])
        return out

    def _kind(self, v):
        """('class', C) where a pattern says what v is, else the class a
        property's domain or range gives; ('person',) for any party."""
        vocab = self.book.vocab
        for p in self.agg["patterns"]:
            if p["property"] == "a" and p["subject"] == {"var": v} and not p.get("negated"):
                return ("class", p["object"]["value"])
        for p in self.agg["patterns"]:
            pool = (vocab.domain.get(p["property"]) if p["subject"] == {"var": v} else
                    vocab.range.get(p["property"]) if p["object"] == {"var": v} else None)
            if pool:
                c = sorted(pool)[0]
                if c == "Party":          # a bank is "some payment service provider"
                    return ("person",)
                return ("class", c)
        return ("thing",)

    def _mention(self, v, first_as=None) -> str:
        _, book = self._, self.book
        if v in self.same:
            return book.name(self.same[v])
        kind = self.noun.get(v, ("thing",))
        what = book.term(kind[1]) if kind[0] == "class" else None
        apart = [u for u in self.apart.get(v, []) if u in self.said]
        if v in self.said:
            if apart:
                return _("the other person") if what is None else _("the other %(what)s", what=what)
            return (_("that %(what)s", what=what) if what else
                    _("that person") if kind[0] == "person" else _("that thing"))
        self.said.add(v)
        if first_as == "a" and what:
            return (_("an %(what)s", what=what) if book.lang == "en" and what[:1].lower() in "aeiou"
                    else _("a %(what)s", what=what))
        if apart:
            return _("someone else") if what is None else _("some other %(what)s", what=what)
        names = [book.name(x) for x in self.others.get(v, [])]
        if names:
            names = names[0] if len(names) == 1 else _("%(a)s and %(b)s", a=", ".join(names[:-1]), b=names[-1])
            return (_("some %(what)s other than %(names)s", what=what, names=names) if what else
                    _("someone other than %(names)s", names=names))
        return (_("some %(what)s", what=what) if what else
                _("someone") if kind[0] == "person" else _("something"))

    def _pattern(self, p, first_as=None) -> str | None:
        book, s, o = self.book, p["subject"], p["object"]
        if p["property"] == "a" and "var" in s and self.noun.get(s["var"]) == ("class", o.get("value")):
            return None                # said by the noun: "some third party"
        tpl = book.template(o["value"] if p["property"] == "a" else p["property"])
        if tpl is None:
            self.ok = False
            return None
        filled = {}
        for slot in sorted(("s", "o"), key=lambda k: tpl.find("{" + k + "}")):
            t = s if slot == "s" else o
            if "{" + slot + "}" not in tpl:
                continue
            filled[slot] = (self._mention(t["var"], first_as) if "var" in t else
                            book.name(t["value"], bare=p["property"] == "a")
                            if slot == "s" or book.vocab.is_object_property(p["property"])
                            else book.value(t["value"]))
        text = tpl.replace("{s}", filled.get("s", "")).replace("{o}", filled.get("o", ""))
        return book.negate(text) if p.get("negated") else text

    def _join(self, parts) -> str:
        glue = " " + self._("and") + " " if self.book.lang == "en" else self._("and")
        return glue.join(x for x in parts if x)

    def say(self, first_as=None) -> str | None:
        if not self.ok:
            return None
        parts = [self._pattern(p, first_as) for p in self.agg["patterns"]]
        if not self.ok or not any(parts):
            return None
        return self._join(parts)

    def whenever(self, extra: list) -> str | None:
        cond = self.say(first_as="a")
        then = self._join([self._pattern(p) for p in extra]) if cond else None
        if not self.ok or not then:
            return None
        return self._("whenever %(condition)s, %(consequence)s", condition=cond, consequence=then)
