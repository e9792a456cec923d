"""What every picture shares: escaping, text measured and wrapped (Latin and
Chinese), a colour for each party that prints and reads without colour, the
root element with its title and description (the text alternative), and the
clean-up of Graphviz's output for inlining in a page."""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

FONT = "DejaVu Sans, WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif"
# Okabe and Ito's colour-blind-safe palette; a label always says the same in words
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7F6000", "#000000")
NONE = "#9A9A9A"
DEADLINE = "#B00020"
LIMITATION = "#6A3D9A"
STATUS_FILL = {"established": "#E3F1E3", "established false": "#F8DCDC", "not established": "#F8DCDC",
               "unknown": "#FFF1CC", "proved": "#E3F1E3", "claim": "#FFFFFF"}


@dataclass
class Picture:
    """A drawn picture: its SVG (inline-ready), title and text alternative."""
    name: str
    title: str
    svg: str
    alt: list = field(default_factory=list)     # sentences: what the picture shows
    id: str = ""                                 # the SVG's id; its words are at '<id>-alt'

    def __html__(self) -> str:
        """The SVG for a template (`{{ pic }}`): drawn here with every text escaped
        (svg.text, Graphviz's own escaping), so the page inserts it as it is."""
        return self.svg

    def alt_text(self) -> str:
        from dutybound.explain.markup import plain
        return "\n".join(plain(a) for a in self.alt)

    def standalone(self) -> str:
        """The picture as a file of its own: with its text alternative inside."""
        desc = f'<desc>{esc(self.alt_text())}</desc>'
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' +
                re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1).replace("<svg ", '<svg xmlns:xlink='
                       '"http://www.w3.org/1999/xlink" ', 1) if "xmlns:xlink" not in m.group(1) else m.group(1),
                       self.svg, count=1).replace("</title>", "</title>" + desc, 1) + "\n")

    def to_json(self) -> dict:
        from dutybound.explain.markup import plain
        return {"name": self.name, "title": self.title, "alt": [plain(a) for a in self.alt]}


def esc(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def char_width(ch: str, size: float) -> float:
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return size
    if ch in "il.,:;'|!":
        return size * 0.32
    if ch.isupper() or ch in "mwMW@%":
        return size * 0.72
    return size * 0.56


def text_width(text: str, size: float) -> float:
    from dutybound.explain.markup import plain
    return sum(char_width(c, size) for c in plain(text))


# a reference made by the Phrasebook (explain/markup.py) is one token: never split
# (a no-break space, as between a currency and its amount, does not break)
_TOKEN = re.compile("\ue000[^\ue002]*\ue002[ \t]*|[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]|[^ \t\n\ue000]+[ \t]*|[ \t\n]+")
_MONEY = re.compile(r"\b([A-Z]{3}) (?=\d)")


def wrap(text: str, width: float, size: float) -> list[str]:
    """Lines of at most `width` pixels: at spaces for Latin text, anywhere between
    Chinese characters; a name or a provision is never split."""
    lines, line = [], ""
    for token in _TOKEN.findall(_MONEY.sub("\\1\u00a0", text or "")):
        if text_width(line + token.rstrip(), size) > width and line.strip():
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
        while text_width(line, size) > width and len(line) > 1 and "\ue000" not in line:   # a long word
            cut = len(line)
            while cut > 1 and text_width(line[:cut], size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def colours(parties: list) -> dict:
    return {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(parties)}


def root(width: float, height: float, prefix: str, title: str, body: str, cls: str) -> str:
    """The <svg> element: scales down to the width it is given (phones), never
    up; a screen reader says its title, and its text alternative from the page
    element `<prefix>-alt` (or the <desc> of a standalone file). Its natural size
    is in attributes (the pages' CSP allows no inline style); the page's CSS
    (`max-width: 100%; height: auto`) shrinks it."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="picture {esc(cls)}" id="{esc(prefix)}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
            f'preserveAspectRatio="xMinYMin meet" role="img" '
            f'aria-labelledby="{esc(prefix)}-title" aria-describedby="{esc(prefix)}-alt" font-family="{FONT}">'
            f'<title id="{esc(prefix)}-title">{esc(title)}</title>{body}</svg>')


_REF = re.compile("\ue000([a-z]+)\ue001([^\ue001\ue002]*)\ue001([^\ue000\ue002]*)\ue002")


def marked(escaped: str) -> str:
    """Escaped SVG text whose Phrasebook references become <tspan>s: a name the
    user wrote is marked translate="no" (it is data, not generated text)."""
    def one(m):
        kind, shown = m.group(1), m.group(3)
        extra = ' translate="no"' if kind == "name" else ""
        return f'<tspan class="ref-{kind}"{extra}>{shown}</tspan>'
    return _REF.sub(one, escaped)


def text(x, y, content, size=14, fill="#1A1A1A", weight=None, anchor=None, cls=None, extra="") -> str:
    attrs = f'x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}"'
    if weight:
        attrs += f' font-weight="{weight}"'
    if anchor:
        attrs += f' text-anchor="{anchor}"'
    if cls:
        attrs += f' class="{esc(cls)}"'
    return f"<text {attrs}{extra}>{marked(esc(content))}</text>"


_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def inline_graphviz(svg: str, prefix: str, title: str, cls: str) -> str:
    """Graphviz's SVG made fit for a page: no XML prolog or comments, scaled to
    the width it is given (never above its natural size), with a title and a
    description for screen readers, and ids that cannot clash with another
    picture's."""
    svg = _COMMENT.sub("", _PROLOG.sub("", svg, count=1))
    m = _SIZE.search(svg)
    width, height = (float(m.group(1)) * 4 / 3, float(m.group(2)) * 4 / 3) if m else (600.0, 400.0)
    svg = _SIZE.sub(f'<svg class="picture {esc(cls)}" id="{esc(prefix)}" width="{width:.0f}" '
                    f'height="{height:.0f}" role="img" '
                    f'aria-labelledby="{esc(prefix)}-title" aria-describedby="{esc(prefix)}-alt"', svg, count=1)
    svg = re.sub(r"<title>[^<]*</title>", "", svg)      # node names as tooltips: internal ids
    svg = svg.replace(f'<g id="{prefix}" class="graph"', f'<g id="{prefix}-graph" class="graph"', 1)
    head = f'<title id="{esc(prefix)}-title">{esc(title)}</title>'
    svg = re.sub(r"(<svg\b[^>]*>)", lambda mm: mm.group(1) + head, svg, count=1)
    svg = re.sub(r"(<text\b[^>]*>)([^<]*)(</text>)", lambda mm: mm.group(1) + marked(mm.group(2)) + mm.group(3), svg)
    return svg.strip()
