"""Who pays whom, and the argument for a conclusion: graphs laid out by
Graphviz (Debian's `graphviz`, through the `graphviz` Python binding) and
drawn as SVG on the server. Nothing is fetched; `dot` runs locally.

    payments(arrows, book, parties).svg
    argument(arg_map, book, link=lambda kind, key: url).svg
"""
from __future__ import annotations

from dutybound.errors import DutyboundError, Problem
from dutybound.render.pictures.svg import FONT, STATUS_FILL, Picture, inline_graphviz

STYLE = {"first": ("#0072B2", "solid", "normal"), "then": ("#D55E00", "dashed", "normal"),
         "recourse": ("#009E73", "dotted", "vee"), "own share": ("#CC79A7", "bold", "normal")}
MARK = {"established": "✓", "established false": "✗", "not established": "✗", "unknown": "?",
        "prevails": "✓", "unresolved": "?", "fails": "✗"}


class GraphvizMissing(DutyboundError):
    """Graphviz (its Python binding or its `dot` program) is not installed: the
    graphs cannot be drawn. The timeline and the charts are plain SVG and can."""

    def __init__(self, problem: Problem):
        super().__init__(problem, kind="usage")


def _gv():
    try:
        import graphviz
    except ImportError:
        raise GraphvizMissing(Problem("who pays whom and the argument maps need the graphviz Python package, "
                                      "which is not installed",
                                      hint="pip install 'graphviz>=0.20,<1' (a dependency of dutybound)")) from None
    return graphviz


def _render(dot) -> str:
    graphviz = _gv()
    try:
        return dot.pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound:
        raise GraphvizMissing(Problem("Graphviz's `dot` program is not installed, so who pays whom and the "
                                      "argument maps cannot be drawn",
                                      hint="apt-get install graphviz (./run-tests installs it)")) from None


def _esc(text: str) -> str:
    """A label for dot: backslashes and quotes are the binding's to escape; keep
    dot's own escapes (\\N, \\G) from being read in user text."""
    return (text or "").replace("\\", "∖")


def _wrap(text: str, width: int = 28) -> str:
    from dutybound.render.pictures.svg import wrap
    return "\n".join(line for part in _esc(text).split("\n") for line in wrap(part, width * 7, 12))


def _graph(name: str, rankdir: str = "TB"):
    g = _gv().Digraph(name)
    g.attr(rankdir=rankdir, bgcolor="transparent", fontname=FONT.split(",")[0], pad="0.2", nodesep="0.35",
           ranksep="0.5", id=f"{name}-graph")
    g.attr("node", fontname=FONT.split(",")[0], fontsize="11", margin="0.12,0.06")
    g.attr("edge", fontname=FONT.split(",")[0], fontsize="10")
    return g


