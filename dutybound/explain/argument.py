"""The argument for and against a conclusion "P is liable to V", as an
argument map in the Carneades tradition: the claim; for each rule that
reaches it an argument with its premises (the elements of the claim), each
established, established false, not established or unknown, with who bore
the burden of proving it; the exceptions that undercut the argument (with
who had to prove them and whether they did); and the competing rules
against the claim with how the conflict was resolved.

    arg = argument_map(data, book, "zfb", "alice", titles)

For a liability the proofs of the assessment give the arguments; for one
that failed, the claim's `reasons` (docs/assessment-format.md) or the
why-not of `dutybound explain FILE 'liable P to V'` (its `nearest` rules
and `proofs`). Nothing is decided here.
"""
from __future__ import annotations

from dutybound.explain.markup import cap


def argument_map(data: dict, book, party: str, to: str, titles: dict | None = None,
                 whynot: dict | None = None) -> dict:
    """{claim: {text, status, status_text}, arguments: [...]}: see the module docstring."""
    _ = book._
    titles = titles or {}
    proofs = dict(data.get("proofs", {}))
    if whynot:
        proofs.update({n["id"]: n for n in whynot.get("proofs", []) if isinstance(n, dict) and "id" in n})
    claim = next((c for c in data.get("claims") or [] if c.get("party") == party
                  and (c.get("claimant") or c.get("to")) == to), None)
    args = [_from_proof(book, pid, node, to, titles) for pid, node in proofs.items()
            if any(h.get("kind") == "liable" and h.get("party") == party and h.get("to") == to
                   and h.get("positive", True) for h in node.get("heads", []))]
    done = {a["rule"] for a in args}
    against: list = []          # reasons no rule of the claim gives (an exemption): they attack the claim itself
    if claim:
        args += [a for a in _from_reasons(book, claim, titles, against) if a["rule"] not in done]
    if whynot:
        done = {a["rule"] for a in args}
        args += [_from_nearest(book, n, titles) for n in whynot.get("nearest", [])
                 if not n.get("reached") and n["rule"] not in done]
    liable = any(l["party"] == party and l["to"] == to for l in data.get("liabilities", []))
    status = "liable" if liable else (claim or {}).get("status") or ("unknown" if args else "outside")
    status_text = {"liable": _("established"), "not liable": _("established false"),
                   "unknown": _("unknown: a fact is missing"),
                   "outside": _("outside the knowledge base")}.get(status, status)
    return {"party": party, "to": to, "status": status,
            "claim": {"text": cap(book.conclusion({"kind": "liable", "party": party, "to": to})),
                      "status": status, "status_text": status_text},
            "arguments": args, "against": against}


def _premise(book, e: dict, burden, why=None) -> dict:
    status = e.get("status")
    if status == "proved":
        status = "established"
    elif status == "not established" and e.get("triple"):
        status = "established false"          # a fact the incident states is not so
    return {"text": cap(book.element(e) if (e.get("triple") or e.get("conclusion")) else _fact(book, e)),
            "status": status, "burden": burden, "proofs": e.get("proofs", []), "why": why,
            "source": (e.get("source") or {}).get("kind")}


def _fact(book, e) -> str:
    return e.get("fact", "")


def _from_proof(book, pid, node, to, titles) -> dict:
    _ = book._
    prov = node.get("provision") or {}
    premises = [_premise(book, e, to) for e in node.get("elements", [])
                if (e.get("source") or {}).get("kind") not in ("law in time",)]
    cons = []
    for x in node.get("exceptions", []):
        cons.append({"kind": "exception", "text": cap(" ; ".join(book.element(e) for e in x.get("elements", []))
                                                     or x.get("exception", "")),
                     "status": "established" if x.get("established") else
                     ("unknown" if any(e.get("status") == "unknown" for e in x.get("elements", []))
                      else "not established"),
                     "burden": x.get("proved_by"), "holds": bool(x.get("established"))})
    for c in node.get("competing", []):
        outcome = c.get("outcome", "")
        cons.append({"kind": "competing", "text": book.provision_title(c.get("provision"), titles),
                     "provision": c.get("provision"), "proof": c.get("proof"), "rule": c.get("rule"),
                     "status": "prevails" if outcome.startswith("prevails") else
                     "unresolved" if outcome.startswith("unresolved") else "fails",
                     "burden": None, "holds": outcome.startswith(("prevails", "unresolved"))})
    return {"rule": node.get("rule"), "proof": pid, "provision": prov.get("id"),
            "title": book.provision_title(prov) if prov else "", "applies": node.get("status") == "applies",
            "status": node.get("status"), "premises": premises, "cons": cons}


