"""The case library in charts, as plain SVG (bars and a matrix need no
plotting library): outcomes by jurisdiction (bars stacked by liability
form), by provision and by form; the coverage of provisions by cases (a
matrix read both ways: a row is a provision and the cases that apply it, a
column a case and the provisions it applies); the factors the cases share.

    charts(library_counts(lib), book, titles)       # [Picture]
"""
from __future__ import annotations

from dutybound.render.pictures.svg import PALETTE, Picture, colours, esc, root, text, text_width, wrap

WIDTH = 620
LABEL_W = 230
ROW = 22


def charts(counts: dict, book, titles: dict | None = None, prefix: str = "chart") -> list:
    _ = book._
    form = lambda f: book.form(f)  # noqa: E731
    law = lambda p: book.provision_title(p, titles or {})  # noqa: E731
    out = [stacked(f"{prefix}-jurisdiction", _("Outcomes by jurisdiction: liabilities by form"),
                   {f"{j} · {book.term(j)}" if j != "-" else "-": v
                    for j, v in counts["outcomes_by_jurisdiction"].items()}, form, book),
           bars(f"{prefix}-provision", _("Outcomes by provision: cases with a liability under it"),
                {law(p): n for p, n in counts["outcomes_by_provision"].items()}, book),
           bars(f"{prefix}-form", _("Outcomes by form of liability: liabilities"),
                {form(f): n for f, n in counts["outcomes_by_form"].items()}, book)]
    numbers = {c["id"]: i + 1 for i, c in enumerate(counts["cases"])}
    cov = counts["coverage"]
    out.append(matrix(f"{prefix}-coverage", _("Coverage: provisions against the cases that apply them"),
                      [(p, law(p)) for p in cov["provisions"]], cov["cells"], numbers, book,
                      {"holds": _("applied: a conclusion rests on it"),
                       "fails": _("reached, but the claim failed or is open")}))
    fac = counts["factors"]
    out.append(matrix(f"{prefix}-factors", _("Factors the cases share"),
                      [(f, book.prose(fac["labels"].get(f, f))) for f in fac["factors"]],
                      {f: {cid: "holds" for cid in ids} for f, ids in fac["cells"].items()}, numbers, book,
                      {"holds": _("the case has this factor")}))
    return out


def _label_lines(label: str) -> list:
    return wrap(label, LABEL_W - 12, 12)[:2]


def _label_width(labels, size: float = 12) -> float:
    """Room for the labels left of the axis: a provision's title is never split
    (svg.wrap), so a long one widens the chart instead of running off its edge."""
    widest = max((text_width(line, size) for label in labels for line in _label_lines(label)), default=0)
    return max(LABEL_W, widest * 1.1 + 16)          # the estimate runs a little short of DejaVu Sans


def bars(pid: str, title: str, values: dict, book) -> Picture:
    _ = book._
    top = max(values.values(), default=0) or 1
    body, y = [], 10
    label_w = _label_width(values)
    width = WIDTH - LABEL_W + label_w
    span = WIDTH - LABEL_W - 50
    alt = []
    for label, n in values.items():
        lines = _label_lines(label)
        w = span * n / top
        body.append(f'<g class="bar" data-count="{n}">' + "".join(
            text(label_w - 8, y + 15 + i * 14, line, 12, anchor="end") for i, line in enumerate(lines)) +
            f'<rect x="{label_w}" y="{y + 4}" width="{max(w, 1):.1f}" height="14" fill="{PALETTE[0]}"/>' +
            text(label_w + w + 6, y + 15, str(n), 12, cls="count") + "</g>")
        alt.append(f"{label}: {n}")
        y += max(ROW, 14 * len(lines) + 8)
    if not values:
        body.append(text(8, y + 14, _("No cases yet."), 12))
        y += ROW
    return Picture(pid, title, root(width, y + 8, pid, title, "".join(body), "chart bars"),
                   alt or [_("No cases yet.")], pid)