# -- who pays whom ------------------------------------------------------------------
def payments(arrows: list, book, claimants: list, prefix: str = "payments", caption: str | None = None) -> Picture:
    """The parties, with an arrow for each liability (and right of recourse) of the
    bottom line: its order, form, amount (or that the court sets it) and law."""
    _ = book._
    from dutybound.explain.whopays import order_text
    g = _graph(prefix)
    parties = []
    for a in arrows:
        for p in (a["from"], a["to"]):
            if p not in parties:
                parties.append(p)
    for i, p in enumerate(parties):
        claimant = p in claimants
        g.node(f"{prefix}-p{i}", _wrap(book.name(p), 22), shape="box", style="rounded,filled" if claimant else "rounded",
               fillcolor="#F2F2F2", peripheries="2" if claimant else "1", id=f"{prefix}-p{i}",
               **{"class": "party claimant" if claimant else "party"})
    for n, a in enumerate(arrows):
        colour, style, head = STYLE[a["kind"]]
        what = f"{a['form_text']} · {a['amount_text']}" if a["form_text"] else a["amount_text"]
        label = (f"{a['order']}. " if a["order"] else "") + f"{order_text(book, a)}\n{what}"
        label = _wrap(label, 30) + "\n" + _wrap("; ".join(a["law"]), 30)
        g.edge(f"{prefix}-p{parties.index(a['from'])}", f"{prefix}-p{parties.index(a['to'])}", label=label,
               color=colour, fontcolor="#1A1A1A", style=style, arrowhead=head, penwidth="2",
               id=f"{prefix}-a{n}", **{"class": f"arrow {a['kind'].replace(' ', '-')} " + " ".join(f"liability-{i}" for i in a["liabilities"])})
    legend = "".join(f'<TR><TD ALIGN="LEFT"><FONT COLOR="{STYLE[k][0]}">{line}</FONT></TD>'
                     f'<TD ALIGN="LEFT">{_html(text)}</TD></TR>'
                     for k, line, text in (("first", "━━▶", _("pays first")),
                                           ("then", "╍╍▶", _("pays only what the first leave unpaid")),
                                           ("recourse", "┈┈▶", _("recourse: passes the loss on")),
                                           ("own share", "━━▶", _("the claimant's own share")))
                     if any(a["kind"] == k for a in arrows))
    if legend:
        head, double = _html(_("Legend")), _html(_("a double box: the claimant"))
        g.node(f"{prefix}-legend", f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2"><TR><TD COLSPAN="2" '
               f'ALIGN="LEFT"><B>{head}</B></TD></TR>{legend}<TR><TD>▭▭</TD><TD ALIGN="LEFT">'
               f'{double}</TD></TR></TABLE>>', shape="plaintext",
               id=f"{prefix}-legend", **{"class": "legend"})
    title = caption or _("Who pays whom")
    alt = [f"{book.name(a['from'])} → {book.name(a['to'])}: {order_text(book, a)}; "
           + (f"{a['form_text']}, " if a["form_text"] else "") + f"{a['amount_text']} ({'; '.join(a['law'])})"
           for a in arrows] or [_("No one pays anyone here.")]
    if not arrows:
        g.node(f"{prefix}-none", _wrap(alt[0], 30), shape="plaintext")
    svg = inline_graphviz(_render(g), prefix, title, "payments")
    return Picture("payments", title, svg, alt, prefix)


def _html(text: str) -> str:
    import html
    return html.escape(text or "", quote=True)


# -- the argument map -------------------------------------------------------------------
def argument(arg: dict, book, prefix: str = "argument", link=None) -> Picture:
    """The claim on top; beneath it each argument for it (a rule and its provision),
    with its premises; the exceptions that undercut an argument and the
    competing rules against the claim, each with its status and who bore the
    burden. `link(kind, key)` gives a node's address (a proof, a provision)."""
    _ = book._
    link = link or (lambda kind, key: None)
    g = _graph(prefix, "RL")
    claim = arg["claim"]
    g.node(f"{prefix}-claim", _wrap(f"{claim['text']}\n[{claim['status_text']}]", 34), shape="box",
           style="rounded,filled,bold", fillcolor=_fill(claim["status"]), id=f"{prefix}-claim",
           **{"class": f"claim status-{claim['status'].replace(' ', '-')}"})
    alt = [f"{claim['text']}: {claim['status_text']}."]
    for i, a in enumerate(arg["arguments"]):
        aid = f"{prefix}-r{i}"
        state = {"applies": _("applies"), "undecided": _("undecided: a fact is unknown"),
                 "not reached": _("not reached by the facts")}.get(a["status"], _("does not apply"))
        label = _("For, under %(law)s", law=a["title"]) + "\n" + state
        href = link("provision", a["provision"]) if a.get("provision") else None
        g.node(aid, _wrap(label, 26), shape="ellipse", style="filled", fillcolor="#E8F0FA" if a["applies"] else "#F2F2F2",
               id=aid, **_link(href), **{"class": "argument pro " + ("applies" if a["applies"] else "fails")})
        g.edge(aid, f"{prefix}-claim", color="#0072B2", penwidth="2", **{"class": "supports"})
        alt.append(label.replace("\n", ": ") + ".")
        for j, p in enumerate(a["premises"]):
            pid = f"{aid}-e{j}"
            burden = _("burden: %(who)s", who=book.name(p["burden"])) if p.get("burden") else ""
            text = f"{MARK.get(p['status'], '')} {p['text']}\n[{_status(book, p['status'])}]" + \
                   (f" {burden}" if burden else "")
            for r in p.get("rests_on", []):
                text += "\n" + _("turns on: %(fact)s", fact=r)
            href = link("proof", a["proof"]) if a.get("proof") else None
            g.node(pid, _wrap(text, 30), shape="box", style="filled", fillcolor=_fill(p["status"]), id=pid,
                   **_link(href), **{"class": f"premise status-{p['status'].replace(' ', '-')}"})
            g.edge(pid, aid, arrowhead="none", color="#555555")
            alt.append(f"  {p['text']}: {_status(book, p['status'])}" + (f"; {burden}" if burden else "") + ".")
        for k, c in enumerate(a["cons"]):
            target = aid if c["kind"] == "exception" else f"{prefix}-claim"
            alt.append(_con(g, book, c, f"{aid}-x{k}", target, link, a.get("proof")))
    for k, c in enumerate(arg.get("against", [])):      # an exemption: against the claim itself
        alt.append(_con(g, book, c, f"{prefix}-x{k}", f"{prefix}-claim", link, None))
    if not arg["arguments"] and not arg.get("against"):
        g.node(f"{prefix}-none", _wrap(_("No rule held reaches this claim."), 30), shape="plaintext")
        g.edge(f"{prefix}-none", f"{prefix}-claim", style="invis")
        alt.append(_("No rule held reaches this claim."))
    g.node(f"{prefix}-legend", _legend(book), shape="plaintext", id=f"{prefix}-legend", **{"class": "legend"})
    title = _("The argument for and against the claim")
    return Picture("argument", title, inline_graphviz(_render(g), prefix, title, "argument"), alt, prefix)


