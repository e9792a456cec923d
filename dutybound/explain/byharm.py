"""What holds payment by payment, when one claimant's claim against one party
is decided differently for its payments or harms.

A bank can owe the refund of one payment and not of another (the second was
reported too late, PSD2 Art. 71(1)). The assessment's `claims` say so per
harm (`by_harm`); the defences and exemptions say so per rule. Read together,
the bottom line must not say both "the bank must pay" and "the bank is not
liable": it names the payment each statement is about.

    scoped = scope_not_liable(data, claimant, entries)   # each entry gets a `scope`

Scopes of a `not_liable` entry (docs/assessment-format.md, "The bottom line"):

- "claim": the party is not liable to the claimant at all (as before);
- "harm": not liable for this harm (`harm`, with its `date` and `amount` where
  the incident states them), though liable for another;
- "other ground": the party is liable for the same harm under another
  provision; the entry only defeats the claim under its own provision;
- "same ground": liable under the very provision (another instance of the
  rule holds); nothing to say.
"""
from __future__ import annotations

LIABLE = "liable"


def harm_facts(data: dict) -> dict:
    """individual -> {date, amount}: its date (the law in time's `dates.facts`)
    and its amount (an established `amount` element of any proof)."""
    out: dict = {}
    for x, day in ((data.get("dates") or {}).get("facts") or {}).items():
        out.setdefault(x, {})["date"] = day
    for node in (data.get("proofs") or {}).values():
        for e in node.get("elements", []):
            t = e.get("triple") or {}
            if t.get("property") == "amount" and e.get("status") == "established" \
                    and t.get("positive", True) and isinstance(t.get("object"), dict):
                out.setdefault(t["subject"], {}).setdefault("amount", t["object"])
    return out


def harm_entry(h: str, facts: dict) -> dict:
    f = facts.get(h, {})
    return {"harm": h, "date": f.get("date"), "amount": f.get("amount")}


def _one_loss(links) -> dict:
    """individual -> the one it results from or is part of, where there is
    exactly one (a harm and its payment are one loss). A harm of several
    payments stays apart, so that its payments are not made one."""
    targets: dict = {}
    for a, b in links:
        targets.setdefault(a, set()).add(b)
    return {a: next(iter(bs)) for a, bs in targets.items() if len(bs) == 1}


def _root(x, up: dict):
    seen = {x}
    while x in up and up[x] not in seen:
        x = up[x]
        seen.add(x)
    return x


def _bound(data: dict, entry: dict) -> set:
    node = (data.get("proofs") or {}).get(entry.get("proof"), {})
    return {v for v in (node.get("bindings") or {}).values() if isinstance(v, str)}


def split_claims(data: dict, claimant: str, links=(), entries=()) -> dict:
    """party -> {harm: its by_harm entry (with `loss`: the harms of one loss)},
    for the claims of this claimant that are liable for some losses and not for
    another: decided not liable, or left unknown where a defence or exemption
    (`entries`, the not_liable list) is about it. Liable and unknown alone
    contradict nothing. The entries of one loss count as one, liable if any of
    them is; of a loss not liable, one entry stands for it (a decided one
    before an unknown one)."""
    up = _one_loss(links)
    out = {}
    for c in data.get("claims") or []:
        if c.get("claimant") != claimant or not c.get("by_harm"):
            continue
        losses: dict = {}
        for h in c["by_harm"]:
            losses.setdefault(_root(h["harm"], up), []).append(h)
        kept = {}
        for hs in losses.values():
            liable = [h for h in hs if h["status"] == LIABLE]
            for h in liable or sorted(hs, key=lambda h: (h["status"] != "not liable", h["harm"]))[:1]:
                kept[h["harm"]] = {**h, "loss": [x["harm"] for x in hs]}
        freed = [h for h in kept.values() if h["status"] != LIABLE]
        named = set().union(*(_bound(data, x) for x in entries if x["party"] == c["party"]))
        if len(freed) < len(kept) and any(h["status"] == "not liable" or named & set(h["loss"]) for h in freed):
            out[c["party"]] = kept
    return out


def _claim(data, claimant, party) -> dict | None:
    return next((c for c in data.get("claims") or []
                 if c.get("claimant") == claimant and c.get("party") == party), None)


def _defence_fact(node: dict) -> dict | None:
    """The established exception of a defence's proof, as a triple."""
    for x in node.get("exceptions", []):
        if x.get("established"):
            for e in x.get("elements", []):
                if e.get("triple"):
                    return e["triple"]
    return None


def _kind(entry: dict) -> str:
    """Why a harm's claim failed, from its reasons: an exemption, a defence, a
    superior rule, elements established false, or facts not established."""
    if entry["status"] == "unknown":
        return "not established"
    kinds = {r.get("kind") for r in entry.get("reasons", [])}
    for k in ("exemption", "defence", "beaten"):
        if k in kinds:
            return k
    return "elements false"


def scope_not_liable(data: dict, claimant: str, entries: list, split: dict) -> list:
    """The claimant's `not_liable` entries, each with its scope, and one entry
    more for each loss of a split claim (split_claims) that is not liable and
    that no defence or exemption names (its `kind`: "elements false", "not
    established", "beaten")."""
    facts = harm_facts(data) if split else {}
    out, covered = [], set()
    for x in entries:
        x = dict(x)
        party = x["party"]
        within = {m: h for h, e in split.get(party, {}).items() for m in e["loss"]}
        harms = sorted({within[m] for m in _bound(data, x) if m in within})
        claim = _claim(data, claimant, party)
        if harms and split[party][harms[0]]["status"] != LIABLE:
            # `status`: the payment's own, "unknown" where another provision may still reach it
            x.update(scope="harm", status=split[party][harms[0]]["status"], **harm_entry(harms[0], facts))
            if x["kind"] == "defence":
                x["fact"] = _defence_fact((data.get("proofs") or {}).get(x.get("proof"), {}))
            covered.add((party, harms[0]))
        elif claim is not None and claim.get("status") == LIABLE:
            basis = split[party][harms[0]]["basis"] if harms else claim.get("basis") or []
            x["scope"] = "same ground" if x["basis"] in basis else "other ground"
        else:
            x["scope"] = "claim"
        out.append(x)
    for party, hs in sorted(split.items()):
        for h, entry in sorted(hs.items()):
            if entry["status"] != LIABLE and (party, h) not in covered:
                out.append({"party": party, "basis": (entry.get("basis") or [None])[0], "kind": _kind(entry),
                            "proof": None, "scope": "harm", "status": entry["status"], **harm_entry(h, facts)})
    return out


def loss_harms(data: dict, losses: list, split: dict) -> None:
    """Name the payments of each loss (`harms`: [{harm, date, amount}]) when the
    claimant has a split claim: the bottom line then says which payment each
    sentence is about (those the claim is liable for, else every object)."""
    if not split:
        return
    facts = harm_facts(data)
    named = {h for hs in split.values() for h, e in hs.items() if e["status"] == LIABLE}
    for e in losses:
        objects = e.get("objects", [])
        e["harms"] = [harm_entry(o, facts) for o in [o for o in objects if o in named] or objects]
