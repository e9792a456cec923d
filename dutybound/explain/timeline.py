"""The incident on a time axis: every dated fact of the incident (events,
payments, notices, harms), the deadlines the rules computed from them, the
limitation dates the assessment holds, and who bears each payment.

    view = timeline(data, book, incident)
    view["rows"]       # in time order: {type: "event" | "deadline", day, when, text, ...}

Nothing here computes a deadline: a deadline is a date a rule computed in a
proof (`computed` in a proof node: a `let` value or a date-shifting call in a
`where` test, docs/assessment-format.md), or a limitation entry's `runs_out`.
Each carries the provision and the proof it comes from. Who bears a payment
is read off the bottom line (explain/bottomline.py).
"""
from __future__ import annotations

import datetime as dt
import re

from dutybound.explain.markup import cap
from dutybound.values import to_json

SHIFT = re.compile(r"^(add_days|add_business_days|add_months)\((.*), (\d+)(, \?\w+)?\)$")
KINDS = (("Payment", "payment"), ("UserNotice", "notice"), ("Harm", "harm"))


def timeline(data: dict, book, incident=None, bottom_line: dict | None = None,
             titles: dict | None = None) -> dict:
    """{rows, deadlines, events, bearers, span, undated}: see the module docstring."""
    _ = book._
    events = _events(data, book, incident) + _asserted(data, book)
    stated = {e["subject"] for e in events}
    bearers = bearers_of(bottom_line or {}, data)
    for e in events:
        if e["kind"] in ("payment", "harm"):
            e["bearer"] = bearers.get(e["subject"])
    deadlines = computed_deadlines(data, book, events) + limitation_deadlines(data, book, titles)
    timing(data, deadlines, events)
    rows = sorted([{"type": "event", **e} for e in events] + [{"type": "deadline", **d} for d in deadlines],
                  key=lambda r: (r["when"][:10], r["type"] == "deadline" and len(r["when"]) == 10,
                                 r["when"], r["type"]))
    days = [r["when"][:10] for r in rows]
    undated = [{"subject": s, "text": cap(book.name(s))} for s in (data.get("dates") or {}).get("unknown", [])
               if s not in stated]
    return {"rows": rows, "events": events, "deadlines": deadlines, "bearers": bearers,
            "span": {"from": min(days), "to": max(days)} if days else None, "undated": undated,
            "parties": _parties(events)}


# -- the incident's dated facts --------------------------------------------------
def _events(data, book, incident) -> list:
    """Each dated fact of the incident as written: `time` gives the event itself,
    another date property (a statement's `statementTime`) a point of its own."""
    facts = getattr(incident, "facts", None)
    vocab = book.vocab
    if facts is None:                       # only the assessment: its individuals' dates
        return [{"subject": s, "property": "time", "when": d, "kind": "event",
                 "text": cap(book.name(s))} for s, d in sorted(((data.get("dates") or {}).get("facts") or {}).items())
                if d]
    types: dict = {}
    amounts: dict = {}
    for (s, p, o) in facts.true:
        if p == "a":
            types.setdefault(s, set()).add(o)
        elif p == "amount":
            amounts[s] = to_json(o)
    out = []
    for (s, p, o) in facts.true:
        if not isinstance(o, (dt.date, dt.datetime)):
            continue
        kind = _kind(vocab, types.get(s, set())) if p == "time" else "event"
        text = cap(book.name(s)) if p == "time" else cap(book.fact(s, p, o))
        e = {"subject": s, "property": p, "when": _iso(o), "kind": kind, "text": text,
             "classes": sorted(types.get(s, ()))}
        if p == "time" and s in amounts:
            e["amount"] = amounts[s]
            e["amount_text"] = book.money(amounts[s])
        out.append(e)
    # a harm without a date of its own happened with the payment it results from
    dated = {e["subject"]: e for e in out if e["property"] == "time"}
    for (s, p, o) in facts.true:
        if p in ("resultsFrom", "partOf") and s not in dated and o in dated and \
                _kind(vocab, types.get(s, set())) == "harm":
            e = {**dated[o], "subject": s, "kind": "harm", "text": cap(book.name(s)),
                 "classes": sorted(types.get(s, ())), "with": o}
            e.pop("amount", None)
            e.pop("amount_text", None)
            if s in amounts:
                e.update(amount=amounts[s], amount_text=book.money(amounts[s]))
            out.append(e)
    out.sort(key=lambda e: (e["when"], e["subject"], e["property"]))
    return out


