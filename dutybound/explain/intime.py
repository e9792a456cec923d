"""The law in time as sentences, in English or Chinese: which version of a
provision governs the facts and why, versions an unknown date leaves open,
provisions left out, limitation, and what an EU directive requires
(docs/semantics.md §3, §9, §10).

The engine records each of these as data beside an English `why` (kb/versions.py,
kb/limitation.py, kb/directives.py; docs/assessment-format.md); this module
phrases the data through the Phrasebook and the explain catalogue, so both
languages say the same thing. An entry stored before the data existed (no
`reason`, no `start_basis`) is shown by its English `why`, as written.

    book = Phrasebook(vocab, labels, lang="zh")
    version(book, proof_element["version"])     # '《电子商务法》第57条第2款适用：……'
    sections(book, assessment_json)             # [(title, [sentences])]
"""
from __future__ import annotations

import re

from dutybound.explain.markup import END

# "ZFB Payment Co.." where a name ending in a full stop closes a sentence
_DOUBLE_STOP = re.compile(f"\\.({END}?)\\.(?=\\s|$)")

def _list(book, items) -> str:
    return ("、" if book.lang == "zh" else ", ").join(items)


def _semi(book, items) -> str:
    return ("；" if book.lang == "zh" else "; ").join(items)


def _end(book, text: str) -> str:
    """A sentence closed the way the language closes it."""
    text = text.rstrip()
    if not text:
        return text
    stop = "。" if book.lang == "zh" else "."
    return text if text[-1] in ".。?？!！" else text + stop


def _join(book, sentences) -> str:
    return _tidy(("" if book.lang == "zh" else " ").join(s for s in sentences if s))


def _tidy(text: str) -> str:
    return _DOUBLE_STOP.sub(lambda m: "." + m.group(1), text)


def period(book, effective: str, repealed: str | None) -> str:
    _ = book._
    if repealed:
        return _("from %(start)s to %(end)s", start=effective, end=repealed)
    return _("from %(start)s", start=effective)


def _title(book, ref: dict) -> str:
    return book.provision_title({"id": ref.get("provision") or ref.get("id"), "title": ref.get("title")})


def basis(book, text: str | None) -> str:
    """A citation outside the knowledge base (an application's `basis`): in
    Chinese through the knowledge catalogue; a text it does not hold (a case
    name) stays as written, marked as English."""
    if not text:
        return ""
    if book.lang == "zh" and not book.has_prose(text):
        return book.foreign(text)
    return book.prose(text)


def _by(book, app: dict | None) -> str:
    """The rule of application that decides, in parentheses; or that there is none."""
    _ = book._
    if app is None:
        return _("; the provision states no rule of application, so it is applied to facts from its date")
    cited = [_title(book, c) for c in app.get("cites") or []]
    if app.get("basis"):
        cited.append(basis(book, app["basis"]))
    return _(" (%(cites)s)", cites=_semi(book, cited)) if cited else ""


def _shown(book, info: dict) -> str:
    _ = book._
    facts = info.get("facts") or []
    if not facts:
        return _("the incident of %(date)s", date=info.get("complete_on"))
    return _list(book, [_("%(fact)s of %(date)s", fact=book.name(f["fact"], bare=True),
                          date=f.get("date") or "?") for f in facts])


def _what(book, reach: str | None) -> str:
    _ = book._
    return {"pending": _("cases decided"), "transactions": _("payment transactions begun")}.get(
        reach or "facts", _("facts"))


