"""The case library: assessed cases kept as RDF, one named graph per case.

    lib = CaseLibrary.open()                    # $DUTYBOUND_STORE, or --store PATH|URL
    lib.add("examples/cn/....yaml")             # assess, build the graph, write it whole
    lib.list(jurisdiction="CN", form="Supplementary")
    lib.show("cn-account-takeover-2022")
    lib.query("SELECT ...")                     # SELECT, ASK, CONSTRUCT, DESCRIBE
    lib.similar(kb.assess("new.yaml"))          # HYPO ranking by shared factors
    lib.export("cn-account-takeover-2022", "ttl")

Everything goes through SPARQL on a backend (backends.py), so the embedded
store and an external server behave the same. Each case is written by one
update request (drop the old graph, insert the new one): all or nothing.
"""
from __future__ import annotations

import json
import re
import threading

from dutybound.errors import DutyboundError, Problem, did_you_mean
from dutybound.store import sparql as S
from dutybound.store import vocab as V
from dutybound.store.backends import QuerySyntaxError, open_backend

_KB_LOCK = threading.Lock()
_KB = None


def shared_kb():
    """One KnowledgeBase per process (it is read-only once loaded)."""
    global _KB
    with _KB_LOCK:
        if _KB is None:
            from dutybound.engine.kb import KnowledgeBase
            _KB = KnowledgeBase.load()
        return _KB


