"""What an assessment under EU law says about itself (docs/semantics.md §10).

A directive binds the Member States, not a bank and its customer: they had
to transpose it by its deadline, and between the parties the national law
transposing it governs, read in conformity with it. An assessment under
`EU` therefore states what the directive requires of national law, names
the transposition deadline (the rule of application the directive's
provisions carry, e.g. PSD2 Art. 115), and points to the national
provisions the knowledge base holds that transpose each provision
(`transposed` in the directive's provision).
"""
from __future__ import annotations

from dutybound.rules.timecheck import governing_map, source_of


def directives_json(kb, law_applied: list, jurisdiction: str | None) -> list:
    if jurisdiction != "EU":
        return []
    applied = [kb.provisions[p["id"]] for p in law_applied
               if p["id"] in kb.provisions and kb.provisions[p["id"]].rank == "directive"]
    if not applied:
        applied = [p for p in kb.provisions.values()
                   if p.jurisdiction == "EU" and p.rank == "directive"]
    by_source = governing_map(kb.applications.values())
    groups: dict = {}
    for p in sorted(applied, key=lambda p: p.id):
        app = kb.applications.get(p.time) if p.time else by_source.get(source_of(p, kb.law_texts))
        groups.setdefault(app.id if app else None, (app, []))[1].append(p)
    out = []
    for app, provisions in groups.values():
        src = kb.law_texts.get(provisions[0].source or "", {})
        title = src.get("source_title") or provisions[0].title
        deadline = min(p.effective for p in provisions)
        cites = [kb.provisions[c] for c in (app.cites if app else ()) if c in kb.provisions]
        national: dict = {}
        for p in provisions:
            for nid in p.transposed:
                n = kb.provisions.get(nid)
                if n is not None:
                    national.setdefault(n.jurisdiction, []).append(
                        {"id": n.id, "title": n.title, "transposes": p.id})
        where = "; ".join(
            f"in {j}: " + ", ".join(sorted({n['title'] for n in ns})) for j, ns in sorted(national.items()))
        out.append({
            "directive": title, "provisions": [p.id for p in provisions],
            "transposition_deadline": deadline.isoformat(),
            "deadline_cites": [{"id": c.id, "title": c.title} for c in cites],
            "national": national,
            "statement": (
                f"This assessment states what {title} requires of national law. A directive binds "
                f"the Member States, which had to transpose it by {deadline}"
                + (f" ({'; '.join(c.title for c in cites)})" if cites else "")
                + "; between a payment service provider and its user the national provisions "
                  "transposing it govern, read in conformity with it"
                + (f" ({where})." if where else
                   "; the knowledge base holds no national provision transposing these.")),
        })
    return out
