"""The bottom line and the claims in sentences (bottomline.py computes them).

    paragraphs = bottom_line_text(bottom_line(data, links), book, titles)

Each paragraph is a list of sentences about one claimant: what it can
recover, who pays first, who pays only what the first leave unpaid, what it
bears itself, who may recover from whom, and who bears the loss in the end.
"""
from __future__ import annotations

from decimal import Decimal

from dutybound.explain.markup import cap


def join_names(book, names: list) -> str:
    return join_texts(book, [book.name(n) for n in names])


def join_texts(book, shown: list) -> str:
    _ = book._
    if len(shown) <= 1:
        return "".join(shown)
    if book.lang == "zh":
        return "、".join(shown[:-1]) + "和" + shown[-1]
    return _("%(first)s and %(last)s", first=", ".join(shown[:-1]), last=shown[-1])


def _amount(book, p, victim) -> str:
    """What one payer pays, as a phrase."""
    _ = book._
    money = book.money(p.get("amount"))
    if p["kind"] == "fixed":
        if p.get("gross"):
            shares = ", ".join(book.share(r["share"]) for r in p["reductions"] if r["share"] is not None)
            return _("%(net)s (%(gross)s less %(victim)s's own share of %(share)s)", net=money,
                     gross=book.money(p["gross"]), victim=book.name(victim), share=shares)
        return money
    if p["kind"] == "up to":
        return _("up to %(amount)s", amount=money)
    if p["kind"] == "unknown":
        return (_("an amount not yet known (up to %(amount)s)", amount=money) if money
                else _("an amount not yet known"))
    return _("an amount the court sets")


def _basis(book, p, titles) -> str:
    bases = p.get("bases") or [p["basis"]]
    shown = [book.provision_title(b, titles) for b in dict.fromkeys(bases)]
    sep = "；" if book.lang == "zh" else "; "
    return book._("%(form)s, %(law)s", form=book.form(p["form"]), law=sep.join(shown))


def loss_sentences(book, e, victim, titles, final: bool = True) -> list[str]:
    _ = book._
    out = []
    first, then = e["first"], e["then"]
    v = book.name(victim)
    if len(first) == 1:
        p = first[0]
        out.append(_("%(party)s must pay %(victim)s %(amount)s (%(basis)s).", party=book.name(p["party"]),
                     victim=v, amount=_amount(book, p, victim), basis=_basis(book, p, titles)))
    elif first and all(p["form"] == "Proportional" for p in first):
        parts = [_("%(party)s %(amount)s", party=book.name(p["party"]), amount=_amount(book, p, victim))
                 for p in first]
        out.append(_("Each pays its own share: %(parts)s (%(basis)s).",
                     parts=("；" if book.lang == "zh" else "; ").join(parts), basis=_basis(book, first[0], titles)))
    elif first:
        for p in first:
            out.append(_("%(party)s is liable to %(victim)s for %(amount)s (%(basis)s).",
                         party=book.name(p["party"]), victim=v, amount=_amount(book, p, victim),
                         basis=_basis(book, p, titles)))
        if any(p["form"] == "JointAndSeveral" for p in first):
            out.append(_("%(victim)s may claim from any of them, but recovers the loss only once.", victim=v))
        else:
            out.append(_("%(victim)s may claim from each of them, but recovers the loss only once.", victim=v))
    for p in then:
        if p.get("pays_after"):
            out.append(_("%(party)s pays only what %(first)s leaves unpaid: %(amount)s, as far as its own "
                         "fault goes (%(basis)s).", party=book.name(p["party"]), first=book.name(p["pays_after"]),
                         amount=_amount(book, p, victim), basis=_basis(book, p, titles)))
        else:
            out.append(_("%(party)s pays only if the condition the law sets is met: %(amount)s (%(basis)s).",
                         party=book.name(p["party"]), amount=_amount(book, p, victim), basis=_basis(book, p, titles)))
    for p in first + then:
        if p.get("factors") and p["kind"] != "fixed":
            out.append(_("For %(party)s the court weighs: %(factors)s.", party=book.name(p["party"]),
                         factors=book.prose(p["factors"])))
        for r in p.get("reductions", []):
            if r["share"] is None:
                out.append(_("%(victim)s's own fault may reduce what %(party)s owes; the court decides by how "
                             "much (%(law)s).", victim=v, party=book.name(p["party"]),
                             law=book.provision_title(r["basis"], titles)))
    seen = set()
    for r in e["recourse"]:
        key = (r["from"], r["against"])
        if key in seen or (r["against"], r["from"]) in seen:
            continue
        seen.add(key)
        if (r["against"], r["from"]) in {(x["from"], x["against"]) for x in e["recourse"]}:
            out.append(_("Whichever of %(a)s and %(b)s pays more than its share may recover the difference "
                         "from the other.", a=book.name(r["from"]), b=book.name(r["against"])))
        elif r.get("amount"):
            out.append(_("%(party)s, having paid, may recover %(amount)s from %(other)s (%(law)s).",
                         party=book.name(r["from"]), amount=_amount(book, r, victim),
                         other=book.name(r["against"]), law=book.provision_title(r["basis"], titles)))
        else:
            out.append(_("%(party)s, having paid, may recover it from %(other)s.", party=book.name(r["from"]),
                         other=book.name(r["against"])))
    if final:
        out.append(final_sentence(book, e))
    return out


