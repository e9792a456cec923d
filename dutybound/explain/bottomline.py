"""The bottom line: who pays whom, how much, in which order, and who bears
the loss in the end.

An assessment lists liabilities one by one: one loss of CNY 8,000 can appear
as the provider's sole liability, the fraudster's, and the platform's
supplementary one. The bottom line puts them together per claimant:

- one loss is counted once: liabilities about the same money (a payment and
  the harm that results from it, a part and its whole) form one loss, which
  the claimant recovers at most once;
- order: those who pay first, then those who pay only what the first leave
  unpaid (supplementary liability, `pays_after`);
- amounts: the fixed amount, less a share the victim bears for its own
  fault; a cap as "up to"; what the law leaves to the court, said so;
- what the claimant bears itself (its own liability toward a payer, e.g. the
  payer's EUR 50 under PSD2 Art. 74(1)) is set off;
- recourse: a payer's right to recover from another (`recourse_against`, or
  another party's liability toward the payer for the same money) passes the
  loss on; whoever is left at the end of the chain bears it finally.

Nothing here is decided anew: every number is one the assessment gives.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from dutybound.explain.byharm import loss_harms, scope_not_liable, split_claims
from dutybound.rules.graph import reachable

SECONDARY_FORMS = ("Supplementary", "ConditionalSubstitute")


def _dec(x) -> Decimal | None:
    if x is None:
        return None
    if isinstance(x, dict):
        x = x.get("amount")
    try:
        return Decimal(str(x))
    except (InvalidOperation, ValueError):
        return None


def _money(d: Decimal | None, currency) -> dict | None:
    return None if d is None else {"amount": f"{d:.2f}", "currency": currency}


def concerns(l: dict, proofs: dict) -> tuple[str | None, Decimal | None]:
    """The individual whose amount a liability is about (a payment, a harm)
    and that amount, read off its proof."""
    node = proofs.get(l.get("proof"), {})
    want = _dec(l.get("amount"))
    found = []
    for e in node.get("elements", []):
        t = e.get("triple") or {}
        if t.get("property") == "amount" and e.get("status") == "established" and t.get("positive", True):
            found.append((t["subject"], _dec(t["object"])))
    for subject, amount in found:
        if want is not None and amount == want:
            return subject, amount
    return found[0] if found else (None, None)


class _Groups:
    """Union-find over the individuals liabilities are about."""

    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def payment(l: dict, currency) -> dict:
    """What one liability makes its party pay: a fixed sum, up to a cap, or
    an amount the court sets (or a fact must decide)."""
    amount, cap = _dec(l.get("amount")), _dec(l.get("cap"))
    status = l.get("amount_status")
    bounds = l.get("amount_bounds") or {}
    out = {"party": l["party"], "form": l["form"], "basis": l["basis"], "proof": l.get("proof"),
           "provision_title": l.get("provision_title"), "verified": l.get("verified", "V"),
           "factors": l.get("factors"), "pays_after": l.get("pays_after"),
           "recourse_against": l.get("recourse_against"), "share": l.get("share")}
    reduced = [r for r in l.get("reductions", []) if r.get("share") is not None]
    open_reduction = [r for r in l.get("reductions", []) if r.get("share") is None]
    if amount is not None:
        net = amount
        for r in reduced:
            net = net * (1 - Decimal(str(r["share"])))
        out.update(kind="up to" if open_reduction else "fixed", amount=_money(net, currency),
                   gross=_money(amount, currency) if reduced else None)
    elif status == "unknown":
        out.update(kind="unknown", amount=_money(_dec(bounds.get("max")) or cap, currency))
    elif cap is not None or bounds.get("max") is not None:
        out.update(kind="up to", amount=_money(_dec(bounds.get("max")) or cap, currency))
    else:
        out.update(kind="court", amount=None)
    out["reductions"] = [{"share": r.get("share"), "basis": r.get("basis"), "factors": r.get("factors")}
                         for r in l.get("reductions", [])]
    return out


def bottom_line(data: dict, links=()) -> dict:
    """{claimants: [...]} (docs/assessment-format.md, "bottom_line"). `links` are
    pairs (x, y) of individuals that are one loss (x resultsFrom y, x partOf y)."""
    libs = [l for l in data.get("liabilities", [])]
    proofs = data.get("proofs", {})
    about = {}
    groups = _Groups()
    amounts: dict = {}
    for i, l in enumerate(libs):
        obj, amount = concerns(l, proofs)
        about[i] = obj
        if obj is not None:
            groups.find(obj)
            if amount is not None:
                amounts[obj] = max(amounts.get(obj, amount), amount)
    for x, y in links:
        if x in groups.parent or y in groups.parent:
            groups.union(x, y)
    owed_by: dict = {}                       # (claimant, currency) -> liabilities owed to it
    for i, l in enumerate(libs):
        owed_by.setdefault(l["to"], []).append(i)
    currency_of = {i: l.get("currency") or (l.get("cap") or {}).get("currency") for i, l in enumerate(libs)}

    # liabilities toward a party that itself owes the same money on: the claimant's own
    # share (set off) or a payer's recourse, not a claim of their own
    owes: dict = {}                        # (debtor, creditor) -> [liability index]
    for i, l in enumerate(libs):
        owes.setdefault((l["party"], l["to"]), []).append(i)
    creditors = {l["party"]: set() for l in libs}
    for debtor, creditor in owes:
        creditors[debtor].add(creditor)

    def weight(pair):
        idx = owes.get(pair, [])
        return (sum(1 for i in idx if about[i] is not None),
                sum((_dec(libs[i].get("amount")) or Decimal(0) for i in idx), Decimal(0)))
    role = {}
    for (debtor, creditor), idx in owes.items():
        for i in idx:
            if (creditor, debtor) in owes and weight((debtor, creditor)) < weight((creditor, debtor)):
                role[i] = "offset"         # the claimant bears part of what its creditor owes it
            elif creditors.get(creditor) and (creditor, debtor) not in owes:
                role[i] = "recourse"       # the creditor pays someone, and recovers from the debtor
            else:
                role[i] = "claim"

    out = []
    for claimant, idx in owed_by.items():
        claims = [i for i in idx if role[i] == "claim"]
        if not claims:
            continue
        known = sorted({currency_of[i] for i in claims if currency_of[i]})
        for i in claims:                   # an amount left open is in the claimant's currency
            if not currency_of[i] and len(known) == 1:
                currency_of[i] = known[0]
        for currency in sorted({currency_of[i] or "" for i in claims}):
            mine = [i for i in claims if (currency_of[i] or "") == currency]
            out.append(_claimant(claimant, currency or None, mine, libs, about, groups, amounts, role))
    for c in out:                          # per payment where a claim is split (byharm.py)
        entries = not_liable(data, c["claimant"])
        split = split_claims(data, c["claimant"], links, entries)
        c["not_liable"] = scope_not_liable(data, c["claimant"], entries, split)
        loss_harms(data, c["losses"], split)
    out.sort(key=lambda c: c["claimant"])
    return {"claimants": out}


def not_liable(data: dict, claimant: str) -> list:
    """Who is not liable to the claimant, and on what basis: a proved exemption,
    or a defence that defeated the claim."""
    out = []
    for e in data.get("exemptions", []):
        if e["to"] == claimant:
            out.append({"party": e["party"], "basis": e["basis"], "kind": "exemption", "proof": e.get("proof")})
    for d in data.get("defences", []):
        node = data.get("proofs", {}).get(d.get("proof"), {})
        for h in node.get("heads", []):
            if h.get("kind") == "liable" and h.get("to") == claimant and h.get("positive", True):
                out.append({"party": h["party"], "basis": d["provision"], "kind": "defence", "proof": d.get("proof")})
    return out


def _claimant(claimant, currency, mine, libs, about, groups, amounts, role) -> dict:
    payers = {libs[i]["party"] for i in mine}
    # attach a liability without an object to its party's other liabilities, else alone
    key = {}
    for i in mine:
        obj = about[i]
        if obj is None:
            same = [about[j] for j in mine if libs[j]["party"] == libs[i]["party"] and about[j] is not None]
            obj = same[0] if len(set(same)) == 1 else None
        key[i] = groups.find(obj) if obj is not None else f"#{i}"
    # a supplementary payer's loss is the loss of the party it pays after
    for i in mine:
        after = libs[i].get("pays_after") or libs[i].get("recourse_against")
        if str(key[i]).startswith("#") and after:
            firsts = [key[j] for j in mine if libs[j]["party"] == after]
            if firsts:
                key[i] = firsts[0]
    losses: dict = {}
    for i in mine:
        losses.setdefault(key[i], []).append(i)
    entries = {k: _loss(k, is_, libs, groups, amounts, currency) for k, is_ in losses.items()}
    # recourse claims against these payers (attached to the loss they are about), and what
    # the claimant bears itself
    offsets = []
    for j, l in enumerate(libs):
        if (l.get("currency") or (l.get("cap") or {}).get("currency")) not in (currency, None):
            continue
        if role.get(j) == "recourse" and l["to"] in payers and l["party"] != claimant:
            obj = about[j]
            k = groups.find(obj) if obj is not None else None
            targets = [entries[k]] if k in entries else [
                e for e in entries.values() if l["to"] in {p["party"] for p in e["first"] + e["then"]}]
            for e in targets[:1]:
                e["recourse"].append({**payment(l, currency), "from": l["to"], "against": l["party"]})
        elif role.get(j) == "offset" and l["party"] == claimant and l["to"] in payers:
            offsets.append({**payment(l, currency), "to": l["to"]})
    entries = list(entries.values())
    for e in entries:
        e["final"] = _final(e)
    total = _total(entries, offsets, currency)
    return {"claimant": claimant, "currency": currency, "losses": entries, "own_share": offsets,
            "total": total}


def _loss(k, idx, libs, groups, amounts, currency) -> dict:
    objects = sorted({o for o in groups.parent if groups.find(o) == k and o in amounts}
                     ) if not str(k).startswith("#") else []
    size = max((amounts[o] for o in objects if o in amounts), default=None)
    merged: dict = {}
    for i in idx:
        p = payment(libs[i], currency)
        slot = merged.get(p["party"])
        if slot is None:
            merged[p["party"]] = {**p, "bases": [p["basis"]], "proofs": [p["proof"]]}
        else:                                 # the same party liable under several provisions
            slot["bases"].append(p["basis"])
            slot["proofs"].append(p["proof"])
            if _rank(p) > _rank(slot):
                merged[p["party"]] = {**p, "bases": slot["bases"], "proofs": slot["proofs"]}
    first = [p for p in merged.values() if not p["pays_after"] and p["form"] not in SECONDARY_FORMS]
    then = [p for p in merged.values() if p not in first]
    recourse = [{"from": p["party"], "against": p["recourse_against"], "basis": p["basis"], "kind": None,
                 "amount": None} for p in merged.values() if p["recourse_against"]]
    return {"objects": objects, "loss": _money(size, currency), "first": first, "then": then,
            "recourse": recourse, "recoverable": _recoverable(first, then, size, currency)}


def _rank(p) -> tuple:
    amount = _dec(p.get("amount"))
    return ({"fixed": 3, "up to": 2, "unknown": 1, "court": 0}[p["kind"]], amount or Decimal(0))


def _recoverable(first, then, size, currency) -> dict:
    """The most the claimant can recover for this loss, once."""
    payers = first + then
    proportional = [p for p in payers if p["form"] == "Proportional" and p["kind"] == "fixed"]
    fixed = [_dec(p["amount"]) for p in payers if p["kind"] == "fixed" and p["form"] != "Proportional"]
    if proportional:
        fixed.append(sum((_dec(p["amount"]) for p in proportional), Decimal(0)))
    bounded = [_dec(p["amount"]) for p in payers if p["kind"] in ("up to", "unknown") and p["amount"]]
    best = max(fixed, default=None)
    ceiling = max(bounded, default=None)
    if best is not None and (ceiling is None or ceiling <= best):
        amount, kind = best, "fixed"
    elif ceiling is not None:
        amount, kind = ceiling, "up to"
    else:
        amount, kind = None, "court"
    if size is not None and amount is not None and amount > size:
        amount = size
    return {"amount": _money(amount, currency), "kind": kind, "at_least": _money(best, currency)}


def _final(e) -> dict:
    """Who bears this loss in the end: follow each payer's recourse (and the
    order of payment) to those left with it."""
    payers = [p["party"] for p in e["first"] + e["then"]]
    edges: dict = {p: set() for p in payers}
    for r in e["recourse"]:
        edges.setdefault(r["from"], set()).add(r["against"])
        edges.setdefault(r["against"], set())
    for p in e["then"]:
        if p["pays_after"]:
            edges.setdefault(p["party"], set()).add(p["pays_after"])
            edges.setdefault(p["pays_after"], set())
    reach = {n: reachable(n, edges) for n in edges}
    sinks = []
    for n in edges:
        if all(n in reach[m] for m in reach[n]):     # everything n reaches leads back to n
            comp = sorted(m for m in reach[n] if n in reach[m])
            if comp not in sinks:
                sinks.append(comp)
    return {"bearers": sinks, "settled": len(sinks) == 1}




def _total(entries, offsets, currency) -> dict:
    gross, kinds = Decimal(0), set()
    for e in entries:
        r = e["recoverable"]
        kinds.add(r["kind"])
        if r["amount"]:
            gross += _dec(r["amount"])
    own = Decimal(0)
    own_kinds = set()
    for o in offsets:
        own_kinds.add(o["kind"])
        if o["amount"]:
            own += _dec(o["amount"])
    net = max(gross - own, Decimal(0))
    exact = kinds <= {"fixed"} and own_kinds <= {"fixed"}
    return {"gross": _money(gross, currency), "own": _money(own, currency) if offsets else None,
            "net": _money(net, currency), "exact": exact, "losses": len(entries)}
