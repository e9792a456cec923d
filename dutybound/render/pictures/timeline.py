"""The incident on a timeline, drawn as SVG and written as text.

Time runs down the page (so that it fits a phone and prints on A4): each row
is an event of the incident or a deadline a rule computed, in time order;
long stretches between rows are marked with how many days passed. Payments
and harms are filled with the colour of whoever bears them; deadlines are
dashed lines labelled with their provision; limitation dates dotted.

    from dutybound.explain.timeline import timeline
    tv = timeline(data, book, incident, view["bottom_line"], view["titles"])
    draw(tv, book).svg           # the picture
    as_text(tv, book)            # the same, for a terminal
"""
from __future__ import annotations

import datetime as dt

from dutybound.render.pictures.svg import (DEADLINE, LIMITATION, NONE, Picture, colours, esc, root, text,
                                           wrap)

WIDTH = 640
AXIS = 112
LABEL = 132
SIZE = 14
LINE = 18
GAP_DAYS = 31
OUTCOME = {"met": "#006B4F", "missed": "#B00020"}       # a deadline met or missed (explain/timeline.py timing)


def draw(tv: dict, book, prefix: str = "timeline") -> Picture:
    _ = book._
    palette = colours(tv["parties"])
    body, y = [], 16
    prev_day = None
    for row in tv["rows"]:
        day = row["when"][:10]
        if prev_day and _days(prev_day, day) > GAP_DAYS:
            body.append(_gap(y, _("%(n)s days later", n=_days(prev_day, day))))
            y += 30
        lines, colour = _lines(row, book), _colour(row, palette)
        height = (len(lines) * LINE + 26) if row["type"] == "deadline" else max(2, len(lines)) * LINE + 12
        body.append(_row(row, lines, colour, y, day, day != prev_day, height))
        y += height
        prev_day = day
    body.append(f'<line x1="{AXIS}" y1="8" x2="{AXIS}" y2="{y}" stroke="#555" stroke-width="2"/>')
    body.insert(0, body.pop())                        # the axis under the markers
    legend, y = _legend(tv, book, palette, y + 12)
    title = _("The incident on a timeline")
    return Picture("timeline", title, root(WIDTH, y + 8, prefix, title, "".join(body) + legend, "timeline"),
                   alt(tv, book), prefix)


def _days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def _gap(y, label) -> str:
    return (f'<g class="gap"><line x1="{AXIS - 8}" y1="{y + 6}" x2="{AXIS + 8}" y2="{y + 2}" stroke="#555"/>'
            f'<line x1="{AXIS - 8}" y1="{y + 12}" x2="{AXIS + 8}" y2="{y + 8}" stroke="#555"/>'
            + text(LABEL, y + 14, "… " + label, 12, "#555", cls="gap-label") + "</g>")


def _lines(row, book) -> list:
    """The label of a row, wrapped: what happened (with the amount), and who bears
    it; a deadline with its provision."""
    _ = book._
    room = WIDTH - LABEL - 8
    if row["type"] == "deadline":
        first = (_("Limitation: %(what)s", what=row["text"]) if row["source"] == "limitation"
                 else _("Deadline: %(what)s", what=row["text"]))
        return [("head", s) for s in wrap(first, room, SIZE)] + \
               [("law", s) for s in wrap(row["title"], room, SIZE - 1)]
    head = row["text"] + (f" · {row['amount_text']}" if row.get("amount_text") else "")
    out = [("head", s) for s in wrap(head, room, SIZE)]
    if row["kind"] in ("payment", "harm"):
        out += [("bearer", s) for s in wrap(bearer_text(row, book), room, SIZE - 1)]
    for t in row.get("timing", []):
        out += [(t["outcome"], s) for s in wrap(timing_text(row, t, book), room, SIZE - 1)]
    return out


def timing_text(row, t, book) -> str:
    """'✗ missed the deadline of 2024-07-03': as a rule compared the event with it.
    A payment or harm is not late or early itself: it falls within or after."""
    _ = book._
    if row["kind"] in ("payment", "harm"):
        return ("✓ " + _("within the deadline of %(day)s", day=t["deadline"]) if t["outcome"] == "met"
                else "✗ " + _("after the deadline of %(day)s", day=t["deadline"]))
    return ("✓ " + _("met the deadline of %(day)s", day=t["deadline"]) if t["outcome"] == "met"
            else "✗ " + _("missed the deadline of %(day)s", day=t["deadline"]))