class CaseLibrary:
    def __init__(self, backend, kb=None):
        self.backend = backend
        self._kb = kb
        self._kb_synced = False

    @classmethod
    def open(cls, location=None, update_url=None, kb=None) -> "CaseLibrary":
        return cls(open_backend(location, update_url), kb)

    @property
    def kb(self):
        if self._kb is None:
            self._kb = shared_kb()
        return self._kb

    def close(self) -> None:
        self.backend.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def describe(self) -> str:
        return self.backend.describe()

    # -- writing -------------------------------------------------------
    def add(self, item, case_id: str | None = None) -> dict:
        """Assesses a file (or takes an Assessment) and saves it, replacing a
        case of the same id. Returns {id, triples, replaced}."""
        from dutybound.store.rdf import case_triples
        a = self.kb.assess(str(item)) if isinstance(item, str) or hasattr(item, "__fspath__") else item
        cid = case_id or a.incident.id
        _check_id(cid)
        g = case_triples(a, self.kb, cid)
        self.sync_kb()
        replaced = self.exists(cid)
        iri = V.nt(V.case_iri(cid))
        body = "\n".join(f"{V.nt(s)} {V.nt(p)} {V.nt(o)} ." for s, p, o in g)
        try:
            self.backend.update(f"DROP SILENT GRAPH {iri} ;\nINSERT DATA {{ GRAPH {iri} {{\n{body}\n}} }}")
        except QuerySyntaxError as e:
            raise DutyboundError(Problem(f"the store refused case '{cid}', so nothing of it was saved: "
                                         f"{str(e)[:300]}", self.describe()), kind="file") from None
        return {"id": cid, "triples": len(g), "replaced": replaced}

    def sync_kb(self) -> bool:
        """Writes the ontology and law graphs when the store lacks them or
        holds another version. Returns whether it wrote."""
        if self._kb_synced:
            return False
        from dutybound.store.kbgraph import graphs_hash, kb_graphs, nt_lines
        graphs = kb_graphs(self.kb)
        h = graphs_hash(graphs)
        res = self.backend.query(f"SELECT ?h WHERE {{ GRAPH {V.nt(V.LAW_GRAPH)} {{ "
                                 f"{V.nt(V.LAW_GRAPH)} {V.nt(V.DB.kbHash)} ?h }} }}", "select")
        wrote = False
        if [r[0].value for r in res.rows] != [h]:
            parts = [f"DROP SILENT GRAPH {V.nt(name)} ;" for name in graphs]
            blocks = []
            for name, g in graphs.items():
                lines = nt_lines(g)
                if name == V.LAW_GRAPH:
                    lines.append(f"{V.nt(V.LAW_GRAPH)} {V.nt(V.DB.kbHash)} \"{h}\" .")
                # like a case, each graph records its own size (checked after a crash)
                lines.append(f"{V.nt(name)} {V.nt(V.DB.tripleCount)} \"{len(lines) + 1}\"^^<{V.XSD.integer}> .")
                blocks.append(f"GRAPH {V.nt(name)} {{\n" + "\n".join(lines) + "\n}")
            self.backend.update("\n".join(parts) + "\nINSERT DATA {\n" + "\n".join(blocks) + "\n}")
            wrote = True
        self._kb_synced = True
        return wrote

    def delete(self, case_id: str) -> bool:
        _check_id(case_id)
        if not self.exists(case_id):
            return False
        self.backend.update(f"DROP SILENT GRAPH {V.nt(V.case_iri(case_id))}")
        return True

    # -- reading -------------------------------------------------------
    def exists(self, case_id: str) -> bool:
        g = V.nt(V.case_iri(case_id))
        return bool(self.backend.query(f"ASK {{ GRAPH {g} {{ {g} a {V.nt(V.DB.Case)} }} }}", "ask").boolean)

    def query(self, text: str, source: str = "<query>", max_rows: int | None = None, **kw):
        kind, full, offset = S.classify(text, source)
        try:
            return self.backend.query(full, kind, max_rows, **kw)
        except QuerySyntaxError as e:
            raise S.store_error(str(e), text, source, offset) from None

    def _select(self, text: str) -> list[dict]:
        full, _ = S.with_prefixes(text)
        res = self.backend.query(full, "select")
        return [dict(zip(res.vars, row)) for row in res.rows]

    def list(self, jurisdiction=None, provision=None, party_type=None, form=None) -> list[dict]:
        """Cases, oldest incident first, with their liabilities; filters
        combine (a party type and a form must hold of the same liability)."""
        where = []
        if jurisdiction:
            j = jurisdiction.upper()
            if not re.fullmatch(r"[A-Z]{2}", j):
                raise DutyboundError(Problem(f"not a jurisdiction: '{jurisdiction}'",
                                             hint="use CN, DE, EU or US"), kind="usage")
            where.append(f"?case db:inJurisdiction db:{j} .")
        if provision:
            if not re.fullmatch(r"[A-Za-z0-9._-]+", provision):
                raise DutyboundError(Problem(f"not a provision id: '{provision}'",
                                             hint="e.g. CC-1198 or ECL-57-2"), kind="usage")
            p = str(V.law(provision))
            where.append(f'?case db:cites ?cited . FILTER(STR(?cited) = "{p}" || '
                         f'STRSTARTS(STR(?cited), "{p}-"))')
        if party_type or form:
            cond = "?l a db:Liability ."
            if party_type:
                cond += f" ?l db:obligor ?party . ?party a db:{self._term(party_type, 'class')} ."
            if form:
                cond += f" ?l db:liabilityForm db:{self._term(form, 'individual')} ."
            where.append(f"FILTER EXISTS {{ {cond} }}")
        rows = self._select(
            "SELECT DISTINCT ?case ?id ?title ?date ?j WHERE { GRAPH ?case { ?case a db:Case ; "
            "db:incidentId ?id ; db:title ?title ; db:date ?date . OPTIONAL { ?case db:inJurisdiction ?j } "
            + " ".join(where) + " } } ORDER BY ?date ?case")
        outcomes = self._outcomes()
        out = []
        for r in rows:
            cid = V.case_id_of(r["case"].value)
            out.append({"id": cid, "incident": r["id"].value, "title": r["title"].value,
                        "date": r["date"].value,
                        "jurisdiction": V.local(r["j"].value, V.DB) if r.get("j") else None,
                        "liabilities": outcomes.get(cid, [])})
        return out

    def _term(self, name: str, kind: str) -> str:
        vocab = self.kb.vocab
        ok = vocab.is_class(name) if kind == "class" else vocab.is_individual(name)
        if not ok or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
            hint = did_you_mean(name, vocab.names()) or (
                "a class such as PlatformOperator" if kind == "class" else "a form such as Supplementary")
            raise DutyboundError(Problem(f"not a {'party type' if kind == 'class' else 'liability form'}"
                                         f": '{name}'", hint=hint), kind="usage")
        return name

    def _outcomes(self, case: str | None = None) -> dict:
        scope = V.nt(V.case_iri(case)) if case else "?case"
        rows = self._select(
            f"SELECT ?case ?l ?party ?to ?form ?basis ?amount WHERE {{ GRAPH {scope} {{ "
            "?l a db:Liability ; db:obligor ?party ; db:basedOn ?basis . OPTIONAL { ?l db:obligee ?to } "
            "OPTIONAL { ?l db:liabilityForm ?form } OPTIONAL { ?l db:amount ?amount } "
            f"{'BIND(' + scope + ' AS ?case)' if case else ''} }} }} ORDER BY ?case ?l")
        out: dict = {}
        for r in rows:
            cid = V.case_id_of(r["case"].value)
            out.setdefault(cid, []).append({
                "party": _name(r["party"]), "to": _name(r.get("to")),
                "form": _name(r.get("form")), "basis": _name(r["basis"]),
                "amount": r["amount"].value if r.get("amount") else None})
        return out

    def show(self, case_id: str) -> dict:
        """A stored case: its summary, factors, the assessment JSON it was
        saved with, and whether the graph is complete."""
        _check_id(case_id)
        g = V.nt(V.case_iri(case_id))
        rows = self._select(f"SELECT ?p ?o WHERE {{ GRAPH {g} {{ {g} ?p ?o }} }}")
        if not rows:
            raise DutyboundError(Problem(f"no case '{case_id}' in {self.describe()}",
                                         hint=did_you_mean(case_id, self.ids()) or
                                         "list the cases with `dutybound cases list`"), kind="usage")
        props: dict = {}
        for r in rows:
            props.setdefault(V.local(r["p"].value, V.DB), []).append(r["o"])
        one = lambda k: props[k][0].value if k in props else None  # noqa: E731
        n = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")[0]["n"]
        from dutybound.store.factors import BY_ID
        factors = sorted(V.local(f.value, V.FACTOR) for f in props.get("hasFactor", []))
        expected = int(one("tripleCount") or -1)
        return {"id": case_id, "incident": one("incidentId"), "title": one("title"),
                "date": one("date"), "as_of": one("asOf"),
                "jurisdiction": V.local(one("inJurisdiction"), V.DB) if one("inJurisdiction") else None,
                "source_path": one("sourcePath"), "saved_at": one("http://www.w3.org/ns/prov#generatedAtTime"),
                "cites": sorted(V.local(c.value, V.LAW) for c in props.get("cites", [])),
                "factors": [{"id": f, "label": BY_ID[f].label, "favours": BY_ID[f].favours}
                            for f in factors if f in BY_ID],
                "liabilities": self._outcomes(case_id).get(case_id, []),
                "triples": int(n.value), "complete": int(n.value) == expected,
                "assessment": json.loads(one("assessmentJSON") or "null"),
                "source_text": one("sourceText")}

    def ids(self) -> list[str]:
        rows = self._select("SELECT ?case WHERE { GRAPH ?case { ?case a db:Case } } ORDER BY ?case")
        return [V.case_id_of(r["case"].value) for r in rows]

    # -- export --------------------------------------------------------
    def export(self, case_id: str | None = None, fmt: str = "ttl") -> str:
        """One case's graph, or every case (case_id None) with its graph name
        where the format has one (trig, nq, jsonld)."""
        import pyoxigraph as ox
        if case_id is not None:
            _check_id(case_id)
            if not self.exists(case_id):
                self.show(case_id)                        # raises the "no case" error
            g = V.nt(V.case_iri(case_id))
            res = self.backend.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}", "graph")
            if fmt in ("trig", "nq"):
                name = ox.NamedNode(str(V.case_iri(case_id)))
                return serialize_quads([ox.Quad(t.subject, t.predicate, t.object, name)
                                        for t in res.triples], fmt)
            return serialize_triples(res.triples, fmt)
        res = self.backend.query(
            "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?g a <%s> } GRAPH ?g { ?s ?p ?o } }" % V.DB.Case, "select")
        quads = [ox.Quad(s, p, o, g) for g, s, p, o in res.rows]
        if fmt in ("ttl", "nt"):
            return serialize_triples([ox.Triple(q.subject, q.predicate, q.object) for q in quads], fmt)
        return serialize_quads(quads, fmt)

    # -- similar cases -------------------------------------------------
    def similar(self, assessment, limit: int | None = 10, exclude_self: bool = True) -> list:
        from dutybound.store.factors import compute_factors, rank
        new = compute_factors(assessment, self.kb)
        rows = self._select("SELECT ?case ?title ?f WHERE { GRAPH ?case { ?case a db:Case ; db:title ?title . "
                            "OPTIONAL { ?case db:hasFactor ?f } } }")
        stored: dict = {}
        titles: dict = {}
        for r in rows:
            cid = V.case_id_of(r["case"].value)
            titles[cid] = r["title"].value
            fs = stored.setdefault(cid, set())
            if r.get("f"):
                fs.add(V.local(r["f"].value, V.FACTOR))
        if exclude_self:
            stored.pop(assessment.incident.id, None)
        matches = rank(new, stored, titles)[:limit] if limit else rank(new, stored, titles)
        outcomes = self._outcomes()
        for m in matches:
            m.outcome = outcomes.get(m.case_id, [])
        return matches


