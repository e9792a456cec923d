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
LABELS = {"user": "the user", "platform": "the platform operator", "marketplace": "the platform",
          "provider": "the payment provider", "fraudster": "the fraudster",
          "shop-account": "the user's platform account", "wallet": "the user's payment account",
          "signal": "the abnormal-activity signal", "payment": "the payment", "loss": "the loss",
          "order": "the order placed online", "shop": "the online shop"}
LABELS_ZH = {"user": "用户", "platform": "平台经营者", "marketplace": "平台",
             "provider": "支付服务提供者", "fraudster": "诈骗者", "shop-account": "用户的平台账户",
             "wallet": "用户的支付账户", "signal": "异常活动信号", "payment": "该笔支付",
             "loss": "该损失", "order": "网络订单", "shop": "网店"}


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


def to_yaml(b: dict, individuals: dict) -> str:
    body = {}
    for name, props in individuals.items():
        entry = {"label": LABELS.get(name, name)}
        for p, values in props.items():
            if p == "not":
                entry["not"] = {q: _one(v) for q, v in values.items()}
            else:
                entry[p] = _one(values)
        body[name] = entry
    doc = {"incident": "interview", "title": "Incident described in the guided interview",
           "jurisdiction": b["jurisdiction"], "date": b["date"], "individuals": body}
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, default_flow_style=False)


def _one(values: list):
    return values[0] if len(values) == 1 else list(values)


def _answer_key(text: str) -> tuple[str, str]:
    fact, _, value = text.rpartition("=")
    return " ".join(fact.split()), value.strip().lower()


def step(kb, form, lang: str = "en") -> dict:
    """The interview after the answers in `form`: the next question, or done."""
    from dutybound.load.incident import parse_incident_text
    b = basics_from(form)
    answers = [a for a in form.getlist("answers") if a.strip()][:MAX_STEPS]
    fact, value = (form.get("fact") or "").strip(), (form.get("answer") or "").strip().lower()
    if fact and value:
        if value not in ANSWERS:
            raise DutyboundError(Problem(f"answer {value!r}: use true, false or unknown"), kind="usage")
        answers.append(f"{fact}={value}")
    individuals = skeleton(b)
    inc = parse_incident_text(to_yaml(b, individuals), "interview.yaml", kb.vocab)
    answered = {}
    for a in answers:
        (s, p, o), truth = parse_assumption(a, kb, inc)
        key, val = _answer_key(a)
        if val not in ANSWERS:
            raise DutyboundError(Problem(f"answer {a!r}: use true, false or unknown"), kind="usage")
        answered[key] = val
        if truth is None:
            continue
        props = individuals[s].setdefault("not", {}) if truth is False else individuals[s]
        props.setdefault(p, [])
        if show(o) not in props[p]:
            props[p].append(show(o))
    text = to_yaml(b, individuals)
    inc = parse_incident_text(text, "interview.yaml", kb.vocab)
    a = assessing.assess(kb, inc)
    data = a.to_json()
    question = None
    if len(answered) < MAX_STEPS:
        question = _next(kb, a, data, answered, lang)
    return {"basics": b, "answers": [f"{k}={v}" for k, v in answered.items()],
            "answered": [_describe_answer(kb, k, v, lang) for k, v in answered.items()],
            "question": question, "done": question is None, "yaml": text,
            "summary": {k: len(data[k]) for k in ("liabilities", "breaches", "duties",
                                                   "exemptions", "open_questions")},
            "liabilities": data["liabilities"]}


def _next(kb, a, data, answered, lang) -> dict | None:
    """The first fact the rules need that is unanswered and could be true
    (a fact the ontology rules out, e.g. an account `processedBy` someone,
    which makes it a payment, is not asked)."""
    asked = {q["fact"]: q for q in data["open_questions"]}
    facts = sorted(candidates(a)[0].items(), key=lambda kv: (f"{kv[0][0]} {kv[0][1]} {show(kv[0][2])}"
                                                         not in asked, repr(kv[0])))
    for t, rules in facts:
        s, p, o = t[0], t[1], show(t[2])
        fact = f"{s} {p} {o}"
        if fact in answered or not _possible(kb, a.incident, t):
            continue
        q = asked.get(fact, {})
        return {"fact": fact, "subject": s, "property": p, "object": o, "asked_by": sorted(rules),
                "changes_outcome": fact in asked, "if_true": q.get("if_true"),
                "if_false": q.get("if_false"), "text": _sentence(kb, s, p, o, lang),
                "help": _help(kb, p if p != TYPE else o, lang)}
    return None


def _possible(kb, inc, t) -> bool:
    try:
        kb.assess(inc, assume=[(t, True)], open_questions=False)
    except DutyboundError:
        return False
    return True


def _name(n: str, lang: str) -> str:
    return (LABELS_ZH if lang == "zh" else LABELS).get(n, n)


def _sentence(kb, s, p, o, lang) -> str:
    v = kb.vocab
    if p == TYPE:
        verb = "是" if lang == "zh" else "is a"
        return f"{_name(s, lang)} {verb} {v.label(o, lang)}"
    return f"{_name(s, lang)} — {v.label(p, lang)} — {_name(o, lang)}"


def _help(kb, term, lang) -> str | None:
    t = kb.vocab.terms.get(term)
    if t is None:
        return None
    return (t.comment_zh or t.comment_en) if lang == "zh" else (t.comment_en or t.comment_zh)


def _describe_answer(kb, fact, value, lang) -> dict:
    s, p, o = (fact.split(None, 2) + ["", "", ""])[:3]
    return {"fact": fact, "value": value, "text": _sentence(kb, s, p, o, lang)}