def bearer_text(row, book) -> str:
    _ = book._
    from dutybound.explain.narrate import join_names
    b = row.get("bearer")
    if not b:
        return _("no liability for it is concluded")
    if b["settled"]:
        return _("borne in the end by %(who)s", who=join_names(book, b["parties"]))
    return _("paid first by %(who)s", who=join_names(book, b["parties"]))


def _colour(row, palette) -> str:
    if row["type"] == "deadline":
        return LIMITATION if row["source"] == "limitation" else DEADLINE
    b = row.get("bearer")
    if row["kind"] in ("payment", "harm"):
        return palette.get(b["parties"][0], NONE) if b and b["parties"] else NONE
    return "#333"


def _row(row, lines, colour, y, day, new_day, height) -> str:
    when = row["when"]
    attrs = f'data-when="{esc(when)}"'
    if row["type"] == "deadline":
        cls = f"row deadline {row['source']}"
        attrs += f' data-provision="{esc(row["provision"])}" data-date="{esc(row["day"])}"'
        attrs += f' data-proofs="{esc(" ".join(row["proofs"]))}"'
        dash = "2 3" if row["source"] == "limitation" else "7 4"
        mark = (f'<line x1="{AXIS - 14}" y1="{y + 10}" x2="{WIDTH - 6}" y2="{y + 10}" stroke="{colour}" '
                f'stroke-width="2" stroke-dasharray="{dash}"/>')
        y0 = y + 28
    else:
        cls = f"row event {row['kind']}"
        attrs += f' data-subject="{esc(row["subject"])}"'
        b = row.get("bearer")
        if b:
            attrs += f' data-bearer="{esc(" ".join(b["parties"]))}"'
        if row.get("amount"):
            attrs += f' data-amount="{esc(row["amount"].get("amount"))}"'
        for outcome in ("met", "missed"):
            days = [t["deadline"] for t in row.get("timing", []) if t["outcome"] == outcome]
            if days:
                attrs += f' data-{outcome}="{esc(" ".join(days))}"'
        mark = _marker(row["kind"], AXIS, y + 10, colour)
        y0 = y + 15
    date = []
    if new_day or row["type"] == "deadline":
        date.append(text(AXIS - 18, y + 15, day, 13, colour if row["type"] == "deadline" else "#1A1A1A",
                         anchor="end", cls="date"))
    if len(when) > 10 and row["type"] != "deadline":
        date.append(text(AXIS - 18, y + 15 + (LINE if new_day else 0), when[11:16], 12, "#555",
                         anchor="end", cls="time"))
    label = []
    for i, (kind, s) in enumerate(lines):
        weight = "bold" if kind == "head" and row["type"] == "deadline" else None
        fill = OUTCOME.get(kind) or (colour if kind in ("bearer",) or row["type"] == "deadline" else "#1A1A1A")
        label.append(text(LABEL, y0 + i * LINE, s, 14 if kind == "head" else 13, fill, weight, cls=kind))
    return f'<g class="{cls}" {attrs}>{mark}{"".join(date)}{"".join(label)}</g>'


def _marker(kind, x, y, colour) -> str:
    if kind == "payment":
        return f'<rect x="{x - 7}" y="{y - 7}" width="14" height="14" fill="{colour}" stroke="#1A1A1A"/>'
    if kind == "harm":
        return (f'<polygon points="{x},{y - 8} {x + 8},{y + 7} {x - 8},{y + 7}" fill="{colour}" '
                f'stroke="#1A1A1A"/>')
    if kind == "notice":
        return (f'<polygon points="{x},{y - 8} {x + 8},{y} {x},{y + 8} {x - 8},{y}" fill="#FFFFFF" '
                f'stroke="#1A1A1A" stroke-width="2"/>')
    if kind == "court":
        return f'<circle cx="{x}" cy="{y}" r="7" fill="#1A1A1A"/>'
    return f'<circle cx="{x}" cy="{y}" r="6" fill="#FFFFFF" stroke="#1A1A1A" stroke-width="2"/>'


