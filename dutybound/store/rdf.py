"""An assessed case as RDF: the graph the library keeps under the case's name.

    g = case_graph(assessment, kb)          # an rdflib Graph, no blank nodes

What it holds (docs/case-library.md has the full list):
- the case: db:Case with id, title, date, jurisdiction, the incident's source
  text and the assessment JSON (so a stored case can be shown or re-assessed
  exactly), the provisions it cites (db:cites) and its HYPO factors;
- the facts: every established-true triple the engine reasoned with (stated
  and derived by the ontology); derived ones also as db:InferredFact with the
  axiom, established-false ones as db:FalseFact (RDF has no negation);
- the conclusions: db:Duty, db:Breach (db:breachOf its duty), db:Liability
  (obligor, obligee, liabilityForm, basedOn, amount, share, cap, payableAfter,
  recourseAgainst), exemptions (liabilityForm db:Exempt), defences, conflicts,
  open questions;
- their proofs in PROV-O: each conclusion is a prov:Entity that
  prov:wasGeneratedBy a rule application (prov:Activity) which prov:used the
  rule, the provision and the elements (prov:Entity with their status and
  source), and prov:wasDerivedFrom those elements; exceptions considered
  hang off the activity with who had to prove them and whether they were.
Every node has an IRI under the case, so the same assessment always gives
the same graph and graphs compare with plain set equality.
"""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from dutybound.engine.facts import TYPE
from dutybound.store import vocab as V
from dutybound.store.vocab import DB, PROV


def case_graph(a, kb, case_id: str | None = None, saved_at: dt.datetime | None = None) -> Graph:
    g = Graph()
    for prefix, ns in V.PREFIXES.items():
        g.bind(prefix, ns)
    for t in case_triples(a, kb, case_id, saved_at):
        g.add(t)
    return g


