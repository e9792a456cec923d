"""Facts, conclusions and questions as sentences, in English or Chinese.

Every class and property of the ontology carries a sentence template
(`db:sentence`, with {s} the subject and {o} the object); individuals are
shown by their labels (the incident's `label:`, or the ontology's label for
named individuals such as jurisdictions and liability forms). A Phrasebook
holds both and turns the assessment's facts into sentences:

    book = Phrasebook(kb.vocab, labels=data["incident"]["labels"], lang="zh")
    book.fact("pay1", "debitedFrom", "wallet")      # 'pay1从wallet扣款' (with labels)
    book.question("pay1", "causedByFaultOf", "alice")

It reads the assessment JSON and the vocabulary, nothing of the reasoner.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from dutybound.explain.catalogues import gettext, knowledge
from dutybound.explain.markup import clean, ref

TYPE = "a"
FORMS = ("Sole", "JointAndSeveral", "Supplementary", "Proportional", "ReducedForContributoryFault",
         "EnlargedPartOnly", "ConditionalSubstitute", "CorrespondingUnspecified", "Capped", "Exempt")
_PAREN = re.compile(r"\s*\([^()]*\)\s*$")
CURRENCY_ZH = {"CNY": "人民币%s元", "EUR": "%s欧元", "USD": "%s美元", "GBP": "%s英镑", "JPY": "%s日元",
               "HKD": "%s港元"}


class Phrasebook:
    def __init__(self, vocab, labels: dict | None = None, lang: str = "en", kinds: dict | None = None,
                 markup: bool = False):
        self.vocab = vocab
        self.labels = {str(k): clean(v) for k, v in (labels or {}).items() if v is not None}
        self.kinds = dict(kinds or {})          # individual -> its most specific stated class
        self.lang = lang if lang in ("en", "zh") else "en"
        self.markup = markup                    # wrap names, forms, provisions for links (markup.py)
        self._ = gettext(self.lang)
        self.k = knowledge(self.lang)

    def other(self, lang: str) -> "Phrasebook":
        return Phrasebook(self.vocab, self.labels, lang, self.kinds, self.markup)

    def ref(self, kind: str, key: str, text: str) -> str:
        return ref(kind, key, text) if self.markup else text

    # -- names -------------------------------------------------------------
    def name(self, n, short: bool = True, bare: bool = False) -> str:
        """An individual as a reader knows it: its label (without a trailing
        parenthesis in running text), an ontology individual's label, or its id
        with what it is ('the payment pay1')."""
        if n is None:
            return ""
        if isinstance(n, dict):
            return self.value(n)
        n = clean(n)
        if n in self.labels and self.labels[n]:
            label = self.labels[n]
            return self.ref("name", n, (_PAREN.sub("", label) or label) if short else label)
        if self.vocab.is_individual(n) and n not in self.kinds:
            return self.term(n)
        kind = self.kinds.get(n)
        if kind and not bare and not self.vocab.is_subclass(kind, "Party"):   # a party's id is its name
            what = self.vocab.label(kind, self.lang)
            words = n.replace("-", " ").replace("_", " ").lower()
            if what.lower() == words or what.lower().endswith(" " + words):
                # an id that repeats its kind ('account', a payment account) is not said
                # twice: "the payment account", not "the payment account account"
                head, tail = what[:len(what) - len(words)].rstrip(), what[len(what) - len(words):]
                return self._("the %(what)s %(name)s", what=head,
                              name=self.ref("name", n, tail)).replace("  ", " ")
            return self._("the %(what)s %(name)s", what=what, name=self.ref("name", n, n))
        return self.ref("name", n, n)

    def term(self, name: str | None) -> str:
        """A class, property or named individual of the ontology by its label."""
        if not name:
            return ""
        label = self.vocab.label(name, self.lang)
        kind = "form" if name in FORMS else "term"
        return self.ref(kind, name, label) if self.vocab.terms.get(name) else label

    def form(self, name: str | None) -> str:
        """A liability form by its label, linked to the glossary."""
        return self.ref("form", name, self.vocab.label(name, self.lang)) if name else ""

    def money(self, amount, currency=None) -> str:
        if isinstance(amount, dict):
            amount, currency = amount.get("amount"), amount.get("currency")
        if amount is None:
            return ""
        try:
            text = f"{Decimal(str(amount)):,.2f}"
        except (InvalidOperation, ValueError):
            text = str(amount)
        if not currency:
            return text
        if self.lang == "zh":
            return CURRENCY_ZH.get(currency, f"%s {currency}") % text
        return f"{currency} {text}"

    def share(self, share) -> str:
        try:
            pct = Decimal(str(share)) * 100
        except (InvalidOperation, ValueError):
            return str(share)
        return f"{pct.normalize():f}%"

    def value(self, o) -> str:
        """An object of a fact: an individual, money, a date, a number, yes/no."""
        if isinstance(o, dict) and "currency" in o:
            return self.money(o)
        if isinstance(o, bool):
            return self._("yes") if o else self._("no")
        if isinstance(o, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?", o):
            return o.replace("T", " ")
        if isinstance(o, str) and (o in self.labels or self.vocab.is_individual(o) or o in self.kinds):
            return self.name(o)
        return str(o)

    # -- facts -------------------------------------------------------------
    def template(self, term: str) -> str | None:
        t = self.vocab.terms.get(term)
        if t is None:
            return None
        return (t.sentence_zh or t.sentence_en) if self.lang == "zh" else (t.sentence_en or t.sentence_zh)

    def fact(self, s, p, o=None, positive: bool = True) -> str:
        """'s p o' as a sentence (`a` with a class for o: s is of that class)."""
        if p == TYPE:                           # 'pay1 is an unauthorised payment', not 'the payment pay1 is ...'
            tpl, filled = self.template(o), {"s": self.name(s, bare=True)}
        else:
            obj = self.name(o) if self.vocab.is_object_property(p) and isinstance(o, str) else self.value(o)
            tpl, filled = self.template(p), {"s": self.name(s), "o": obj}
            if isinstance(o, bool) and o is False:        # a yes/no property reads as its true case
                positive = not positive
        if tpl is None:
            text = f"{self.name(s)} {self.term(p) if p != TYPE else ''} {self.value(o)}".replace("  ", " ")
        else:
            text = tpl.replace("{s}", filled["s"]).replace("{o}", filled.get("o", ""))
        return text if positive else self.negate(text)

    def negate(self, sentence: str) -> str:
        return self._("it is not the case that %(sentence)s", sentence=sentence)

    def question(self, s, p, o=None) -> str:
        return self._("Is it true that %(sentence)s?", sentence=self.fact(s, p, o))

    def value_question(self, s, p) -> str:
        """An open question about a value (a time, an amount) rather than a yes/no fact."""
        return self._("What is the %(what)s of %(name)s?", what=self.term(p), name=self.name(s))

    # -- conclusions ------------------------------------------------------
    def duty(self, duty: str) -> str:
        return self.term(duty)

    def conclusion(self, c: dict) -> str:
        """A structured conclusion (proof `heads`, element `conclusion`) as a sentence."""
        kind = c.get("kind")
        if kind == "fact":
            return self.fact(c["subject"], c["property"], c["object"], c.get("positive", True))
        party, to = self.name(c.get("party")), self.name(c.get("to"))
        _ = self._
        if kind == "liable":
            text = _("%(party)s is liable to %(to)s", party=party, to=to)
            return text if c.get("positive", True) else _("%(party)s is not liable to %(to)s",
                                                          party=party, to=to)
        if kind == "duty":
            text = (_("%(party)s owes %(to)s a %(duty)s", party=party, to=to, duty=self.duty(c["duty"]))
                    if c.get("to") else _("%(party)s owes a %(duty)s", party=party, duty=self.duty(c["duty"])))
        elif kind == "breach":
            text = (_("%(party)s breached its %(duty)s toward %(to)s", party=party, to=to,
                      duty=self.duty(c["duty"]))
                    if c.get("to") else _("%(party)s breached its %(duty)s", party=party,
                                          duty=self.duty(c["duty"])))
        elif kind == "reduction":
            text = _("%(party)s's liability to %(to)s may be reduced for %(to)s's own fault",
                     party=party, to=to)
        else:
            text = str(c)
        return text if c.get("positive", True) else self.negate(text)

    def element(self, e: dict) -> str:
        """A proof element (or any {triple | conclusion | fact}) as a sentence."""
        if e.get("triple"):
            t = e["triple"]
            return self.fact(t["subject"], t["property"], t["object"], t.get("positive", True))
        kind = (e.get("conclusion") or {}).get("kind")
        if kind == "test":           # a `where` test over a value the incident leaves open
            from dutybound.explain.conditions import sentence
            said = sentence(self, e["test"]) if e.get("test") else None
            return said or self._("the condition %(test)s", test=e.get("fact", "").removeprefix("where "))
        if kind == "value" and " has a " in e.get("fact", ""):   # whether there is a value at all
            x, p = e["fact"].split(" has a ", 1)
            return self._("%(name)s has a %(what)s", name=self.name(x), what=self.term(p))
        if e.get("conclusion"):
            return self.conclusion(e["conclusion"])
        if e.get("version"):                    # the law in time (explain/intime.py)
            from dutybound.explain.intime import version
            return version(self, e["version"])
        if e.get("limitation"):
            from dutybound.explain.intime import limitation_why
            return limitation_why(self, e["limitation"])
        return e.get("fact", "")

    # -- the knowledge base's own prose -----------------------------------
    def prose(self, text: str | None) -> str:
        """A rule file's English prose (burden of proof, what the court weighs),
        translated where the knowledge catalogue has it."""
        return self.k(text) if text else ""

    def has_prose(self, text: str | None) -> bool:
        return bool(text) and (self.lang == "en" or self.k(text) != text)

    def foreign(self, text: str) -> str:
        """English text shown as written in another language's page (a case
        name): marked, so a page can say which language it is in."""
        return self.ref("en", "", text) if self.markup else text

    def provision_title(self, p: dict | str | None, titles: dict | None = None) -> str:
        from dutybound.explain.titles import provision_title
        if isinstance(p, str):
            p = {"id": p, "title": (titles or {}).get(p, p)}
        p = p or {}
        return self.ref("provision", p.get("id", ""), provision_title(p, self.lang))