def _kind(vocab, classes) -> str:
    for cls, kind in KINDS:
        if any(vocab.is_subclass(c, cls) for c in classes):
            return kind
    return "event"


def _iso(o) -> str:
    return o.isoformat(timespec="minutes") if isinstance(o, dt.datetime) else o.isoformat()


def _parties(events) -> list:
    out = []
    for e in events:
        for p in (e.get("bearer") or {}).get("parties", []):
            if p not in out:
                out.append(p)
    return out


# -- who bears each payment ---------------------------------------------------------
def bearers_of(bottom_line: dict, data: dict) -> dict:
    """individual -> {parties, how, final}: those who pay the claimant for it
    first (the bottom line's `first`), and who is left with it in the end
    (`final.bearers`, when that is settled)."""
    out: dict = {}
    for c in bottom_line.get("claimants", []):
        # a share the claimant bears itself (Reg E 1005.6(b)) is owed for the losses
        # together, not for one payment: no payment is then settled as borne by the payer
        own = bool(c.get("own_share"))
        for loss in c.get("losses", []):
            first = [p["party"] for p in loss.get("first", [])]
            then = [p["party"] for p in loss.get("then", [])]
            final = loss.get("final") or {}
            settled = final.get("settled") and len(final.get("bearers", [])) == 1 and not own
            parties = final["bearers"][0] if settled else first or then
            for obj in loss.get("objects", []):
                out[obj] = {"parties": list(parties), "first": first, "then": then,
                            "final": [list(g) for g in final.get("bearers", [])], "settled": bool(settled),
                            "claimant": c["claimant"]}
    return out


# -- deadlines the rules computed -------------------------------------------------------
def computed_deadlines(data: dict, book, events: list | None = None) -> list:
    """The dates the proofs computed (proof `computed`), one per date, provision
    and expression, with the event each was counted from."""
    _ = book._
    times = {}
    for e in events or []:
        times.setdefault(e["when"], (e["subject"], e["property"]))
    out, seen = [], {}
    for pid, node in data.get("proofs", {}).items():
        prov = node.get("provision") or {}
        for c in node.get("computed", []):
            key = (c["value"], prov.get("id"), c["expr"])
            if key in seen:
                seen[key]["proofs"].append(pid)
                continue
            anchor, prop = _anchor(node, c, times)
            d = {"when": c["value"], "day": c["value"][:10], "provision": prov.get("id"),
                 "title": book.provision_title(prov) if prov else "", "rule": node.get("rule"),
                 "proofs": [pid], "expr": c["expr"], "anchor": anchor, "source": "rule",
                 "status": node.get("status")}
            d["text"] = cap(_phrase(book, c["expr"], anchor, prop))
            seen[key] = d
            out.append(d)
    return out


# -- which deadline each event met or missed ---------------------------------------------
FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


def timing(data: dict, deadlines: list, events: list) -> None:
    """Mark each event that a rule compared with a deadline (proof `compared`:
    `date_of(?tn) > ?end`) as having met it (before, or on the day the rule
    allows) or missed it (after): `met` and `missed` on the deadline (the
    events' subjects) and `timing` on the event. Only the rules' own
    comparisons count: an event no rule compared with a deadline is not marked."""
    proofs = data.get("proofs", {})
    by_moment: dict = {}
    for e in events:
        if e.get("subject"):
            by_moment.setdefault(e["when"][:16], []).append(e)
    for d in deadlines:
        d["met"], d["missed"] = [], []
        if d["source"] != "rule":
            continue
        own = set(d["proofs"])
        for pid, node in proofs.items():
            names = _deadline_vars(node, pid, d, own)
            if names is None:
                continue
            for c in node.get("compared", []):
                side = _deadline_side(c, d, names)
                if side is None:
                    continue
                other = c["right" if side == "left" else "left"]
                op = c["op"] if side == "right" else FLIP[c["op"]]        # event OP deadline
                outcome = "met" if op in ("<", "<=") else "missed"
                for e in _compared_events(node, other, by_moment):
                    if e["subject"] not in d[outcome]:
                        d[outcome].append(e["subject"])
                        e.setdefault("timing", []).append({"deadline": d["day"], "outcome": outcome,
                                                           "provision": d["provision"], "text": d["text"]})


def _deadline_vars(node, pid, d, own) -> set | None:
    """The variables of a proof bound to the deadline: the rule's own `let`
    (the proof that computed it), or a variable bound to the object of an
    element another of the deadline's proofs proved (`?d timelyNoticeUntil ?end`).
    None when the proof has nothing to do with the deadline."""
    if pid in own:
        return {c["var"] for c in node.get("computed", []) if c["var"] and c["value"] == d["when"]}
    values = {str((e.get("triple") or {}).get("object")) for e in node.get("elements", [])
              if own & set(e.get("proofs") or [])}
    if d["when"] not in values:
        return None
    return {v for v, x in (node.get("bindings") or {}).items() if str(x) == d["when"]}