def final_sentence(book, e) -> str:
    _ = book._
    sinks = e["final"]["bearers"]
    proportional = all(p["form"] == "Proportional" for p in e["first"]) and e["first"] and not e["then"]
    if proportional:
        return _("In the end each bears its own share.")
    if len(sinks) == 1 and len(sinks[0]) == 1:
        return _("In the end %(party)s bears the loss.", party=book.name(sinks[0][0]))
    if len(sinks) == 1:
        return _("In the end %(parties)s bear it between them, in the shares their fault and "
                 "contribution warrant.", parties=join_names(book, sinks[0]))
    names = [n for comp in sinks for n in comp]
    return _("The knowledge base gives no recourse between %(parties)s: the loss stays with whichever "
             "of them pays.", parties=join_names(book, names))


def claimant_sentences(book, c, titles) -> list[str]:
    """One claimant's bottom line, headline first."""
    _ = book._
    v, t = book.name(c["claimant"]), c["total"]
    out = []
    losses = c["losses"]
    own = c["own_share"]
    if t["net"] and Decimal(t["net"]["amount"]) > 0 or own:
        if own and Decimal(t["net"]["amount"]) == 0:
            out.append(_("%(victim)s bears the whole loss of %(amount)s.", victim=v,
                         amount=book.money(t["gross"])))
        elif t["exact"]:
            out.append(_("%(victim)s can recover %(amount)s in all, once.", victim=v, amount=book.money(t["net"])))
        else:
            out.append(_("%(victim)s can recover at most %(amount)s in all, once.", victim=v,
                         amount=book.money(t["net"])))
    elif all(e["recoverable"]["kind"] == "court" for e in losses):
        out.append(_("%(victim)s can recover an amount the court sets.", victim=v))
    bearers = {str(e["final"]["bearers"]) for e in losses}
    single = len(bearers) == 1 and len(losses[0]["final"]["bearers"]) == 1 and \
        len(losses[0]["final"]["bearers"][0]) == 1
    finals = not (own and single)          # with the claimant's own share, one closing sentence
    for group in _alike(losses):
        if len(group) == 1:
            said = loss_sentences(book, group[0], c["claimant"], titles, finals)
        else:
            said = _many_sentences(book, group, c["claimant"], titles, finals)
        harms = [h for e in group for h in e.get("harms", [])]
        if harms and said:                 # a split claim: say which payments this is about
            said[0] = _("For %(harm)s: %(sentence)s", harm=join_texts(book, [harm_phrase(book, h) for h in harms]),
                        sentence=said[0])
        out += said
    for o in own:
        out.append(_("%(victim)s bears %(amount)s of it (%(basis)s).", victim=v,
                     amount=_amount(book, o, c["claimant"]), basis=_basis(book, o, titles)))
    if own and Decimal(t["net"]["amount"]) > 0:
        out.append(_("So %(victim)s gets %(amount)s back.", victim=v, amount=book.money(t["net"])))
    out += not_liable_sentences(book, c.get("not_liable", []), c["claimant"], titles)
    if not finals:
        payer = losses[0]["final"]["bearers"][0][0]
        if Decimal(t["net"]["amount"]) > 0:
            out.append(_("In the end %(party)s bears %(net)s and %(victim)s bears %(own)s.",
                         party=book.name(payer), net=book.money(t["net"]), victim=v, own=book.money(t["own"])))
        else:
            out.append(_("In the end %(victim)s bears the whole loss.", victim=v))
    return [cap(s) for s in out]