def _from_reasons(book, claim: dict, titles, against: list) -> list:
    """A claim that failed or is unknown, from its reasons (one argument per rule);
    a reason without a rule (an exemption that frees the party) goes to `against`."""
    _ = book._
    by_rule: dict = {}
    for r in claim.get("reasons", []):
        if not r.get("rule"):
            title = book.provision_title(r.get("provision"), titles) if r.get("provision") else ""
            against.append({"kind": "exemption", "text": _reason_fact(book, r) if r.get("triple") else title,
                             "provision": r.get("provision"), "rule": None, "status": "established",
                             "burden": r.get("proved_by"), "holds": True})
            continue
        a = by_rule.setdefault(r["rule"], {"rule": r["rule"], "proof": None, "provision": r.get("provision"),
                                          "title": book.provision_title(r.get("provision"), titles),
                                          "applies": False, "status": "does not apply", "premises": [],
                                          "cons": []})
        kind = r.get("kind")
        fact = _reason_fact(book, r)
        if kind in ("element unknown", "element false"):
            a["premises"].append({"text": fact, "status": "unknown" if kind == "element unknown" else
                                  "established false", "burden": r.get("burden"), "proofs": [], "why": None,
                                  "rests_on": [cap(book.fact(t["subject"], t["property"], t["object"],
                                                             t.get("positive", True)))
                                               for t in r.get("rests_on_triples", [])]})
        elif kind in ("defence", "exemption"):
            a["cons"].append({"kind": "exception", "text": fact, "status": "established",
                              "burden": r.get("proved_by"), "holds": True})
        elif kind in ("beaten", "conflict"):
            a["cons"].append({"kind": "competing", "text": book.provision_title(r.get("by"), titles)
                              if r.get("by") else fact, "provision": r.get("by"), "rule": None,
                              "status": "prevails" if kind == "beaten" else "unresolved", "burden": None,
                              "holds": True})
    return list(by_rule.values())


def _reason_fact(book, r) -> str:
    if r.get("test"):                      # a `where` test: its meaning, not its notation
        return cap(book.element({"fact": r.get("fact", ""), "test": r["test"], "conclusion": {"kind": "test"}}))
    t = r.get("triple")
    if t:
        return cap(book.fact(t["subject"], t["property"], t["object"], t.get("positive", True)))
    c = r.get("conclusion")
    if c:
        return cap(book.conclusion(c))
    return cap(_phrase_fact(book, r.get("fact") or ""))


def _phrase_fact(book, fact: str) -> str:
    """A reason's fact, written as 'S P O' or 'P breached Duty toward V' by the engine."""
    words = fact.split()
    if len(words) >= 3 and words[1] == "breached":
        to = words[4] if len(words) >= 5 and words[3] == "toward" else None
        return book.conclusion({"kind": "breach", "party": words[0], "duty": words[2], "to": to})
    if len(words) >= 3 and words[1] == "owes":
        to = words[4] if len(words) >= 5 and words[3] == "to" else None
        return book.conclusion({"kind": "duty", "party": words[0], "duty": words[2], "to": to})
    if len(words) == 3 and book.vocab.terms.get(words[1]) is not None:
        return book.fact(*words)
    if fact.startswith("where "):          # a rule's test: its notation, in the reader's words
        return book._("the condition %(test)s", test=fact.removeprefix("where "))
    return fact


def _from_nearest(book, n: dict, titles) -> dict:
    """A rule that did not reach the claim (why-not): the conditions it failed on."""
    premises = [{"text": _reason_fact(book, {"fact": f.get("condition", ""), "test": f.get("test")}),
                 "status": "unknown" if f.get("status") == "unknown" else "established false",
                 "burden": f.get("burden"), "proofs": [], "why": f.get("why")} for f in n.get("failed", [])]
    return {"rule": n["rule"], "proof": None, "provision": n.get("provision"),
            "title": book.provision_title(n.get("provision"), titles), "applies": False,
            "status": "not reached", "premises": premises, "cons": [], "matched": len(n.get("matched", []))}