def _legend(tv, book, palette, y) -> tuple[str, float]:
    _ = book._
    items = [("event", _("event")), ("notice", _("notice to the provider")), ("harm", _("harm")),
             ("court", _("the claim in court"))]
    out = [f'<g class="legend"><line x1="8" y1="{y - 6}" x2="{WIDTH - 8}" y2="{y - 6}" stroke="#CCC"/>',
           text(8, y + 12, _("Legend"), 13, weight="bold")]
    y += 24
    x = 8
    for kind, label in items:
        out.append(_marker(kind, x + 8, y + 4, "#FFFFFF" if kind != "court" else "#1A1A1A"))
        out.append(text(x + 22, y + 9, label, 12))
        x += 30 + len(label) * (12 if book.lang == "zh" else 7)
        if x > WIDTH - 120:
            x, y = 8, y + 22
    y += 22
    for colour, dash, label in ((DEADLINE, "7 4", _("a deadline the rules computed, with its provision")),
                                (LIMITATION, "2 3", _("a limitation date"))):
        out.append(f'<line x1="8" y1="{y + 4}" x2="36" y2="{y + 4}" stroke="{colour}" stroke-width="2" '
                   f'stroke-dasharray="{dash}"/>')
        out.append(text(44, y + 9, label, 12))
        y += 20
    if any(d.get("met") or d.get("missed") for d in tv["deadlines"]):
        out.append(text(8, y + 9, "✓", 12, OUTCOME["met"], "bold"))
        out.append(text(20, y + 9, "✗", 12, OUTCOME["missed"], "bold"))
        out.append(text(44, y + 9, _("an event met or missed a deadline, as the rule compared them"), 12))
        y += 20
    out.append(text(8, y + 9, _("Payments and harms are coloured by who bears them:"), 12))
    y += 20
    shown = list(palette.items()) + [(None, NONE)]
    for party, colour in shown:
        label = book.name(party) if party else _("no liability for it is concluded")
        out.append(f'<rect x="8" y="{y - 3}" width="14" height="14" fill="{colour}" stroke="#1A1A1A"/>')
        out.append(text(30, y + 9, label, 12, cls="legend-party"))
        y += 20
    out.append("</g>")
    return "".join(out), y


def alt(tv, book) -> list:
    """The timeline in sentences: its text alternative."""
    return [line.strip() for line in as_text(tv, book, heading=False).splitlines() if line.strip()]


def as_text(tv: dict, book, heading: bool = True) -> str:
    """The timeline for a terminal: one line per row, deadlines marked, gaps said."""
    _ = book._
    out = []
    if heading:
        out.append(_("The incident on a timeline"))
        if tv["span"]:
            out.append(f"({tv['span']['from']} – {tv['span']['to']})")
        out.append("")
    prev = None
    for row in tv["rows"]:
        day = row["when"][:10]
        if prev and _days(prev, day) > GAP_DAYS:
            later = _("%(n)s days later", n=_days(prev, day))
            out.append(f"{'':17}  ⋮  {later}")
        when = day + (" " + row["when"][11:16] if len(row["when"]) > 10 else "")
        if row["type"] == "deadline":
            what = (_("Limitation: %(what)s", what=row["text"]) if row["source"] == "limitation"
                    else _("Deadline: %(what)s", what=row["text"]))
            out.append(f"{when:17}  ┄┄ {what} ({row['title']})")
        else:
            mark = {"payment": "■", "harm": "▲", "notice": "◆", "court": "●"}.get(row["kind"], "○")
            line = row["text"] + (f", {row['amount_text']}" if row.get("amount_text") else "")
            if row["kind"] in ("payment", "harm"):
                line += f" — {bearer_text(row, book)}"
            for t in row.get("timing", []):
                line += f" — {timing_text(row, t, book)}"
            out.append(f"{when:17}  {mark}  {line}")
        prev = day
    for u in tv.get("undated", []):
        unknown = _("date unknown")
        out.append(f"{unknown:17}  ?  {u['text']}")
    return "\n".join(out) + "\n"
