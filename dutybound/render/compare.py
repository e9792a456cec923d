"""One incident under every jurisdiction, side by side: each jurisdiction's
bottom line first, then what each party bears there."""
from __future__ import annotations

from dutybound.explain.markup import plain
from dutybound.render.text import _wrap, view_of


def N_(message: str) -> str:
    """Marks a message for the catalogue (pybabel reads no f-strings); translated where used."""
    return message


# the messages used inside the f-strings below
_MESSAGES = (
    N_('Comparison'), N_('Party by party'), N_('party'),
)


def _views(data: dict, views: dict | None) -> dict:
    return views or {j: view_of(a) for j, a in data.items()}


def party_lines(a: dict, v: dict, party: str, markup: bool = False) -> list[str]:
    """What one party bears under one jurisdiction, as short sentences (with the
    links of dutybound.explain.markup when `markup`)."""
    book, titles = v["book"], v["titles"]
    _ = book._
    out = []
    for l in a["liabilities"]:
        if l["party"] == party:
            amount = (book.money(l["amount"], l["currency"]) if l["amount"] is not None
                      else _("up to %(amount)s", amount=book.money(l["cap"])) if l.get("cap")
                      else _("an amount the court sets"))
            out.append(_("%(form)s to %(to)s, %(amount)s (%(law)s)", form=book.form(l["form"]), to=book.name(l["to"]),
                         amount=amount, law=book.provision_title(l["basis"], titles)))
    for e in a["exemptions"]:
        if e["party"] == party:
            out.append(_("not liable to %(to)s (%(law)s)", to=book.name(e["to"]),
                         law=book.provision_title(e["basis"], titles)))
    for b in a["breaches"]:
        if b["party"] == party:
            out.append(_("breached its %(duty)s (%(law)s)", duty=book.duty(b["duty"]),
                         law=book.provision_title(b["provision"], titles)))
    return out if markup else [plain(x) for x in out]


def parties(data: dict) -> list[str]:
    seen = []
    for a in data.values():
        for key in ("liabilities", "exemptions", "breaches"):
            for x in a[key]:
                if x["party"] not in seen:
                    seen.append(x["party"])
    return seen


def notes(a: dict, v: dict) -> list[str]:
    _ = v["book"]._
    out = []
    if a["conflicts"]:
        out.append(_("%(n)s unresolved conflict(s)", n=len(a["conflicts"])))
    if a["open_questions"]:
        out.append(_("%(n)s open question(s)", n=len(a["open_questions"])))
    if not a["law_applied"]:
        out.append(_("no provision of this jurisdiction reaches these facts: that is not a finding of no liability"))
    return out


def render_text(data: dict, views: dict | None = None) -> str:
    views = _views(data, views)
    first = next(iter(data.values()))
    _ = next(iter(views.values()))["book"]._
    out = [_("Comparison: %(title)s (%(id)s), law in force on %(date)s", title=first["incident"]["title"],
             id=first["incident"]["id"], date=first["as_of"])]
    for j, a in data.items():
        v = views[j]
        out += ["", f"{j} · {plain(v['book'].term(j))}"]
        for para in v["summary"]:
            out += _wrap(" ".join(para))
        extra = notes(a, v)
        if extra:
            out += _wrap("(" + "; ".join(extra) + ")")
    out += ["", _("Party by party")]
    for party in parties(data):
        out.append("  " + plain(next(iter(views.values()))["book"].name(party)))
        for j, a in data.items():
            cell = party_lines(a, views[j], party) or ["-"]
            out += _wrap(f"{j}: {cell[0]}", "    ", "        ")
            for c in cell[1:]:
                out += _wrap(c, "        ")
    return "\n".join(out) + "\n"


def render_markdown(data: dict, views: dict | None = None) -> str:
    views = _views(data, views)
    first = next(iter(data.values()))
    js = list(data)
    book = next(iter(views.values()))["book"]
    _ = book._
    out = [f"# {_('Comparison')}: {first['incident']['title']}", "",
           _("Law in force on %(date)s.", date=first["as_of"]), ""]
    for j in js:
        out += [f"## {j} · {plain(views[j]['book'].term(j))}", ""]
        out += [" ".join(plain(s) for s in para) + "\n" for para in views[j]["summary"]]
    out += [f"## {_('Party by party')}", "", f"| {_('party')} | " + " | ".join(js) + " |", "|---|" + "---|" * len(js)]
    for party in parties(data):
        cells = ["<br>".join(party_lines(data[j], views[j], party)) or "-" for j in js]
        out.append(f"| {plain(book.name(party))} | " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out) + "\n"