def harm_phrase(book, h: dict) -> str:
    """A payment or harm as a reader knows it: its name, date and amount."""
    _ = book._
    name, day = book.name(h["harm"]), h.get("date")
    amount = book.money(h["amount"]) if h.get("amount") else None
    if day and amount:
        return _("%(harm)s of %(date)s (%(amount)s)", harm=name, date=day, amount=amount)
    if day:
        return _("%(harm)s of %(date)s", harm=name, date=day)
    if amount:
        return _("%(harm)s (%(amount)s)", harm=name, amount=amount)
    return name


def not_liable_sentences(book, entries: list, victim: str, titles) -> list[str]:
    """The not-liable entries in order; a party's defences against grounds it is
    not liable on, while liable on another, in one sentence."""
    said, other = [], {}                   # said: sentences, or a party whose grounds follow
    for x in entries:
        if x.get("scope") == "other ground" and x["kind"] == "defence":
            if x["party"] not in other:
                other[x["party"]] = []
                said.append((x["party"],))
            if x["basis"] not in other[x["party"]]:
                other[x["party"]].append(x["basis"])
        else:
            said.append(not_liable_sentence(book, x, victim, titles))
    return [_other_grounds(book, s[0], other[s[0]], titles) if isinstance(s, tuple) else s
            for s in said if s]


def _other_grounds(book, party, bases, titles) -> str:
    _ = book._
    name = book.name(party)
    if len(bases) == 1:
        return _("%(party)s's defence under %(law)s succeeds only against the claim under that provision; "
                 "%(party)s is liable as stated above.", party=name, law=book.provision_title(bases[0], titles))
    laws = join_texts(book, [book.provision_title(b, titles) for b in bases])
    return _("%(party)s's defences under %(laws)s succeed only against the claims under those provisions; "
             "%(party)s is liable as stated above.", party=name, laws=laws)