def version(book, info: dict) -> str:
    """Why a version of a provision governs a rule instance (a proof's
    `version`, an element of the law in time), or that it is unknown."""
    if "reason" not in info:
        return info.get("why", "")
    _ = book._
    title = _title(book, info)
    app = info.get("application")
    by = _by(book, app)
    span = period(book, info["effective"], info.get("repealed"))
    reason = info["reason"]
    if reason == "unknown":
        unknown = _list(book, [book.name(x, bare=True) for x in info.get("unknown_facts") or []]) or _("a harm")
        return _("Which version governs is unknown: the date of %(facts)s is not known, and %(law)s governs "
                 "only %(what)s %(period)s%(by)s.", facts=unknown, law=title,
                 what=_what(book, (app or {}).get("reach")), period=span, by=by)
    if reason == "pending":
        s = _("%(law)s applied: in force %(date)s, the case was not finally decided then (decided %(decided)s)"
              "%(by)s.", law=title, date=info["effective"], decided=info["decided"], by=by)
    elif reason == "later harm":
        s = _("%(law)s governs: the facts (%(facts)s) began before %(date)s, but the harm appeared on or "
              "after it%(by)s.", law=title, facts=_shown(book, info), date=info["effective"], by=by)
    elif reason == "transactions":
        s = _("%(law)s governs: the payment transaction began on %(date)s (%(facts)s), within its period "
              "%(period)s%(by)s.", law=title, date=info.get("complete_on"), facts=_shown(book, info),
              period=span, by=by)
    else:
        s = _("%(law)s governs: the facts are complete on %(date)s (%(facts)s), within its period "
              "%(period)s%(by)s.", law=title, date=info.get("complete_on"), facts=_shown(book, info),
              period=span, by=by)
    out = [s]
    later = info.get("renumbered_as")
    if later:
        out.append(_("It is the earlier number of %(law)s, renumbered from %(date)s with the same rule; its "
                     "wording governed then.", law=_title(book, later), date=later["effective"]))
    for succ in info.get("successors") or []:
        out.append(_("Its successor %(law)s (from %(date)s) does not reach these facts.",
                     law=_title(book, succ), date=succ["effective"]))
    return _join(book, out)


def left_out(book, p: dict) -> str:
    """Why a provision governs none of the facts (an entry of `law_not_in_force`)."""
    r = p.get("left_out")
    if not r:
        return p.get("why", "") if book.lang == "en" else ""
    _ = book._
    kind = r.get("kind")
    if kind == "not yet in force":
        return _("not yet in force when the case is decided (%(date)s)", date=r["decided"])
    if kind == "successor":
        return _("its successor %(law)s (from %(date)s) governs these facts",
                 law=_title(book, r["successor"]), date=r["successor"]["effective"])
    span = period(book, r["period"]["from"], r["period"].get("to"))
    if kind == "cases decided":
        return _("governs cases decided %(period)s; this one is decided on %(date)s", period=span,
                 date=r["decided"])
    dates = r.get("fact_dates") or []
    if r.get("scope") == "the facts it met":
        return _("governs facts %(period)s; the facts it met are of %(dates)s", period=span,
                 dates=_list(book, dates))
    shown = dates[0] if len(dates) == 1 else _("%(start)s to %(end)s", start=dates[0], end=dates[-1])
    return _("governs facts %(period)s; the incident's facts are dated %(dates)s", period=span, dates=shown)


# -- limitation --------------------------------------------------------------
def limitation_why(book, x: dict) -> str:
    """Whether a claim ran out and is barred (the proof element of a barred claim)."""
    return _tidy(_limitation_why(book, x)) if "start_basis" in x else x.get("why", "")


def _limitation_why(book, x: dict) -> str:
    _ = book._
    values = {"party": book.name(x["party"]), "victim": book.name(x["to"]), "end": x["runs_out"],
              "date": x["asserted"], "law": book.provision_title({"id": x["basis"], "title": x.get("basis_title")}),
              "cites": _title(book, (x.get("cited") or [{"id": x["basis"], "title": x.get("basis_title")}])[0])}
    filed = x.get("asserted_as") == "filed"
    if x["status"] == "barred":
        return (_("%(party)s invokes limitation: %(victim)s's claim under %(law)s ran out on %(end)s and was "
                  "filed on %(date)s, so it is barred (%(cites)s).", **values) if filed else
                _("%(party)s invokes limitation: %(victim)s's claim under %(law)s ran out on %(end)s and was "
                  "decided on %(date)s, so it is barred (%(cites)s).", **values))
    if x["status"] == "run out, not invoked":
        return (_("%(victim)s's claim under %(law)s ran out on %(end)s, before it was filed on %(date)s; it is "
                  "barred only if %(party)s invokes limitation, which the incident does not say (%(cites)s).",
                  **values) if filed else
                _("%(victim)s's claim under %(law)s ran out on %(end)s, before it was decided on %(date)s; it "
                  "is barred only if %(party)s invokes limitation, which the incident does not say "
                  "(%(cites)s).", **values))
    return (_("%(victim)s's claim under %(law)s runs out on %(end)s; it was filed on %(date)s, in time "
              "(%(cites)s).", **values) if filed else
            _("%(victim)s's claim under %(law)s runs out on %(end)s; it was decided on %(date)s, in time "
              "(%(cites)s).", **values))