def _deadline_side(c, d, names) -> str | None:
    for side in ("left", "right"):
        x = c[side]
        if x["value"][:10] == d["day"] and (x["expr"] == d["expr"] or x["expr"] in {f"?{n}" for n in names}):
            return side
    return None


def _compared_events(node, side, by_moment) -> list:
    """The incident's events whose time the other side of the comparison read:
    a variable bound to the event's moment, preferring the event the proof names."""
    bindings = node.get("bindings") or {}
    named = {str(v) for v in bindings.values()}
    out = []
    for v in side["used"]:
        moment = str(bindings.get(v, ""))[:16]
        found = by_moment.get(moment, [])
        mine = [e for e in found if e["subject"] in named]
        out += mine or found[:1]
    return out


def _anchor(node, c, times) -> tuple:
    """The incident individual whose date the computation started from, and the
    property that gave it (`time`, or e.g. `statementTime`): the subject of an
    established element whose date is a variable's value."""
    bindings = node.get("bindings", {})
    values = {str(bindings[v]) for v in c.get("used", []) if v in bindings}
    for e in node.get("elements", []):
        t = e.get("triple") or {}
        if t.get("object") is not None and str(t["object"]) in values and t.get("subject"):
            return t["subject"], t.get("property")
    for v in values:
        for when, (subject, prop) in times.items():
            if _same_moment(when, v):
                return subject, prop
    return None, None


def _same_moment(a: str, b: str) -> bool:
    return a[:16] == b[:16]


def _phrase(book, expr: str, anchor, prop=None) -> str:
    _ = book._
    m = SHIFT.match(expr)
    what = book.name(anchor) if anchor else _("the event it counts from")
    if anchor and prop not in (None, "time"):          # 60 days after the statement time of t1
        what = _("the %(property)s of %(what)s", property=book.term(prop), what=what)
    if not m:
        return _("A date the rule computed")
    n = int(m.group(3))
    if m.group(1) == "add_business_days":
        return _("%(n)s business days after %(what)s", n=n, what=what)
    if m.group(1) == "add_months":
        return _("%(n)s months after %(what)s", n=n, what=what)
    return _("%(n)s days after %(what)s", n=n, what=what)


def _asserted(data, book) -> list:
    """When the claim was asserted (filed, else decided): where a limitation period is held."""
    _ = book._
    out = []
    for lim in (data.get("law_in_time") or {}).get("limitation", [])[:1]:
        if lim.get("asserted"):
            text = _("The claim is filed") if lim.get("asserted_as") == "filed" else _("The case is decided")
            out.append({"subject": "", "property": "asserted", "when": lim["asserted"], "kind": "court",
                        "text": text, "classes": []})
    return out


def limitation_deadlines(data: dict, book, titles: dict | None = None) -> list:
    """When each claim's limitation period runs out (law_in_time.limitation)."""
    _ = book._
    out, groups = [], {}
    for lim in (data.get("law_in_time") or {}).get("limitation", []):
        if lim.get("runs_out"):        # one row per date, law, status and claimant
            key = (lim["runs_out"], tuple(lim.get("cites") or [lim.get("basis")]), lim.get("status"), lim.get("to"))
            groups.setdefault(key, []).append(lim)
    from dutybound.explain.narrate import join_names
    for (_day, cites, _status, _to), lims in groups.items():
        lim = lims[0]
        status = {"barred": _("run out and invoked: the claim is barred"),
                  "run out, not invoked": _("run out, but not invoked"),
                  "not run out": _("not run out when the claim was asserted")}.get(lim.get("status"), "")
        out.append({"when": lim["runs_out"], "day": lim["runs_out"][:10], "provision": cites[0],
                    "title": book.provision_title(cites[0], {**_titles(data), **(titles or {})}), "rule": lim.get("limitation"),
                    "proofs": [], "expr": None, "anchor": None, "source": "limitation",
                    "status": lim.get("status"),
                    "text": cap(_("the limitation period for %(to)s's claim against %(party)s runs out (%(status)s)",
                                  to=book.name(lim.get("to")), party=join_names(book, [x.get("party") for x in lims]),
                                  status=status))})
    return out


def _titles(data) -> dict:
    from dutybound.explain import titles_of
    return titles_of(data)
