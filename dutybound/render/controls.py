"""A controls review (dutybound.comply) for people: text and Markdown, the
bottom line first (how many duties are met, which are not, and what each gap
would cost), then every duty with its provision, the controls with the duties
they serve or good practice without a legal duty, what the profile does not
describe, and the open items as questions. Reads only the review's JSON."""
from __future__ import annotations

from dutybound.explain.intime import basis, left_out
from dutybound.explain.phrases import Phrasebook
from dutybound.render.text import _wrap, header


def N_(message: str) -> str:
    return message


STATUS = {"met": N_("met"), "not met": N_("not met"), "unknown": N_("unknown")}


def view(r: dict, vocab, lang: str = "en", markup: bool = False) -> dict:
    """Every sentence the text, Markdown and web page show, in one language;
    with `markup`, names and provisions are marked for links (explain/markup.py)."""
    book = Phrasebook(vocab, r["profile"]["labels"], lang, markup=markup)
    _ = book._
    p = r["profile"]
    op = book.name(p["operator"])
    c = r["counts"]
    total = sum(c[s] for s in STATUS)
    out = {"lang": lang, "title": book.ref("name", p["id"], p["title"]), "operator": op,
           "law": _("the law in force on %(date)s, the profile's date (%(jurisdictions)s)", date=p["date"],
                    jurisdictions=", ".join(p["jurisdictions"])),
           "bottom": _("Duties that %(operator)s's controls decide: %(total)s. Met: %(met)s; "
                       "not met: %(not_met)s; unknown: %(unknown)s.", operator=op, total=total,
                       met=c["met"], not_met=c["not met"], unknown=c["unknown"])}
    if c.get("outside"):
        out["bottom"] += " " + _("Outside the law held on %(date)s: %(n)s (provisions held impose them only on "
                                 "other dates; see the controls).", date=p["date"], n=c["outside"])
    out["gaps"], out["duties"] = [], []
    for j, data in r["jurisdictions"].items():
        for d in data["duties"]:
            row = _duty(book, d, j, data["proofs"])
            out["duties"].append(row)
            if d["status"] == "not met":
                out["gaps"].append({**row, "exposure": _exposure(vocab, book, d.get("exposure"), lang)})
    titles = {d["provision"]: d["title"] for d in out["duties"]}
    named = lambda key: _duty_named(book, key, titles)  # noqa: E731
    outside = {f"{x['duty']} {x['provision']}": x for data in r["jurisdictions"].values()
               for x in data.get("outside", [])}
    out["controls"] = [_control(book, ctl, lang, named, outside, p) for ctl in r["controls"]]
    out["not_described"] = [{"id": e["id"], "what": e[lang] if lang in e else e["en"],
                             "why": _("the law requires it (%(duties)s)", duties=", ".join(
                                 book.duty(x) for x in e["duties"])) if e["legal"]
                             else _("good practice without a legal duty")}
                            for e in r["not_described"]]
    out["questions"] = [_question(book, q, named) for q in r["questions"]]
    exp = r.get("expect")
    out["expect"] = None if exp is None else (
        _("The review matches the profile's expectations.") if exp["ok"]
        else _("The review differs from the profile's expectations: %(list)s", list="; ".join(exp["mismatches"])))
    return out


def _duty(book, d, j, proofs) -> dict:
    _ = book._
    title = book.provision_title({"id": d["provision"], "title": d["provision_title"]})
    if d["status"] == "not met":
        sentence = book.conclusion({"kind": "breach", "party": d["party"], "duty": d["duty"], "to": d.get("to")})
    elif d["status"] == "met":
        sentence = _("%(party)s meets its %(duty)s", party=book.name(d["party"]), duty=book.duty(d["duty"]))
    elif d.get("conflict"):
        sentence = _("the controls described both meet and breach %(party)s's %(duty)s",
                     party=book.name(d["party"]), duty=book.duty(d["duty"]))
    else:
        sentence = _("whether %(party)s meets its %(duty)s is open", party=book.name(d["party"]),
                     duty=book.duty(d["duty"]))
    because = [_rule_sentence(book, proofs.get(pid)) for pid in d.get("decided_by", [])]
    return {"jurisdiction": j, "status": d["status"], "status_text": _(STATUS[d["status"]]),
            "provision": d["provision"], "title": title, "sentence": sentence,
            "because": [b for b in because if b], "proofs": d.get("decided_by", []),
            "unverified": d.get("verified", "V") != "V", "verified": d.get("verified", "V"),
            "to": book.name(d["to"]) if d.get("to") else None}