def _con(g, book, c: dict, cid: str, target: str, link, proof) -> str:
    """A node against an argument (an exception) or the claim (a competing rule,
    an exemption), with its status and burden; its sentence for the text alternative."""
    _ = book._
    head = {"exception": _("Exception"), "exemption": _("Exemption")}.get(c["kind"],
                                                                          _("Against, under a competing rule"))
    who = _("burden: %(who)s", who=book.name(c["burden"])) if c.get("burden") and c["kind"] != "competing" else ""
    text = f"{MARK.get(c['status'], '')} {head}: {c['text']}\n[{_status(book, c['status'])}] {who}".rstrip()
    href = (link("provision", c["provision"]) if c.get("provision") else
            link("proof", proof) if proof else None)
    g.node(cid, _wrap(text, 30), shape="box", style="filled,dashed", fillcolor=_fill(c["status"]),
           id=cid, **_link(href), **{"class": f"con {c['kind']} status-{c['status']}"})
    g.edge(cid, target, color="#B00020", style="dashed", arrowhead="tee", penwidth="2", **{"class": "attacks"})
    return f"  {head}: {c['text']}: {_status(book, c['status'])}" + (f"; {who}" if who else "") + "."


def _link(href) -> dict:
    return {"href": href, "target": "_top"} if href else {}


def _fill(status: str) -> str:
    return STATUS_FILL.get({"liable": "established", "not liable": "established false", "outside": "claim",
                            "prevails": "established", "unresolved": "unknown", "fails": "established false"}
                           .get(status, status), "#FFFFFF")


def _status(book, status: str) -> str:
    _ = book._
    return {"established": _("established"), "established false": _("established false"),
            "not established": _("not established"), "unknown": _("unknown"),
            "prevails": _("prevails"), "unresolved": _("unresolved: no priority decides"),
            "fails": _("fails")}.get(status, status)


def _legend(book) -> str:
    _ = book._
    rows = [("#E3F1E3", "✓", _("established")), ("#F8DCDC", "✗", _("established false or not established")),
            ("#FFF1CC", "?", _("unknown: whoever bears the burden loses"))]
    cells = "".join(f'<TR><TD BGCOLOR="{c}" BORDER="1">{m}</TD><TD ALIGN="LEFT">{_html(t)}</TD></TR>' for c, m, t in rows)
    head, supports, attacks = _html(_("Legend")), _html(_("supports")), _html(_("attacks: an exception or a competing rule"))
    return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2"><TR><TD COLSPAN="2" ALIGN="LEFT"><B>'
            f'{head}</B></TD></TR>{cells}<TR><TD><FONT COLOR="#0072B2">━▶</FONT></TD>'
            f'<TD ALIGN="LEFT">{supports}</TD></TR><TR><TD><FONT COLOR="#B00020">╍┤</FONT></TD>'
            f'<TD ALIGN="LEFT">{attacks}</TD></TR></TABLE>>')
