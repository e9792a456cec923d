"""Links inside generated sentences.

A sentence may name a liability form, a provision, a term or an individual
that a web page links (to the glossary, the law page, the ontology) and a
terminal shows as plain text. The Phrasebook wraps such a part as
`ref(kind, key, text)`; `plain()` gives the text, `html()` escaped HTML with
the links. The markers are private-use characters, stripped from anything
the user wrote, so user text can never forge a link.
"""
from __future__ import annotations

import re

START, SEP, END = "\ue000", "\ue001", "\ue002"
_REF = re.compile(f"{START}([a-z]+){SEP}([^{SEP}{END}]*){SEP}([^{START}{END}]*){END}")
_MARKERS = re.compile(f"[{START}{SEP}{END}]")


def clean(text: str) -> str:
    """User text without marker characters."""
    return _MARKERS.sub("", str(text))


def ref(kind: str, key: str, text: str) -> str:
    return f"{START}{kind}{SEP}{clean(key)}{SEP}{clean(text)}{END}"


def plain(text: str) -> str:
    return _REF.sub(lambda m: m.group(3), text or "")


def html(text: str, url_of) -> str:
    """Escaped HTML; `url_of(kind, key)` gives the link of a part or None.
    Names of individuals (user data) are marked translate="no"."""
    from markupsafe import escape
    out, pos = [], 0
    for m in _REF.finditer(text or ""):
        out.append(str(escape(text[pos:m.start()])))
        kind, key, shown = m.group(1), m.group(2), m.group(3)
        url = url_of(kind, key)
        cls = f'ref ref-{kind}'
        attrs = ' translate="no"' if kind == "name" else ' lang="en"' if kind == "en" else ""
        if url:
            out.append(f'<a class="{cls}" href="{escape(url)}"{attrs}>{escape(shown)}</a>')
        else:
            out.append(f'<span class="{cls}"{attrs}>{escape(shown)}</span>')
        pos = m.end()
    out.append(str(escape((text or "")[pos:])))
    return "".join(out)


def cap(text: str) -> str:
    """The sentence with its first letter in upper case (markers skipped); an
    identifier written by the user ('pay1', 'shop-account') stays as written."""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == START:                     # skip "START kind SEP key SEP" to the shown text
            m = _REF.match(text, i)
            if m and m.group(1) == "name" and m.group(2) == m.group(3):
                return text                 # a bare id
            i = text.index(SEP, text.index(SEP, i) + 1) + 1
            continue
        word = re.match(r"[A-Za-z0-9_-]+", text[i:])
        if word and re.search(r"[\d_-]", word.group(0)):
            return text
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
        if ch not in (END, " "):
            return text
        i += 1
    return text