_PLAIN = ("a", "controlOf", "reviewOf")     # what every controls rule states: not worth repeating


def _rule_sentence(book, node) -> str | None:
    """What decided a duty: the facts the deciding rule stood on."""
    if not node:
        return None
    facts = [book.element(e) for e in node.get("elements", [])
             if e.get("triple") and e["triple"]["property"] not in _PLAIN]
    return book._("because %(facts)s", facts="; ".join(f for f in facts if f)) if facts else None


def _exposure(vocab, book, x, lang) -> dict:
    _ = book._
    if not x or not x.get("incident"):
        note = (x or {}).get(lang) or (x or {}).get("en")
        return {"incident": None, "sentences": [],
                "note": note or _("No bundled incident shows what this gap would cost, and no rule "
                                  "held makes it a liability on its own.")}
    inc = x["incident"]
    other = Phrasebook(vocab, inc["labels"], lang, markup=book.markup)
    inc_title = book.ref("name", inc["id"], inc["title"])

    def said(li):
        text = other.conclusion({"kind": "liable", "party": li["party"], "to": li["to"]})
        if li.get("amount"):
            text += " (" + other.money(li["amount"], li.get("currency")) + ")"
        law = other.provision_title({"id": li["provision"], "title": li["provision_title"]})
        return _("%(liability)s under %(law)s", liability=text, law=law)
    if x.get("with_gap") is None:
        lead = _("In the bundled incident \u201c%(title)s\u201d the same duty was breached, and:",
                 title=inc_title)
        sentences = [said(li) for li in x["as_stated"]] or [_("no liability followed from it there")]
    else:
        lead = _("What if the gap were hit in the bundled incident \u201c%(title)s\u201d:", title=inc_title)
        sentences = ([_("no longer: %(what)s", what=said(li)) for li in x.get("lost", [])]
                     + [_("now: %(what)s", what=said(li)) for li in x.get("gained", [])]) \
            or [_("the gap changes no liability there")]
    return {"incident": inc, "title": inc_title, "note": x.get(lang) or x.get("en"),
            "lead": lead, "sentences": sentences}


def _duty_named(book, key: str, titles: dict) -> str:
    """'NetworkSecurityDuty CSL-21' as 'network-security duty (Cybersecurity Law (PRC), Art. 21)'."""
    duty, provision = key.split(" ", 1)
    return f"{book.duty(duty)} ({titles.get(provision, provision)})"


def _control(book, ctl, lang, named, outside, profile) -> dict:
    _ = book._
    rows = []
    for e in ctl["entries"]:
        if e["legal"]:
            parts = [_("%(status)s: %(duties)s", status=_(STATUS[s]), duties=", ".join(named(x) for x in v))
                     for s, v in sorted(e["duty_status"].items())]
            records = [outside[k] for k in e.get("outside", []) if k in outside]
            if records:
                parts.append(outside_sentence(book, records, profile["date"]))
            if not parts:
                parts = _not_owed(book, e, profile["jurisdictions"])
            rows.append({"id": e["catalogue"], "what": e[lang], "legal": True,
                         "why": _("serves %(duties)s", duties=", ".join(book.duty(x) for x in e["duties"])),
                         "status": "; ".join(parts)})
        else:
            gp = e["good_practice"] or {}
            rows.append({"id": e["catalogue"], "what": e[lang], "legal": False,
                         "why": _("good practice without a legal duty"),
                         "status": gp.get(lang) or gp.get("en", "")})
    return {"name": book.name(ctl["control"]), "id": ctl["control"],
            "kind": "" if ctl.get("label") else ", ".join(book.term(c) for c in ctl["classes"]),
            "entries": rows}


