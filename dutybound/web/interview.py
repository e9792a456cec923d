"""The guided interview: a few basic questions build a skeleton incident;
after that the engine decides what to ask. Each step assesses the incident
with the answers so far and asks the first fact the rules need that is still
unknown: an open question (its answer changes the outcome) first, then any
other fact a rule asked about. "I don't know" is an answer: the fact stays
unknown and is not asked again.

The whole state travels in the form (basics and answers), so the server
keeps nothing between steps.
"""
from __future__ import annotations

import datetime as dt

import yaml

from dutybound.engine.facts import TYPE
from dutybound.engine.whatif import candidates, parse_assumption
from dutybound.errors import DutyboundError, Problem
from dutybound.values import ValueError_, parse_date, parse_money, show
from dutybound.web import assessing

ANSWERS = ("true", "false", "unknown")
MAX_STEPS = 40
CURRENCIES = ("CNY", "EUR", "USD")
BASICS = {"date": "", "jurisdiction": "CN", "amount": "1000.00", "currency": "CNY",
          "psp": "yes", "platform": "yes", "signal": "yes"}


def N_(message: str) -> str:
    """Marks a message for the catalogue; it is translated where it is used."""
    return message


LABELS = {"user": N_("the user"), "platform": N_("the platform operator"), "marketplace": N_("the platform"),
          "provider": N_("the payment provider"), "fraudster": N_("the fraudster"),
          "shop-account": N_("the user's platform account"), "wallet": N_("the user's payment account"),
          "signal": N_("the abnormal-activity signal"), "payment": N_("the payment"), "loss": N_("the loss"),
          "order": N_("the order placed online"), "shop": N_("the online shop")}


def basics_from(form) -> dict:
    b = {k: (form.get(k) or v).strip() for k, v in BASICS.items()}
    if not b["date"]:
        b["date"] = dt.date.today().isoformat()
    problems = []
    try:
        parse_date(b["date"])
    except ValueError_ as e:
        problems.append(Problem(f"date: {e}", hint="write YYYY-MM-DD"))
    if b["jurisdiction"] not in ("CN", "DE", "EU", "US"):
        problems.append(Problem(f"unknown jurisdiction {b['jurisdiction']!r}", hint="CN, DE, EU or US"))
    if b["currency"] not in CURRENCIES:
        problems.append(Problem(f"unknown currency {b['currency']!r}", hint=", ".join(CURRENCIES)))
    try:
        parse_money(f"{b['currency']} {b['amount']}")
    except ValueError_ as e:
        problems.append(Problem(f"amount: {e}", hint="write a number such as 8000.00"))
    for k in ("psp", "platform", "signal"):
        if b[k] not in ("yes", "no", "unknown"):
            problems.append(Problem(f"{k}: answer yes, no or unknown"))
    if problems:
        raise DutyboundError(problems, kind="usage")
    return b


def skeleton(b: dict) -> dict:
    """The individuals the basic answers imply, in the incident format."""
    money = f"{b['currency']} {b['amount']}"
    ind = {"user": {"a": ["Consumer", "NaturalPerson"]},
           "fraudster": {"a": ["UnknownThirdParty"]}}
    loss = {"a": ["PropertyLoss"], "sufferedBy": ["user"], "causedByActOf": ["fraudster"],
            "amount": [money]}
    if b["platform"] == "yes":
        ind["platform"] = {"a": ["Organisation"], "operates": ["marketplace"]}
        ind["marketplace"] = {"a": ["TradingPlatform"]}
        ind["shop-account"] = {"a": ["Account"], "heldBy": ["user"], "providedBy": ["platform"]}
        if b["signal"] == "yes":
            ind["signal"] = {"a": ["AbnormalTransactionSignal"], "concerns": ["shop-account"]}
    if b["psp"] == "yes":
        ind["provider"] = {"a": ["ThirdPartyPaymentProvider", "Organisation"]}
        ind["wallet"] = {"a": ["PaymentAccount"], "heldBy": ["user"], "providedBy": ["provider"]}
        # the interview asks the day, not the hour: the payment is placed at the
        # start of that day (the shapes require a payment's time, as for a file)
        ind["payment"] = {"a": ["UnauthorisedPayment"], "processedBy": ["provider"],
                          "debitedFrom": ["wallet"], "amount": [money],
                          "time": [f"{b['date']}T00:00"]}
        # the interview is about e-commerce: the payment paid for an online
        # order (ECL 53-57 govern only payment services for e-commerce)
        if b["platform"] == "yes":
            ind["order"] = {"a": ["Order"], "placedOn": ["marketplace"]}
            ind["payment"]["paysFor"] = ["order"]
        else:
            ind["shop"] = {"a": ["EcommerceOperator", "Organisation"]}
            ind["payment"]["payee"] = ["shop"]
        loss["resultsFrom"] = ["payment"]
    ind["loss"] = loss
    return ind


def to_yaml(b: dict, individuals: dict, lang: str = "en") -> str:
    body = {}
    from dutybound.explain.catalogues import gettext
    _ = gettext(lang)
    names = {k: _(v) for k, v in LABELS.items()}
    for name, props in individuals.items():
        entry = {"label": names.get(name, name)}
        for p, values in props.items():
            if p == "not":
                entry["not"] = {q: _one(v) for q, v in values.items()}
            else:
                entry[p] = _one(values)
        body[name] = entry
    doc = {"incident": "interview",
           "title": _("Incident described in the guided interview"),
           "jurisdiction": b["jurisdiction"], "date": b["date"], "individuals": body}
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, default_flow_style=False)


