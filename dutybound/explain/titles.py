"""Provision titles in the reader's language.

The rule files title each provision in English ("Civil Code (PRC), Art.
1198(2)"). In Chinese the source's name comes from the knowledge catalogue
(locale/zh/LC_MESSAGES/knowledge.po) and the pinpoint is rewritten in the
Chinese way ("《民法典》第1198条第2款"). A title whose source the catalogue
does not know, or whose pinpoint has a shape this module does not read,
stays as written, so a new source never shows a wrong name.

The shapes read: "<source>, Art. 57(2)", "<source> § 195" (the comma may be
left out), "§ 123(1), (2) sentence 1", "§ 670 with § 675", "Art. 229 § 45(1)-(3)",
"<source>, 12 CFR 1005.6(b)(1)", "<source>, 15 U.S.C. 1693f(e)", "<source>,
Supplement I, comment 2(m)-1" (an official interpretation), "12 CFR 205.6
(<source>)", "15 U.S.C. 1693m(g) (<source>)"; a trailing "(2016 text)",
"(2009-2018 text)" or "(<what>, 2000-2009 text)", and a description after a
colon ("§ 241(2): the payment user's duty of care"), whose words come from the
knowledge catalogue too. A title of another shape (a court's decision, a
uniform act as a state enacted it) is translated whole, or stays as written.
"""
from __future__ import annotations

import re

from dutybound.explain.catalogues import knowledge

# "<source>, <pinpoint>[: <description>][ (<what>, <years> text)]"
_TITLE = re.compile(r"^(?P<source>.+?),? (?P<pin>(?:Arts?\.|§§?|\d+ CFR|\d+ U\.S\.C\.|Supplement I, comment) [^:]+?)"
                    r"(?:: (?P<about>.+?))?"
                    r"(?: \((?:(?P<what>[^()]+), )?(?P<text>\d{4}(?:-\d{4})?) text\))?$")
# "12 CFR 205.6 (<source>)", "15 U.S.C. 1693m(g) (<source>)": the source after the pinpoint
_CODE_FIRST = re.compile(r"^(?P<pin>\d+ (?:CFR|U\.S\.C\.) \S+) \((?P<source>[^()]+)\)$")
_TOKEN = re.compile(r"\s*(Arts?\.|§§?|with|sentence|\d+[a-z]*|\([0-9a-z]+\)|-|,)")


def title_source(title: str) -> str | None:
    """The source's name in an English provision title ("Civil Code (PRC)"), or None."""
    m = _CODE_FIRST.match(title or "") or _TITLE.match(title or "")
    return m.group("source") if m else None


def title_prose(title: str) -> list[str]:
    """The words of a provision title that the knowledge catalogue translates:
    its source's name, and a description after a colon or before 'text'; the
    whole title where the catalogue translates it whole or its shape is not
    read here."""
    if not title or knowledge("zh")(title) != title:
        return [title] if title else []
    m = _CODE_FIRST.match(title) or _TITLE.match(title)
    if not m or _pinpoint_zh(m.group("pin")) is None:
        return [title]
    return [x for x in (m.groupdict().get(k) for k in ("source", "about", "what")) if x]


def provision_title(p: dict, lang: str) -> str:
    title = p.get("title") or p.get("id") or ""
    if lang != "zh":
        return title
    k = knowledge("zh")
    if k(title) != title:
        return k(title)                      # a title the catalogue translates whole
    m = _CODE_FIRST.match(title)
    if m:
        source, pin = k(m.group("source")), _pinpoint_zh(m.group("pin"))
        return title if source == m.group("source") or pin is None else f"{source}{pin}"
    m = _TITLE.match(title)
    if not m:
        return title
    source = k(m.group("source"))
    pin = _pinpoint_zh(m.group("pin"))
    if source == m.group("source") or pin is None:
        return title                         # the catalogue does not know this source, or the pinpoint's shape
    about = ""
    if m.group("about"):
        about = k(m.group("about"))
        if about == m.group("about"):
            return title
        about = "：" + about
    text = ""
    if m.group("text"):
        years = m.group("text").replace("-", "—")
        what = k(m.group("what")) if m.group("what") else None
        if what == m.group("what") and what is not None:
            return title
        text = f"（{what}，{years}年文本）" if what else f"（{years}年文本）"
    return f"{source}{pin}{about}{text}"


def _pinpoint_zh(pin: str) -> str | None:
    """'Art. 57(2)' -> '第57条第2款'; None for a shape not read here."""
    cfr = re.match(r"^(\d+) CFR (\S+)$", pin)
    if cfr:
        return f"（《联邦法规汇编》第{cfr.group(1)}编第{cfr.group(2)}条）"
    usc = re.match(r"^(\d+) U\.S\.C\. (\S+)$", pin)
    if usc:
        return f"（《美国法典》第{usc.group(1)}编第{usc.group(2)}条）"
    comment = re.match(r"^Supplement I, comment (\S+)$", pin)
    if comment:                             # Supplement I to the Part: the official interpretations
        return f"附录一（官方解释）评注{comment.group(1)}"
    tokens, pos = [], 0
    while pos < len(pin):
        m = _TOKEN.match(pin, pos)
        if not m or m.end() == pos:
            return None
        tokens.append(m.group(1))
        pos = m.end()
    out = []
    depth = 0               # 0: before an article; 1: after its number; 2: after a paragraph; 3: after an item
    expect = None           # "number" after Art./§, "sentence" after 'sentence'
    in_ref = False          # within one reference (Art. 229 § 22: a section of the article)
    ranged = None           # the depth of the paragraph before a '-'
    for t in tokens:
        if t in ("Art.", "Arts.", "§", "§§"):
            expect = "number"
        elif expect == "number" and t[0].isdigit():
            out.append(f"第{t}节" if in_ref else f"第{t}条")
            depth, expect, in_ref = 1, None, True
        elif expect == "sentence" and t.isdigit():
            out.append(f"第{t}句")
            expect = None
        elif t.startswith("(") and depth:
            x = t[1:-1]
            level = ranged if ranged is not None else depth + 1
            ranged = None
            if x.isdigit():
                out.append("第%s%s" % (x, {2: "款", 3: "项"}.get(level, "目")))
                depth = level
            else:
                out.append(t)
        elif t == "-" and depth >= 2:
            out.append("至")
            ranged = depth
        elif t == ",":
            out.append("、")
            depth = 1               # '§ 199(1), (3)': another paragraph of the same article
        elif t == "with":
            out.append("结合")
            in_ref, depth = False, 0
        elif t == "sentence":
            expect = "sentence"
        else:
            return None
    return "".join(out) if out and expect is None else None


def source_name(title: str, lang: str) -> str:
    """Just the source of a provision title ("Civil Code (PRC)"), in the language."""
    name = title_source(title) or title
    return knowledge(lang)(name) if lang == "zh" else name