def limitation_start(book, x: dict) -> str:
    """From which day the period runs, and why that day."""
    _ = book._
    party, victim, day = book.name(x["party"]), book.name(x["to"]), x["start"]
    basis_ = x.get("start_basis")
    if basis_ == "occurrence":
        s = _("counted from %(date)s, the day of the violation", date=day)
    elif basis_ == "stated":
        s = _("counted from %(date)s, when %(victim)s knew of the grounds of the claim and of %(party)s",
              date=day, victim=victim, party=party)
    else:
        s = _("counted from %(date)s, the date of the facts, taken as the day %(victim)s knew of the grounds "
              "of the claim and of %(party)s (the incident does not say when; a later day moves the end "
              "later)", date=day, victim=victim, party=party)
    if x.get("starts") == "year-end":
        s += _(", from the end of that year (%(date)s)", date=x.get("runs_from"))
    return s


def _event(book, e: dict) -> str:
    _ = book._
    kind = e.get("kind")
    if kind == "interrupted":
        return _("interrupted on %(date)s, so it ran again from then", date=e["on"])
    if kind == "suspended":
        return _("suspended %(start)s to %(end)s (%(n)s days not counted)", start=e["from"], end=e["to"],
                 n=e["days"])
    if kind == "suspended in the final months":
        return _("suspended %(start)s to %(end)s within the last %(n)s months, so it ends %(n)s months after",
                 start=e["from"], end=e["to"], n=e["months"])
    return _("capped by the longstop of %(n)s years from %(date)s", n=e["years"], date=e["from"])


def limitation(book, x: dict) -> str:
    """A claim's limitation in full: ran out or not, barred or not, from when
    the period runs, and what interrupted, suspended or capped it."""
    if "start_basis" not in x:                 # an entry stored before the data existed
        s = x["why"] + f" The period is {x['start_why']}."
        return s + (" " + "; ".join(x["notes"]).capitalize() + "." if x.get("notes") else "")
    _ = book._
    out = [limitation_why(book, x), _("The period is %(start)s.", start=limitation_start(book, x))]
    events = [_event(book, e) for e in x.get("events") or []]
    if events:
        text = _semi(book, events)
        out.append(_end(book, text[:1].upper() + text[1:]))
    return _join(book, out)


# -- directives ----------------------------------------------------------------
def directive(book, d: dict) -> str:
    """What an assessment under EU law states, and which national law governs."""
    if "deadline_cites" not in d:
        return d["statement"]
    _ = book._
    title = book.prose(d["directive"])
    cites = _semi(book, [_title(book, c) for c in d.get("deadline_cites") or []])
    national = d.get("national") or {}
    where = _semi(book, [_("in %(j)s: %(laws)s", j=book.term(j),
                           laws=_list(book, sorted({book.provision_title(n) for n in ns})))
                         for j, ns in sorted(national.items())])
    first = _("This assessment states what %(directive)s requires of national law.", directive=title)
    if cites:
        second = _("A directive binds the Member States, which had to transpose it by %(date)s (%(cites)s).",
                   date=d["transposition_deadline"], cites=cites)
    else:
        second = _("A directive binds the Member States, which had to transpose it by %(date)s.",
                   date=d["transposition_deadline"])
    third = (_("Between a payment service provider and its user the national provisions transposing it govern, "
               "read in conformity with it (%(where)s).", where=where) if where else
             _("Between a payment service provider and its user the national provisions transposing it govern, "
               "read in conformity with it; the knowledge base holds no national provision transposing these."))
    return _join(book, [first, second, third])


# -- the sections of an assessment -------------------------------------------------
def sections(book, a: dict, top: bool = False) -> list[tuple[str, list[str]]]:
    """(title, sentences) of the time sections that have something to say:
    with top=True, the one that frames the whole assessment (an EU
    directive), which comes before the conclusions; else the others."""
    _ = book._
    t = a.get("law_in_time") or {}
    if top:
        if a.get("directives"):
            return [(_("What the directive requires"), [directive(book, d) for d in a["directives"]])]
        return []
    out = []
    if t.get("undetermined"):
        out.append((_("Which version governs is unknown (a date is missing)"),
                    [version(book, u) for u in t["undetermined"]]))
    if t.get("limitation"):
        out.append((_("Limitation"), [limitation(book, x) for x in t["limitation"]]))
    return out
