"""Who pays whom, as arrows: the bottom line (explain/bottomline.py) read as
a diagram's edges. Each arrow is a liability of the assessment (its index in
`liabilities`), or the right of recourse a liability states
(`recourse_against`): the picture never draws a payment the assessment does
not hold.

    arrows(data, bottom_line, book, titles)
    # [{kind: first | then | recourse | own share, from, to, liability, text, law, order}]
"""
from __future__ import annotations

from dutybound.explain.narrate import _amount


def _find(libs, party, to, bases=(), recourse=None, proofs=()) -> int | None:
    for i, l in enumerate(libs):
        if proofs and l.get("proof") in proofs and l["party"] == party and l["to"] == to:
            return i
    for want_basis in (True, False):
        for i, l in enumerate(libs):
            if l["party"] != party or l["to"] != to:
                continue
            if recourse is not None and l.get("recourse_against") != recourse:
                continue
            if want_basis and bases and l.get("basis") not in bases:
                continue
            return i
    return None


def arrows(data: dict, bottom_line: dict, book, titles: dict | None = None) -> list:
    _ = book._
    libs = data.get("liabilities", [])
    out = []
    seen = set()

    def add(kind, payer, payee, p, liability, order, label):
        key = (kind, payer, payee, liability)
        if liability is None or key in seen:
            return
        seen.add(key)
        bases = p.get("bases") or [p.get("basis")] if p else [libs[liability]["basis"]]
        out.append({"kind": kind, "from": payer, "to": payee, "liability": liability, "order": order,
                    "form": libs[liability]["form"], "form_text": book.form(libs[liability]["form"]),
                    "amount_text": label, "basis": libs[liability]["basis"],
                    "money": (p or {}).get("amount") if (p or {}).get("kind") == "fixed" else None,
                    "law": [book.provision_title(b, titles) for b in dict.fromkeys(x for x in bases if x)]})

    for c in bottom_line.get("claimants", []):
        victim = c["claimant"]
        for loss in c.get("losses", []):
            for p in loss.get("first", []):
                add("first", p["party"], victim, p, _find(libs, p["party"], victim, p.get("bases", ()), proofs=_proofs(p)), 1,
                    _amount(book, p, victim))
            for p in loss.get("then", []):
                add("then", p["party"], victim, p, _find(libs, p["party"], victim, p.get("bases", ()), proofs=_proofs(p)), 2,
                    _amount(book, p, victim))
            for r in loss.get("recourse", []):
                i = _find(libs, r["against"], r["from"], [r.get("basis")], proofs=_proofs(r))   # owed to the payer
                if i is not None:
                    add("recourse", r["against"], r["from"], r, i, 3, _amount(book, r, r["from"])
                        if r.get("kind") else _("what it paid"))
                else:                                                        # the payer's stated recourse
                    i = _find(libs, r["from"], victim, [r.get("basis")], recourse=r["against"])
                    add("recourse", r["against"], r["from"], None, i, 3, _("what it paid"))
                    if out and out[-1]["liability"] == i and out[-1]["kind"] == "recourse":
                        out[-1]["form_text"] = ""      # the payer's right, not a liability of its own
        for o in c.get("own_share", []):
            add("own share", victim, o["to"], o, _find(libs, victim, o["to"], o.get("bases") or [o.get("basis")], proofs=_proofs(o)),
                None, _amount(book, o, victim))
    return merged(out, book)


def _proofs(p) -> tuple:
    return tuple(x for x in (p.get("proofs") or []) + [p.get("proof")] if x)


def merged(out: list, book) -> list:
    """Arrows of the same kind between the same parties, in the same form and
    under the same law (one per payment of a series) drawn as one, with each
    amount and every liability it stands for."""
    groups: dict = {}
    for a in out:
        key = (a["kind"], a["from"], a["to"], a["form"], tuple(a["law"]))
        if key in groups:
            g = groups[key]
            g["liabilities"].append(a["liability"])
            g["amounts"].append(a["amount_text"])
            g["moneys"].append(a["money"])
        else:
            groups[key] = {**a, "liabilities": [a["liability"]], "amounts": [a["amount_text"]],
                           "moneys": [a["money"]]}
    for g in groups.values():
        if len(g["amounts"]) > 1:
            g["amount_text"] = _total(g, book) or "; ".join(g["amounts"])
    return list(groups.values())


def _total(g: dict, book) -> str | None:
    """'USD 555.00 in all, for 6 payments' when each amount is fixed, in one currency."""
    from decimal import Decimal
    money = g["moneys"]
    if any(m is None for m in money) or len({m["currency"] for m in money}) != 1:
        return None
    total = sum((Decimal(m["amount"]) for m in money), Decimal(0))
    return book._("%(amount)s in all, for %(n)s payments", amount=book.money(f"{total:.2f}", money[0]["currency"]),
                  n=len(money))


def order_text(book, a: dict, bottom_line: dict | None = None) -> str:
    _ = book._
    return {"first": _("pays first"), "then": _("pays only what the first leave unpaid"),
            "recourse": _("recourse: passes the loss on"), "own share": _("the claimant's own share")}[a["kind"]]