def not_liable_sentence(book, x: dict, victim: str, titles) -> str | None:
    """Who is not liable, for what (the whole claim, one payment, one ground),
    and why: a defence or exemption decided, conditions established false, or
    facts not established (byharm.py)."""
    _ = book._
    law = book.provision_title(x["basis"], titles) if x.get("basis") else None
    party, v = book.name(x["party"]), book.name(victim)
    scope, kind = x.get("scope", "claim"), x["kind"]
    if scope == "same ground":             # liable under the same provision all the same
        return None
    if scope == "other ground":
        if kind == "exemption":
            return _("%(law)s exempts %(party)s only from the claim under that provision; %(party)s is liable "
                     "as stated above.", law=law, party=party)
        return _other_grounds(book, x["party"], [x["basis"]], titles)
    if scope == "harm":
        harm = harm_phrase(book, x)
        if kind == "defence" and x.get("status") == "unknown":   # another provision may still reach it
            fact = book.fact(x["fact"]["subject"], x["fact"]["property"], x["fact"]["object"],
                             x["fact"].get("positive", True)) if x.get("fact") else None
            return (_("For %(harm)s, %(party)s's defence under %(law)s succeeds, as %(fact)s; whether %(party)s is "
                      "liable to %(victim)s on another ground is not established: it turns on facts not yet known "
                      "(see the open questions).", harm=harm, party=party, victim=v, law=law, fact=fact) if fact else
                    _("For %(harm)s, %(party)s's defence under %(law)s succeeds; whether %(party)s is liable to "
                      "%(victim)s on another ground is not established: it turns on facts not yet known (see the "
                      "open questions).", harm=harm, party=party, victim=v, law=law))
        if kind == "defence" and x.get("fact"):
            t = x["fact"]
            return _("For %(harm)s, %(party)s is not liable to %(victim)s: its defence under %(law)s succeeds, "
                     "as %(fact)s.", harm=harm, party=party, victim=v, law=law,
                     fact=book.fact(t["subject"], t["property"], t["object"], t.get("positive", True)))
        if kind == "defence":
            return _("For %(harm)s, %(party)s is not liable to %(victim)s: its defence under %(law)s succeeds.",
                     harm=harm, party=party, victim=v, law=law)
        if kind == "exemption":
            return _("For %(harm)s, %(party)s is not liable to %(victim)s: %(law)s exempts it.",
                     harm=harm, party=party, victim=v, law=law)
        if kind == "beaten":
            return _("For %(harm)s, %(party)s is not liable to %(victim)s under %(law)s: a superior rule "
                     "prevails.", harm=harm, party=party, victim=v, law=law)
        if kind == "not established":
            return _("For %(harm)s, it is not established whether %(party)s is liable to %(victim)s under "
                     "%(law)s: it turns on facts not yet known (see the open questions).",
                     harm=harm, party=party, victim=v, law=law)
        return _("For %(harm)s, %(party)s is not liable to %(victim)s: a condition of %(law)s is established "
                 "not to be met.", harm=harm, party=party, victim=v, law=law)
    if kind == "defence":
        return _("%(party)s is not liable to %(victim)s: its defence under %(law)s succeeds.",
                 party=party, victim=v, law=law)
    return _("%(party)s is not liable to %(victim)s (%(law)s).", party=party, victim=v, law=law)


def _signature(e) -> tuple:
    return (tuple((p["party"], p["form"], tuple(p["bases"]), p["kind"]) for p in e["first"] + e["then"]),
            tuple((r["from"], r["against"]) for r in e["recourse"]), str(e["final"]["bearers"]))


def _alike(losses) -> list[list]:
    """Losses with the same payers, forms and bases (one payment after another)."""
    out: dict = {}
    for e in losses:
        out.setdefault(_signature(e), []).append(e)
    return list(out.values())


def _many_sentences(book, group, victim, titles, final: bool = True) -> list[str]:
    """Several payments handled alike: one sentence with the count and the sum."""
    _ = book._
    first = group[0]["first"] + group[0]["then"]
    total = sum((Decimal(e["recoverable"]["amount"]["amount"]) for e in group
                 if e["recoverable"]["amount"]), Decimal(0))
    currency = next((e["recoverable"]["amount"]["currency"] for e in group if e["recoverable"]["amount"]), None)
    if len(first) == 1 and all(e["recoverable"]["kind"] == "fixed" for e in group):
        p = first[0]
        out = [_("%(party)s must pay %(victim)s for %(n)s payments, %(amount)s in all (%(basis)s).",
                 party=book.name(p["party"]), victim=book.name(victim), n=len(group),
                 amount=book.money({"amount": str(total), "currency": currency}), basis=_basis(book, p, titles))]
        return out + ([final_sentence(book, group[0])] if final else [])
    out = []
    for e in group:
        out += loss_sentences(book, e, victim, titles, final)
    return out


def bottom_line_text(bl: dict, book, titles: dict | None = None) -> list[list[str]]:
    """One paragraph (a list of sentences) per claimant."""
    titles = titles or {}
    out = [claimant_sentences(book, c, titles) for c in bl.get("claimants", [])]
    if not out:
        out = [[book._("No one is liable to anyone under the law held.")]]
    return out
