"""The issues in IRAC order: for each claim of a claimant against a party,
the issue, the rule, the application (the claimant's side and the
defendant's), and the conclusion.

A claim is a pair (party, claimant) the assessment says something about: a
liability, a proved exemption, a defence that defeated a claim, or an open
question whose answer would make or unmake a liability. The application
reads the proofs: the claimant's side is the elements of the claim, the
defendant's side the exceptions (with who had to prove them and whether they
did) and the exemptions.
"""
from __future__ import annotations

from decimal import Decimal

from dutybound.explain.markup import cap
from dutybound.explain.proofs import defence, step
from dutybound.explain.questions import parse_change


def _pairs(data) -> list:
    seen = []
    add = lambda p: seen.append(p) if p not in seen else None  # noqa: E731
    for l in data.get("liabilities", []):
        add((l["party"], l["to"]))
    for e in data.get("exemptions", []):
        add((e["party"], e["to"]))
    for d in data.get("defences", []):
        node = data.get("proofs", {}).get(d.get("proof"), {})
        for h in node.get("heads", []):
            if h.get("kind") == "liable":
                add((h["party"], h["to"]))
    for q in data.get("open_questions", []):
        for v in ("if_true", "if_false"):
            for text in (q.get(v) or {}).get("gained", []) + (q.get(v) or {}).get("lost", []):
                c = parse_change(text)
                if c["kind"] in ("liable", "exempt"):
                    add((c["party"], c["to"]))
    for c in data.get("claims", []) or []:
        party, to = c.get("party"), c.get("claimant") or c.get("to")
        if party and to:
            add((party, to))
    return seen


def issues(data: dict, book, titles: dict, questions: list, incident_path: str | None = None) -> list:
    """[{party, to, issue, rules, claimant, defendant, open, conclusion, status}]"""
    _ = book._
    proofs = data.get("proofs", {})
    out = []
    pairs = _pairs(data)
    pairs.sort(key=lambda pt: (pt[1], not any(l["party"] == pt[0] and l["to"] == pt[1]
                                              for l in data.get("liabilities", [])), pt[0]))
    for party, to in pairs:
        libs = [l for l in data.get("liabilities", []) if l["party"] == party and l["to"] == to]
        exempt = [e for e in data.get("exemptions", []) if e["party"] == party and e["to"] == to]
        defs = [d for d in data.get("defences", []) if _about(proofs.get(d.get("proof"), {}), party, to)]
        claims = [c for c in data.get("claims", []) or []
                  if c.get("party") == party and (c.get("claimant") or c.get("to")) == to]
        related = [q for q in questions if _mentions(q, party, to)]
        rules, claimant_side, defendant_side = [], [], []
        for item, role in [(x, "claim") for x in libs] + [(x, "exempt") for x in exempt] + \
                          [(x, "defence") for x in defs]:
            node = proofs.get(item.get("proof"), {})
            pid = (node.get("provision") or {}).get("id") or item.get("provision") or item.get("basis")
            if pid and pid not in [r["id"] for r in rules]:
                rules.append(_rule(book, node.get("provision") or {"id": pid, "title": titles.get(pid, pid)}))
            steps = [step(book, e, incident_path) for e in node.get("elements", [])]
            if role == "claim":
                claimant_side += [s for s in steps if s not in claimant_side]
                defendant_side += [defence(book, x, incident_path) for x in node.get("exceptions", [])]
            elif role == "exempt":
                defendant_side.append({"text": "; ".join(s["text"] for s in steps), "steps": steps,
                                       "established": True, "by": book.name(party),
                                       "outcome": _("established, so %(party)s is not liable under %(law)s",
                                                    party=book.name(party), law=book.provision_title(pid, titles))})
            else:
                claimant_side += [s for s in steps if s not in claimant_side]
                # the defence defeats this rule only: name its law, since another rule of the
                # issue may still conclude the liability (Civil Code 577 beside 593)
                defendant_side += [defence(book, x, incident_path, book.provision_title(pid, titles))
                                   for x in node.get("exceptions", []) if x.get("established")]
        defendant_side = _once(defendant_side)
        status, conclusion = _conclusion(book, party, to, libs, exempt, defs, claims, related, titles)
        out.append({"party": party, "to": to,
                    "issue": _("Is %(party)s liable to %(to)s?", party=book.name(party), to=book.name(to)),
                    "rules": rules, "claimant": claimant_side, "defendant": defendant_side,
                    "open": related, "conclusion": cap(conclusion), "status": status,
                    "proofs": [x.get("proof") for x in libs + exempt + defs if x.get("proof")]})
    return out