def stacked(pid: str, title: str, values: dict, name, book) -> Picture:
    _ = book._
    forms = sorted({f for v in values.values() for f in v})
    palette = colours(forms)
    top = max((sum(v.values()) for v in values.values()), default=0) or 1
    span = WIDTH - LABEL_W - 50
    label_w = max(LABEL_W, max((text_width(label, 12) for label in values), default=0) * 1.1 + 16)
    width = WIDTH - LABEL_W + label_w
    body, y, alt = [], 10, []
    for label, v in values.items():
        x = label_w
        segs = []
        for f in forms:
            n = v.get(f, 0)
            if n:
                w = span * n / top
                segs.append(f'<rect class="segment" data-form="{esc(f)}" data-count="{n}" x="{x:.1f}" y="{y + 4}" '
                            f'width="{w:.1f}" height="14" fill="{palette[f]}" stroke="#FFF"/>')
                x += w
        body.append(f'<g class="bar" data-count="{sum(v.values())}">' + text(label_w - 8, y + 15, label, 12, anchor="end")
                    + "".join(segs) + text(x + 6, y + 15, str(sum(v.values())), 12, cls="count") + "</g>")
        alt.append(f"{label}: " + ", ".join(f"{name(f)} {n}" for f, n in v.items()))
        y += ROW
    y += 8
    body.append(text(8, y + 10, _("Legend"), 12, weight="bold"))
    y += 16
    for f in forms:
        body.append(f'<rect x="8" y="{y}" width="12" height="12" fill="{palette[f]}"/>' + text(26, y + 10, name(f), 12))
        y += 18
    if not values:
        alt = [_("No cases yet.")]
    return Picture(pid, title, root(width, y + 8, pid, title, "".join(body), "chart stacked"), alt, pid)


def matrix(pid: str, title: str, rows: list, cells: dict, numbers: dict, book, legend: dict) -> Picture:
    """Rows (id, label) against the cases (numbered; the key is in the text
    alternative and the page); a filled dot where a row holds in a case, a ring
    where it was reached but failed. Totals at the end of each row and column."""
    _ = book._
    cases = [cid for cid in numbers if any(cid in cells.get(r, {}) for r, _l in rows)]
    col = 18
    label_w = _label_width([label for _r, label in rows], 11)
    width = max(WIDTH, label_w + col * len(cases) + 50)
    body, y, alt = [], 30, []
    for k, cid in enumerate(cases):
        body.append(text(label_w + col * k + col / 2, 22, str(numbers[cid]), 10, anchor="middle", cls="case-number",
                         extra=f' data-case="{esc(cid)}"'))
    for r, label in rows:
        mine = cells.get(r, {})
        lines = _label_lines(label)
        body.append(f'<g class="matrix-row" data-row="{esc(r)}" data-count="{len(mine)}">' + "".join(
            text(label_w - 8, y + 13 + i * 13, line, 11, anchor="end") for i, line in enumerate(lines)))
        for k, cid in enumerate(cases):
            cx, cy = label_w + col * k + col / 2, y + 9
            state = mine.get(cid)
            if state == "holds":
                body.append(f'<circle class="holds" data-case="{esc(cid)}" cx="{cx}" cy="{cy}" r="5" fill="{PALETTE[0]}"/>')
            elif state:
                body.append(f'<circle class="fails" data-case="{esc(cid)}" cx="{cx}" cy="{cy}" r="4.5" fill="#FFF" '
                            f'stroke="{PALETTE[1]}" stroke-width="2"/>')
        body.append(text(label_w + col * len(cases) + 8, y + 13, str(len(mine)), 11, cls="count") + "</g>")
        alt.append(f"{label}: " + ", ".join(f"{numbers[c]}" + ("" if s == "holds" else " (○)") for c, s in mine.items()))
        y += max(ROW, 13 * len(lines) + 6)
    totals = {cid: sum(1 for r, _l in rows if cid in cells.get(r, {})) for cid in cases}
    for k, cid in enumerate(cases):
        body.append(text(label_w + col * k + col / 2, y + 12, str(totals[cid]), 10, anchor="middle", cls="case-total"))
    y += 26
    body.append(text(8, y, _("Legend"), 12, weight="bold"))
    y += 16
    for state, label in legend.items():
        mark = (f'<circle cx="14" cy="{y - 4}" r="5" fill="{PALETTE[0]}"/>' if state == "holds" else
                f'<circle cx="14" cy="{y - 4}" r="4.5" fill="#FFF" stroke="{PALETTE[1]}" stroke-width="2"/>')
        body.append(mark + text(26, y, label, 12))
        y += 18
    body.append(text(8, y, _("Columns: the cases, numbered as in the list below; the last column and row count."), 11))
    if not rows:
        alt = [_("No cases yet.")]
    return Picture(pid, title, root(width, y + 10, pid, title, "".join(body), "chart matrix"), alt, pid)