def case_triples(a, kb, case_id: str | None = None, saved_at: dt.datetime | None = None) -> set:
    """The triples of case_graph as a set (what the library writes)."""
    from dutybound import __version__
    from dutybound.store.factors import FACTORS, compute_factors
    inc = a.incident
    cid = case_id or inc.id
    b = _Builder(cid, kb)
    data = a.to_json()
    c = V.case_iri(cid)
    b.add(c, RDF.type, DB.Case)
    b.add(c, RDF.type, PROV.Entity)
    b.add(c, DB.incidentId, Literal(inc.id))
    b.add(c, DB.title, Literal(inc.title))
    b.add(c, RDFS.label, Literal(inc.title))
    b.add(c, DB.date, V.literal(inc.date))
    b.add(c, DB.asOf, V.literal(a.as_of))
    if a.jurisdiction:
        b.add(c, DB.inJurisdiction, DB[a.jurisdiction])
    b.add(c, DB.sourcePath, Literal(str(inc.path)))
    b.add(c, DB.sourceText, Literal(inc.source_text))
    b.add(c, DB.assessmentJSON, Literal(json.dumps(data, ensure_ascii=False, sort_keys=True)))
    saved = (saved_at or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    b.add(c, PROV.generatedAtTime, Literal(saved.isoformat(), datatype=XSD.dateTime))
    b.add(c, DB.engineVersion, Literal(__version__))
    for p in data["law_applied"]:
        b.add(c, DB.cites, V.law(p["id"]))
        b.provision(p)
    present = compute_factors(a, kb)
    for f in FACTORS:
        if f.id in present:
            b.add(c, DB.hasFactor, V.factor(f.id))
            b.add(V.factor(f.id), RDF.type, DB.Factor)
            b.add(V.factor(f.id), RDFS.label, Literal(f.label))
            b.add(V.factor(f.id), DB.favours, Literal(f.favours))
    b.facts(a, inc)
    b.proofs(data["proofs"])
    b.conclusions(data)
    b.add(c, DB.tripleCount, Literal(len(b.g) + 1, datatype=XSD.integer))
    return b.g


class _Builder:
    def __init__(self, cid, kb):
        self.cid, self.kb, self.g = cid, kb, set()
        self.acts: dict = {}           # proof id -> activity IRI
        self.elements: dict = {}       # proof id -> [element IRI]

    def add(self, s, p, o):
        self.g.add((s, p, o))           # a set: the graph is built in one go at the end

    def ind(self, name) -> URIRef:
        if self.kb.vocab.is_individual(name):
            return DB[name]
        return V.node(self.cid, name)

    def term(self, value):
        if isinstance(value, str) and type(value) is str:
            return self.ind(value)
        return V.literal(value)

    def triple(self, t):
        s, p, o = t
        if p == TYPE:
            return self.ind(s), RDF.type, DB[o]
        return self.ind(s), DB[p], self.term(o)

    # -- facts ---------------------------------------------------------
    def facts(self, a, inc):
        saturated = a.evaluation.facts if a.evaluation is not None else inc.facts
        for name, label in inc.labels.items():
            self.add(self.ind(name), RDFS.label, Literal(label))
        k = 0
        for t, src in sorted(saturated.true.items(), key=lambda kv: _key(kv[0])):
            s, p, o = self.triple(t)
            self.add(s, p, o)
            if src.kind != "incident":
                k += 1
                self._statement(V.node(self.cid, "inferred", k), DB.InferredFact, (s, p, o))
                self.add(V.node(self.cid, "inferred", k), DB.axiom, Literal(src.detail))
        for k, (t, src) in enumerate(sorted(inc.facts.false.items(), key=lambda kv: _key(kv[0])), 1):
            n = V.node(self.cid, "not", k)
            self._statement(n, DB.FalseFact, self.triple(t))
            if src.line:
                self.add(n, DB.sourceLine, Literal(src.line, datatype=XSD.integer))

    def _statement(self, n, cls, spo):
        self.add(n, RDF.type, cls)
        self.add(n, RDF.subject, spo[0])
        self.add(n, RDF.predicate, spo[1])
        self.add(n, RDF.object, spo[2])

    def provision(self, p):
        n = V.law(p["id"])
        self.add(n, RDF.type, DB.Provision)
        self.add(n, RDFS.label, Literal(p["title"]))
        if p.get("jurisdiction"):
            self.add(n, DB.inJurisdiction, DB[p["jurisdiction"]])
        self.add(n, DB.effectiveFrom, Literal(p["effective"], datatype=XSD.date))
        if p.get("repealed"):
            self.add(n, DB.repealedOn, Literal(p["repealed"], datatype=XSD.date))
        self.add(n, DB.verificationStatus, Literal(p["verified"]))

    # -- proofs (PROV-O) -----------------------------------------------
    def proofs(self, proofs: dict):
        for pid in proofs:
            self.acts[pid] = V.node(self.cid, "proof", *pid.split("#"))
        for pid, p in proofs.items():
            act = self.acts[pid]
            self.add(act, RDF.type, PROV.Activity)
            self.add(act, RDF.type, DB.RuleApplication)
            self.add(act, RDFS.label, Literal(pid))
            self.add(act, DB.status, Literal(p.get("status", "proved")))
            if p.get("rule"):
                self.add(act, PROV.used, V.rule(p["rule"]))
            if p.get("provision"):
                self.add(act, PROV.used, V.law(p["provision"]["id"]))
            if p.get("axiom"):
                self.add(act, DB.axiom, Literal(p["axiom"]))
            for text in p.get("conclusions") or [p.get("conclusion")]:
                if text:
                    self.add(act, DB.conclusion, Literal(text))
            if p.get("note"):
                self.add(act, DB.note, Literal(p["note"]))
            els = [self.element(URIRef(f"{act}/e{j}"), e) for j, e in enumerate(p.get("elements", []), 1)]
            for e in els:
                self.add(act, PROV.used, e)
            self.elements[pid] = els
            for j, x in enumerate(p.get("exceptions", []), 1):
                xn = URIRef(f"{act}/x{j}")
                self.add(act, DB.exception, xn)
                self.add(xn, RDF.type, DB.ExceptionConsidered)
                self.add(xn, DB.statement, Literal(x["exception"]))
                self.add(xn, DB.established, Literal(bool(x["established"])))
                self.add(xn, DB.why, Literal(x["why"]))
                if x.get("proved_by"):
                    self.add(xn, DB.provedBy, self.ind(x["proved_by"]))
                for k, e in enumerate(x.get("elements", []), 1):
                    self.add(xn, DB.element, self.element(URIRef(f"{xn}/e{k}"), e))
            for comp in p.get("competing", []):
                self.add(act, DB.competedWith, V.rule(comp["rule"]))

    def element(self, n, e) -> URIRef:
        self.add(n, RDF.type, PROV.Entity)
        self.add(n, RDF.type, DB.Element)
        self.add(n, DB.statement, Literal(e["fact"]))
        self.add(n, DB.status, Literal(e["status"]))
        src = e.get("source") or {}
        if src.get("line"):
            self.add(n, DB.sourceLine, Literal(src["line"], datatype=XSD.integer))
        if src.get("kind") == "axiom":
            self.add(n, DB.axiom, Literal(src["detail"]))
        for pid in e.get("proofs", []):
            if pid in self.acts:
                self.add(n, PROV.wasGeneratedBy, self.acts[pid])
        return n

    def derived(self, n, pid):
        self.add(n, RDF.type, PROV.Entity)
        if pid in self.acts:
            self.add(n, PROV.wasGeneratedBy, self.acts[pid])
            for e in self.elements.get(pid, []):
                self.add(n, PROV.wasDerivedFrom, e)

    # -- conclusions ---------------------------------------------------
    def conclusions(self, data):
        duties = {}
        for k, d in enumerate(data["duties"], 1):
            n = V.node(self.cid, "duty", k)
            duties.setdefault((d["party"], d["duty"], d["to"]), n)
            self.duty(n, d)
        for k, d in enumerate(data["breaches"], 1):
            n = V.node(self.cid, "breach", k)
            self.add(n, RDF.type, DB.Breach)
            self._parties(n, d["party"], d["to"], d["provision"], d["proof"])
            key = (d["party"], d["duty"], d["to"])
            if key not in duties:
                duties[key] = V.node(self.cid, "duty", f"of-breach-{k}")
                self.duty(duties[key], dict(d, proof=None))
            self.add(n, DB.breachOf, duties[key])
        for k, l in enumerate(data["liabilities"], 1):
            self.liability(V.node(self.cid, "liability", k), l)
        for k, e in enumerate(data["exemptions"], 1):
            n = V.node(self.cid, "exemption", k)
            self.add(n, RDF.type, DB.Liability)
            self.add(n, DB.liabilityForm, DB.Exempt)
            self._parties(n, e["party"], e["to"], e["provision"], e.get("proof"))
        for k, d in enumerate(data["defences"], 1):
            n = V.node(self.cid, "defence", k)
            self.add(n, RDF.type, DB.Defence)
            self.add(n, DB.statement, Literal(d["exception"]))
            self.add(n, DB.basedOn, V.law(d["provision"]))
            self.add(n, PROV.used, V.rule(d["rule"]))
            for text in d["would_conclude"]:
                self.add(n, DB.conclusion, Literal(text))
            if d.get("proved_by"):
                self.add(n, DB.provedBy, self.ind(d["proved_by"]))
            self.derived(n, d["proof"])
        for k, cf in enumerate(data["conflicts"], 1):
            n = V.node(self.cid, "conflict", k)
            self.add(n, RDF.type, DB.Conflict)
            self.add(n, DB.statement, Literal(cf["conclusion"]))
            for side in (cf["for"], cf["against"]):
                self.add(n, PROV.used, V.rule(side["rule"]))
                self.add(n, DB.basedOn, V.law(side["provision"]))
        for k, q in enumerate(data["open_questions"], 1):
            n = V.node(self.cid, "question", k)
            self._statement(n, DB.OpenQuestion, self.triple((q["subject"], q["property"], q["object"])))
            self.add(n, DB.statement, Literal(q["fact"]))
            for r in q.get("asked_by", []):
                self.add(n, PROV.used, V.rule(r))

    def duty(self, n, d):
        self.add(n, RDF.type, DB.Duty)
        self.add(n, RDF.type, DB[d["duty"]])
        self._parties(n, d["party"], d["to"], d["provision"], d.get("proof"))

    def liability(self, n, l):
        self.add(n, RDF.type, DB.Liability)
        self._parties(n, l["party"], l["to"], l["provision"], l["proof"])
        if l.get("form"):
            self.add(n, DB.liabilityForm, DB[l["form"]])
        if l.get("amount") is not None and l.get("currency"):
            self.add(n, DB.amount, Literal(f"{l['currency']} {l['amount']}", datatype=DB.Money))
        if l.get("share") is not None:
            self.add(n, DB.share, Literal(str(Decimal(str(l["share"]))), datatype=XSD.decimal))
        cap = V.money_json(l.get("cap"))
        if cap:
            self.add(n, DB.cap, Literal(f"{cap['currency']} {cap['amount']}", datatype=DB.Money))
        if l.get("pays_after"):
            self.add(n, DB.payableAfter, self.ind(l["pays_after"]))
        if l.get("recourse_against"):
            self.add(n, DB.recourseAgainst, self.ind(l["recourse_against"]))
        if l.get("factors"):
            self.add(n, DB.factors, Literal(l["factors"]))
        for r in l.get("reductions", []):
            self.add(n, DB.reducibleUnder, V.law(r["basis"]))

    def _parties(self, n, party, to, provision, proof):
        self.add(n, DB.obligor, self.ind(party))
        if to:
            self.add(n, DB.obligee, self.ind(to))
        self.add(n, DB.basedOn, V.law(provision))
        if proof:
            self.derived(n, proof)


def _key(t):
    return tuple(str(x) for x in t)