def outside_sentence(book, records, date) -> str:
    """Why duties no provision in force imposes are not owed on the date: the
    provisions held that impose them, when they apply, and what governed
    before where their rule of application names it (a text not held)."""
    _ = book._
    title = lambda x: book.provision_title({"id": x["provision"], "title": x["title"]})  # noqa: E731
    semi = "；" if book.lang == "zh" else "; "
    duties = ", ".join(dict.fromkeys(book.duty(x["duty"]) for x in records))
    parts = []
    for when, key, template in (
            ("not yet in force", "effective",
             N_("the provisions held that impose %(duties)s apply only from %(dates)s")),
            ("no longer in force", "repealed",
             N_("the provisions held that imposed %(duties)s no longer apply from %(dates)s"))):
        dates: dict = {}
        for x in records:
            if x["when"] == when:
                dates.setdefault(x[key], {})[title(x)] = None      # ordered, without repeats
        if dates:
            parts.append(_(template, duties=duties, dates=semi.join(
                _("%(date)s (%(laws)s)", date=d, laws=semi.join(laws)) for d, laws in sorted(dates.items()))))
    for x in records:
        if x["when"] == "left out":
            parts.append(_("%(law)s: %(why)s", law=title(x), why=left_out(book, x)))
    befores: dict = {}
    for x in records:
        app = x.get("application") or {}
        if x["when"] == "not yet in force" and app.get("before"):
            befores[app["before"]] = [book.provision_title(c) for c in app.get("cites") or []]
    for what, cites in befores.items():
        parts.append(_("before that, %(what)s (%(cites)s), which this knowledge base does not hold",
                       what=basis(book, what), cites=semi.join(cites)))
    return _("not owed under the law held on %(date)s: %(why)s", date=date, why=semi.join(parts))


def _not_owed(book, e, jurisdictions) -> list:
    """An entry none of whose duties is decided or outside on the date: open
    where a provision in force imposes it if unknown facts hold; outside the
    knowledge base where no provision held imposes it (no finding that none is
    owed); else a provision in force decides it is not owed."""
    _ = book._
    not_held, maybe = e.get("not_held", []), e.get("open", [])
    owed_here = [d for d in e["duties"] if d not in not_held and d not in maybe]
    parts = []
    if maybe:
        parts.append(_("whether %(duties)s is owed is open: it depends on facts the profile leaves unknown",
                       duties=", ".join(book.duty(x) for x in maybe)))
    if not_held:
        parts.append(_("no provision held in the law reviewed (%(jurisdictions)s) imposes %(duties)s: that is "
                       "outside this knowledge base, not a finding that none is owed",
                       jurisdictions=", ".join(jurisdictions),
                       duties=", ".join(book.duty(x) for x in not_held)))
    if owed_here and not parts:
        parts.append(_("no duty of these is owed under this law"))
    elif owed_here:
        parts.append(_("%(duties)s: not owed under this law", duties=", ".join(book.duty(x) for x in owed_here)))
    return parts


def _question(book, q, named) -> dict:
    _ = book._
    if q["kind"] == "control":
        text = _("Does %(party)s have a %(control)s, and how does it work?",
                 party=book.name(q["party"]), control=book.term(q["class"]))
    elif q["kind"] == "value":
        text = book.value_question(q["subject"], q["property"])
    else:
        text = book.question(q["subject"], q["property"], True if q.get("object") is False else q.get("object"))
    return {"text": text, "for": [named(x) for x in q.get("for", [])]}


# ----------------------------------------------------------------- text

_MESSAGES = (N_("Controls review"), N_("Operator"), N_("The law"), N_("The bottom line"),
             N_("What the gaps would cost"), N_("Duties"), N_("Controls"),
             N_("Controls the profile does not describe"), N_("Open questions"),
             N_("Expectations"), N_("unverified detail"))