FORMATS = {"ttl": "TURTLE", "nt": "N_TRIPLES", "jsonld": "JSON_LD", "trig": "TRIG", "nq": "N_QUADS"}


def serialize_triples(triples, fmt: str) -> str:
    import pyoxigraph as ox
    f = getattr(ox.RdfFormat, FORMATS[fmt])
    if fmt in ("trig", "nq"):
        return serialize_quads([ox.Quad(t.subject, t.predicate, t.object) for t in triples], fmt)
    # No case: prefix: case node IRIs hold slashes, which Turtle would escape.
    prefixes = {k: v for k, v in V.PREFIXES.items() if k != "case"} if fmt == "ttl" else None
    triples = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return ox.serialize(triples, format=f, prefixes=prefixes).decode("utf-8")


def serialize_quads(quads, fmt: str) -> str:
    import pyoxigraph as ox
    f = getattr(ox.RdfFormat, FORMATS[fmt])
    prefixes = {k: v for k, v in V.PREFIXES.items() if k != "case"} if fmt == "trig" else None
    # grouped by graph (a stable sort: rows mostly come grouped already)
    quads = sorted(quads, key=lambda q: q.graph_name.value if hasattr(q.graph_name, "value") else "")
    return ox.serialize(quads, format=f, prefixes=prefixes).decode("utf-8")


def export_kb(kb, fmt: str = "ttl") -> str:
    """The ontology, the provisions and the rule metadata in one document."""
    import pyoxigraph as ox
    from dutybound.store.kbgraph import kb_graphs, nt_lines
    lines = [line for g in kb_graphs(kb).values() for line in nt_lines(g)]
    triples = list(ox.parse("\n".join(lines), format=ox.RdfFormat.N_TRIPLES))
    return serialize_triples(triples, fmt)


def _name(term) -> str | None:
    if term is None:
        return None
    iri = term.value
    for ns in (str(V.DB), str(V.LAW), str(V.RULE), str(V.FACTOR)):
        if iri.startswith(ns):
            return V.local(iri, ns)
    if iri.startswith(V.CASE):
        return V.local(iri.rsplit("/", 1)[1], "")
    return iri


def _check_id(case_id: str) -> None:
    if not case_id or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._~-]*", case_id):
        raise DutyboundError(Problem(f"not a case id: '{case_id}'",
                                     hint="ids are letters, digits, '.', '_', '~' and '-' "
                                          "(the incident's 'incident:' value)"), kind="usage")