def _one(values: list):
    return values[0] if len(values) == 1 else list(values)


def _answer_key(text: str) -> tuple[str, str]:
    fact, _, value = text.rpartition("=")
    return " ".join(fact.split()), value.strip().lower()


def step(kb, form, lang: str = "en") -> dict:
    """The interview after the answers in `form`: the next question, or the
    review. `back` drops the last answer (it is asked again); `review` stops
    asking and shows every answer for a last look; edited answers come back
    as `answers` (fact=value) like any others."""
    from dutybound.load.incident import parse_incident_text
    b = basics_from(form)
    answers = [a for a in form.getlist("answers") if a.strip()][:MAX_STEPS]
    fact, value = (form.get("fact") or "").strip(), (form.get("answer") or "").strip().lower()
    if form.get("back") and answers:
        answers = answers[:-1]
    elif fact and value:
        if value not in ANSWERS:
            raise DutyboundError(Problem(f"answer {value!r}: use true, false or unknown"), kind="usage")
        answers.append(f"{fact}={value}")
    individuals = skeleton(b)
    inc = parse_incident_text(to_yaml(b, individuals, lang), "interview.yaml", kb.vocab)
    answered = {}
    for a in answers:
        try:
            (s, p, o), truth = parse_assumption(a, kb, inc)
        except DutyboundError:
            continue                 # the basics changed and the fact no longer applies
        key, val = _answer_key(a)
        if val not in ANSWERS:
            raise DutyboundError(Problem(f"answer {a!r}: use true, false or unknown"), kind="usage")
        answered[key] = val
    for key, val in answered.items():
        (s, p, o), truth = parse_assumption(f"{key}={val}", kb, inc)
        if truth is None:
            continue
        props = individuals[s].setdefault("not", {}) if truth is False else individuals[s]
        props.setdefault(p, [])
        if show(o) not in props[p]:
            props[p].append(show(o))
    text = to_yaml(b, individuals, lang)
    inc = parse_incident_text(text, "interview.yaml", kb.vocab)
    a = assessing.assess(kb, inc)
    data = a.to_json()
    book = _book(kb, inc, lang)
    question, remaining = None, 0
    reviewing = bool(form.get("review"))
    if len(answered) < MAX_STEPS and not reviewing:
        question, remaining = _next(kb, a, data, answered, book, b)
    return {"basics": b, "answers": [f"{k}={v}" for k, v in answered.items()],
            "answered": [_describe_answer(book, k, v) for k, v in answered.items()],
            "question": question, "done": question is None, "yaml": text,
            "progress": {"answered": len(answered), "remaining": remaining,
                         "percent": int(100 * len(answered) / max(1, len(answered) + remaining))},
            "summary": {k: len(data[k]) for k in ("liabilities", "breaches", "duties",
                                                   "exemptions", "open_questions")},
            "liabilities": data["liabilities"]}


def _book(kb, inc, lang):
    from dutybound.explain import phrasebook
    return phrasebook(kb.vocab, {}, inc, lang, markup=True)


def _next(kb, a, data, answered, book, b) -> tuple[dict | None, int]:
    """The first fact the rules need that is unanswered and could be true
    (a fact the ontology rules out, e.g. an account `processedBy` someone,
    which makes it a payment, is not asked), and how many such facts remain."""
    from dutybound.explain import provision_titles
    from dutybound.explain.questions import question_view
    asked = {q["fact"]: q for q in data["open_questions"]}
    facts = sorted(candidates(a)[0].items(), key=lambda kv: (f"{kv[0][0]} {kv[0][1]} {show(kv[0][2])}"
                                                         not in asked, repr(kv[0])))
    left = [(t, rules) for t, rules in facts if f"{t[0]} {t[1]} {show(t[2])}" not in answered]
    titles = provision_titles(kb)
    for n, (t, rules) in enumerate(left):
        s, p, o = t[0], t[1], show(t[2])
        fact = f"{s} {p} {o}"
        if not _possible(kb, a.incident, t):
            continue
        q = asked.get(fact, {"fact": fact, "subject": s, "property": p, "object": o, "asked_by": sorted(rules)})
        rule_provisions = {r: kb.rules_by_id[r].cites for r in rules if r in kb.rules_by_id}
        view = question_view(book, q, titles, rule_provisions, b["currency"])
        laws = sorted({kb.rules_by_id[r].cites for r in rules if r in kb.rules_by_id})
        return {"fact": fact, "subject": s, "property": p, "object": o, "asked_by": sorted(rules),
                "changes_outcome": fact in asked, "if_true": q.get("if_true"), "if_false": q.get("if_false"),
                "text": view["question"], "answers": view["answers"],
                "laws": [book.provision_title(pid, titles) for pid in laws],
                "term": p if p != TYPE else o,
                "definition": _help(kb, p if p != TYPE else o, book.lang)}, len(left) - n
    return None, 0


def _possible(kb, inc, t) -> bool:
    try:
        kb.assess(inc, assume=[(t, True)], open_questions=False)
    except DutyboundError:
        return False
    return True


def _help(kb, term, lang) -> str | None:
    t = kb.vocab.terms.get(term)
    if t is None:
        return None
    return (t.comment_zh or t.comment_en) if lang == "zh" else (t.comment_en or t.comment_zh)


def _describe_answer(book, fact, value) -> dict:
    from dutybound.explain.markup import cap
    s, p, o = (fact.split(None, 2) + ["", "", ""])[:3]
    return {"fact": fact, "value": value, "text": cap(book.fact(s, p, o))}