def render_text(r: dict, vocab, lang: str = "en") -> str:
    v = view(r, vocab, lang)
    _ = Phrasebook(vocab, {}, lang)._
    cjk = lang == "zh"
    out = header(f"{_('Controls review')}: {v['title']}")
    out += [f"{_('Operator')}: {v['operator']}", f"{_('The law')}: {v['law']}", ""]
    out += header(_("The bottom line"))
    out += _wrap(v["bottom"], cjk=cjk)
    for g in v["gaps"]:
        out += _wrap(f"- {g['sentence']}: {g['title']}", cjk=cjk)
    out.append("")
    if v["gaps"]:
        out += header(_("What the gaps would cost"))
        for g in v["gaps"]:
            x = g["exposure"]
            out += _wrap(f"- {g['title']}: {x['note']}", cjk=cjk)
            if x["incident"]:
                out += _wrap(x["lead"], "    ", cjk=cjk)
                for s in x["sentences"]:
                    out += _wrap(f"* {s}", "    ", "      ", cjk=cjk)
        out.append("")
    out += header(_("Duties"))
    for d in v["duties"]:
        flag = f" ({_('unverified detail')}: {d['verified']})" if d["unverified"] else ""
        out += _wrap(f"[{d['status_text']}] {d['sentence']}: {d['title']}{flag}", cjk=cjk)
        for b in d["because"]:
            out += _wrap(b, "    ", cjk=cjk)
    out.append("")
    out += header(_("Controls"))
    for ctl in v["controls"]:
        out += _wrap(f"{ctl['name']} ({ctl['kind']})" if ctl["kind"] else ctl["name"], cjk=cjk)
        for e in ctl["entries"]:
            out += _wrap(f"- {e['what']} {e['why']}: {e['status']}", "    ", "      ", cjk=cjk)
    out.append("")
    if v["not_described"]:
        out += header(_("Controls the profile does not describe"))
        for e in v["not_described"]:
            out += _wrap(f"- {e['what']} ({e['why']})", cjk=cjk)
        out.append("")
    if v["questions"]:
        out += header(_("Open questions"))
        for q in v["questions"]:
            out += _wrap(f"- {q['text']} ({'; '.join(q['for'])})", cjk=cjk)
        out.append("")
    if v["expect"]:
        out += header(_("Expectations"))
        out += _wrap(v["expect"], cjk=cjk)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_markdown(r: dict, vocab, lang: str = "en") -> str:
    v = view(r, vocab, lang)
    _ = Phrasebook(vocab, {}, lang)._
    out = [f"# {_('Controls review')}: {v['title']}", "", f"- {_('Operator')}: {v['operator']}",
           f"- {_('The law')}: {v['law']}", "", f"## {_('The bottom line')}", "", v["bottom"], ""]
    out += [f"- **{g['sentence']}**: {g['title']}" for g in v["gaps"]]
    if v["gaps"]:
        out += ["", f"## {_('What the gaps would cost')}", ""]
        for g in v["gaps"]:
            x = g["exposure"]
            out.append(f"- {g['title']}: {x['note']}")
            if x["incident"]:
                out.append(f"  {x['lead']}")
                out += [f"  - {s}" for s in x["sentences"]]
    out += ["", f"## {_('Duties')}", "", "| | | |", "|---|---|---|"]
    for d in v["duties"]:
        flag = f" ({_('unverified detail')}: {d['verified']})" if d["unverified"] else ""
        out.append(f"| {d['status_text']} | {d['sentence']} | {d['title']}{flag} |")
    out += ["", f"## {_('Controls')}", ""]
    for ctl in v["controls"]:
        out.append(f"- **{ctl['name']}**" + (f" ({ctl['kind']})" if ctl["kind"] else ""))
        out += [f"  - {e['what']} *{e['why']}*: {e['status']}" for e in ctl["entries"]]
    if v["not_described"]:
        out += ["", f"## {_('Controls the profile does not describe')}", ""]
        out += [f"- {e['what']} ({e['why']})" for e in v["not_described"]]
    if v["questions"]:
        out += ["", f"## {_('Open questions')}", ""]
        out += [f"- {q['text']}" for q in v["questions"]]
    if v["expect"]:
        out += ["", f"## {_('Expectations')}", "", v["expect"]]
    return "\n".join(out).rstrip() + "\n"
