"""Provision titles in the reader's language.

The rule files title each provision in English ("Civil Code (PRC), Art.
1198(2)"). In Chinese the source's name comes from the knowledge catalogue
(locale/zh/LC_MESSAGES/knowledge.po) and the pinpoint is rewritten in the
Chinese way ("《民法典》第1198条第2款"). A title whose source the catalogue
does not know stays as written, so a new source never shows a wrong name.
"""
from __future__ import annotations

import re

from dutybound.explain.catalogues import knowledge

# "<source>, Art. 57(2)", "<source>, § 675v(1)", "<source>, 12 CFR 1005.6(b)(1)", with an
# optional trailing "(2016 text)"
_TITLE = re.compile(r"^(?P<source>.+?), (?P<pin>(?:Arts?\.|§§?|\d+ CFR) .+?)(?: \((?P<text>\d{4}) text\))?$")
_ARTICLE = re.compile(r"^(?:Arts?\.|§§?) (?P<num>[0-9A-Za-z.-]+?)(?P<paras>(?:\([0-9a-z]+\))*)$")


def provision_title(p: dict, lang: str) -> str:
    title = p.get("title") or p.get("id") or ""
    if lang != "zh":
        return title
    m = _TITLE.match(title)
    if not m:
        return title
    k = knowledge("zh")
    source = k(m.group("source"))
    if source == m.group("source"):
        return title                         # the catalogue does not know this source
    pin = _pinpoint_zh(m.group("pin"))
    text = f"（{m.group('text')}年文本）" if m.group("text") else ""
    return f"{source}{pin}{text}"


def _pinpoint_zh(pin: str) -> str:
    m = _ARTICLE.match(pin)
    if m:
        paras = re.findall(r"\(([0-9a-z]+)\)", m.group("paras"))
        out = f"第{m.group('num')}条"
        if paras:
            first = paras[0]
            out += f"第{first}款" if first.isdigit() else f"({first})"
            out += "".join(f"第{x}项" if x.isdigit() else f"({x})" for x in paras[1:])
        return out
    span = re.match(r"^Arts?\. (\d+)\((\d+)\)-\((\d+)\)$", pin)      # "Art. 23(2)-(3)"
    if span:
        return f"第{span.group(1)}条第{span.group(2)}款至第{span.group(3)}款"
    cfr = re.match(r"^(\d+) CFR (\S+)$", pin)
    if cfr:
        return f"（《联邦法规汇编》第{cfr.group(1)}编第{cfr.group(2)}条）"
    return pin


def source_name(title: str, lang: str) -> str:
    """Just the source of a provision title ("Civil Code (PRC)"), in the language."""
    m = _TITLE.match(title or "")
    name = m.group("source") if m else title
    return knowledge(lang)(name) if lang == "zh" else name