def _once(items: list) -> list:
    out, seen = [], set()
    for x in items:
        key = (x["text"], x["outcome"])
        if key not in seen:
            seen.add(key)
            out.append(x)
    return out


def _about(node, party, to) -> bool:
    return any(h.get("kind") == "liable" and h.get("party") == party and h.get("to") == to
               for h in node.get("heads", []))


def _mentions(q, party, to) -> bool:
    for a in q["answers"]:
        for text in a.get("raw", []):
            c = parse_change(text)
            # an issue is whether party is liable to to: a duty or breach toward to
            # that an answer gains is a step toward it, not what decides it
            if c["kind"] in ("liable", "exempt") and c.get("party") == party and c.get("to") == to:
                return True
    return False


def _rule(book, p: dict) -> dict:
    return {"id": p.get("id"), "law": book.provision_title(p), "original": p.get("original"),
            "language": p.get("language"), "en": p.get("en"),
            "burden": book.prose(p.get("burden")) if book.has_prose(p.get("burden")) else None,
            "burden_en": p.get("burden")}


def _one_amount(book, l) -> str:
    _ = book._
    if l.get("amount") is not None:
        return book.money(l["amount"], l.get("currency"))
    if l.get("cap"):
        return _("up to %(amount)s", amount=book.money(l["cap"]))
    if l.get("amount_status") == "unknown":
        return _("an amount not yet known")
    return _("an amount the court sets")


def _conclusion(book, party, to, libs, exempt, defs, claims, related, titles) -> tuple[str, str]:
    _ = book._
    p, v = book.name(party), book.name(to)
    outside = [c for c in claims if c.get("status") == "outside"]
    if libs:
        parts = []
        groups: dict = {}
        for l in libs:                       # one line per form and provision, amounts summed
            groups.setdefault((l["form"], l["basis"]), []).append(l)
        for (form, basis), ls in groups.items():
            fixed = [l for l in ls if l.get("amount") is not None]
            if len(ls) > 1 and len(fixed) == len(ls) and len({l.get("currency") for l in ls}) == 1:
                total = sum(Decimal(str(l["amount"])) for l in ls)
                amount = _("%(amount)s in all, for %(n)s payments", amount=book.money(str(total), ls[0].get("currency")),
                           n=len(ls))
            else:
                amount = "、".join(_one_amount(book, l) for l in ls) if book.lang == "zh" else \
                    ", ".join(_one_amount(book, l) for l in ls)
            parts.append(_("%(form)s, %(amount)s, under %(law)s", form=book.form(form), amount=amount,
                           law=book.provision_title(basis, titles)))
        sep = "；" if book.lang == "zh" else "; "
        text = _("%(party)s is liable to %(to)s: %(what)s.", party=p, to=v, what=sep.join(parts))
        if related:
            text += " " + _("The open questions below could still change this.")
        return "liable", text
    if exempt:
        return "not liable", _("%(party)s is not liable to %(to)s under %(law)s.", party=p, to=v,
                               law=", ".join(book.provision_title(e["basis"], titles) for e in exempt))
    if defs:
        return "not liable", _("The claim against %(party)s fails: the defence under %(law)s succeeds.",
                               party=p, law=", ".join(book.provision_title(d["provision"], titles) for d in defs))
    if outside:
        return "outside", _("Outside the knowledge base: no provision held reaches this claim on that date. "
                            "This is not a finding that %(party)s is not liable.", party=p)
    if related:
        return "unknown", _("Undecided: it turns on the open questions below.")
    return "unknown", _("No provision held decides it.")
