"""The ontology (TBox), compiled once into plain Python, and applied to an incident.

load_vocabulary() parses ontology/dutybound*.ttl with rdflib and compiles the class and
property hierarchy, inverses, domains and ranges, disjointness and the defined classes
(C == A and some p.B) into a Vocabulary. The result is pickled under $DUTYBOUND_CACHE
(default ~/.cache/dutybound), keyed by a hash of the files and of this module, so a warm
start reads one pickle and never imports rdflib. saturate() applies the vocabulary to an
incident's facts semi-naively (a work queue of new triples) so that a rule written about
PaymentServiceProvider fires on an incident that says ThirdPartyPaymentProvider. HermiT
(engine/owlcheck.py) checks the same files consistent; it never runs per incident.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path

from dutybound.engine.facts import TYPE, FactBase, Source
from dutybound.cache import cache_dir, store as store_cache
from dutybound.errors import DutyboundError, Problem, did_you_mean

NS = "https://dutybound.org/ontology#"
ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
_OWL, _RDFS = "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2000/01/rdf-schema#"
_XSD, _RDF = "http://www.w3.org/2001/XMLSchema#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_KINDS = {_OWL + "Class": "class", _OWL + "ObjectProperty": "object_property",
          _OWL + "DatatypeProperty": "datatype_property", _OWL + "NamedIndividual": "individual",
          _RDFS + "Datatype": "datatype", _OWL + "AnnotationProperty": "annotation_property"}
# Literal kinds the engine computes with (dutybound.values); xsd:integer is a decimal.
_DATATYPES = {NS + "Money": "Money", _XSD + "date": "date", _XSD + "dateTime": "dateTime",
              _XSD + "decimal": "decimal", _XSD + "integer": "decimal",
              _XSD + "nonNegativeInteger": "decimal", _XSD + "string": "string",
              _RDF + "langString": "string", _XSD + "boolean": "boolean"}


@dataclass(frozen=True)
class TermInfo:
    name: str
    kind: str            # class | object_property | datatype_property | individual | datatype
    label_en: str | None
    label_zh: str | None
    comment_en: str | None
    comment_zh: str | None
    iri: str


@dataclass(frozen=True)
class DefinedClass:
    """name == the conjunction of conjuncts; each ('class', C) or ('some', p, C | None)."""
    name: str
    conjuncts: tuple

    def text(self) -> str:
        parts = [c[1] if c[0] == "class" else f"∃{c[1]}.{c[2] or '⊤'}" for c in self.conjuncts]
        return f"{self.name} ≡ " + " ⊓ ".join(parts)


@dataclass
class _Index:
    """What saturate() needs, precomputed: each entry carries its axiom text."""
    class_supers: dict       # C -> ((B, "C ⊑ ... ⊑ B"), ...)
    prop_supers: dict        # p -> ((q, "p ⊑ q"), ...)
    inverse: dict            # p -> (q, "p ≡ q⁻")
    domain: dict             # p -> ((C, "p has domain C"), ...)   object properties only
    range: dict
    disjoint: dict           # C -> {D: "C ⊓ D ⊑ ⊥"}
    by_class: dict           # C -> (DefinedClass, ...) with C as a class conjunct
    by_prop: dict            # p -> (DefinedClass, ...) with an ∃p conjunct
    by_filler: dict          # F -> ((DefinedClass, p), ...) with an ∃p.F conjunct
    symmetric: frozenset
    transitive: frozenset


@dataclass
class Vocabulary:
    terms: dict
    superclasses: dict
    subclasses: dict
    superproperties: dict
    inverse: dict
    domain: dict
    range: dict
    symmetric: frozenset
    transitive: frozenset
    defined: list
    disjoint: list
    individuals: dict
    key: str = ""
    index: _Index | None = field(default=None, compare=False, repr=False)
    # classes only rules conclude (db:concludedByRulesOnly): never asked, never stated
    concluded_only: frozenset = frozenset()

    def is_class(self, n: str) -> bool:
        return n in self.superclasses

    def is_property(self, n: str) -> bool:
        return n in self.superproperties

    def is_object_property(self, n: str) -> bool:
        return self._kind(n) == "object_property"

    def is_datatype_property(self, n: str) -> bool:
        return self._kind(n) == "datatype_property"

    def is_individual(self, n: str) -> bool:
        return n in self.individuals

    def names(self) -> list[str]:
        return sorted(self.terms)

    def is_subclass(self, a: str, b: str) -> bool:
        return b in self.superclasses.get(a, ())

    def label(self, n: str, lang: str = "en") -> str:
        t = self.terms.get(n)
        pair = (None, None) if t is None else (t.label_en, t.label_zh)
        return (pair[1] or pair[0] if lang == "zh" else pair[0] or pair[1]) or n

    def _kind(self, n):
        t = self.terms.get(n)
        return t.kind if t else None


# ----------------------------------------------------------------- loading and caching

_MEMO: dict[str, Vocabulary] = {}


def default_paths() -> list[Path]:
    """ontology/dutybound*.ttl (or under $DUTYBOUND_ONTOLOGY); shapes.ttl is not OWL."""
    base = Path(os.environ.get("DUTYBOUND_ONTOLOGY", ONTOLOGY_DIR))
    return sorted(base.glob("dutybound*.ttl"))


def _read(paths) -> list[tuple[Path, bytes]]:
    paths = [Path(p) for p in (default_paths() if paths is None else paths)]
    if not paths:
        raise DutyboundError(Problem("no ontology files found", path=str(ONTOLOGY_DIR),
                                     hint="expected ontology/dutybound*.ttl"), kind="file")
    out = []
    for p in paths:
        try:
            out.append((p, p.read_bytes()))
        except OSError as e:
            raise DutyboundError(Problem(f"cannot read ontology file: {e.strerror}", path=str(p)),
                                 kind="file") from None
    return out


def load_vocabulary(paths=None) -> Vocabulary:
    blobs = _read(paths)
    h = hashlib.sha256(Path(__file__).read_bytes())     # a compiler change invalidates
    for p, data in blobs:
        h.update(p.name.encode() + b"\0" + hashlib.sha256(data).digest())
    key = h.hexdigest()
    if key in _MEMO:
        return _MEMO[key]
    cached = cache_dir() / f"vocabulary-{key[:40]}.pickle"
    vocab = None
    try:
        vocab = pickle.loads(cached.read_bytes())
        if not isinstance(vocab, Vocabulary) or vocab.key != key:
            vocab = None
    except Exception:            # missing, truncated or stale pickle: recompile
        vocab = None
    if vocab is None:
        vocab = _compile(_parse(blobs), blobs)
        vocab.key = key
        store_cache(cached, vocab)
    _MEMO[key] = vocab
    return vocab


def vocab_graph(paths=None):
    """The ontology as an rdflib Graph (prefix db:), for export, SHACL and SPARQL."""
    return _parse(_read(paths))


def _parse(blobs):
    import rdflib
    from rdflib.plugins.parsers.notation3 import BadSyntax
    g = rdflib.Graph()
    g.bind("db", NS)
    for p, data in blobs:
        text = data.decode("utf-8", errors="replace")
        try:
            g.parse(data=text, format="turtle", publicID=p.resolve().as_uri())
        except BadSyntax as e:
            i = getattr(e, "_i", 0)
            col = i - text.rfind("\n", 0, i) if i else None
            raise DutyboundError(Problem(f"Turtle syntax error: {e._why}", path=str(p),
                                         line=e.lines + 1, col=col), kind="ontology") from None
        except Exception as e:   # rdflib raises assorted errors for bad IRIs and literals
            raise DutyboundError(Problem(f"cannot parse Turtle: {e}", path=str(p)),
                                 kind="ontology") from None
    return g


# ----------------------------------------------------------------- compiling

def _ontology_error(msg, name, blobs, hint=None):
    needle = f"db:{name}"
    for p, data in blobs:
        for n, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
            col = line.find(needle)
            if col >= 0 and not line[col + len(needle):col + len(needle) + 1].isalnum():
                return DutyboundError(Problem(msg, path=str(p), line=n, col=col + 1,
                                              length=len(needle), hint=hint), kind="ontology")
    return DutyboundError(Problem(msg, path=str(blobs[0][0]), hint=hint), kind="ontology")


def _closure(nodes, edges) -> dict:
    """Reflexive-transitive closure: node -> frozenset of nodes reachable by edges."""
    out = {}
    for n in nodes:
        seen, todo = {n}, [n]
        while todo:
            for m in edges.get(todo.pop(), ()):
                if m not in seen:
                    seen.add(m)
                    todo.append(m)
        out[n] = frozenset(seen)
    return out


def _chain(a, b, edges, inferred) -> str:
    """Human text of the shortest subsumption path a ⊑ ... ⊑ b (breadth first), with
    the reasons for any step that was inferred rather than asserted."""
    prev, todo = {a: None}, deque([a])
    while todo:
        n = todo.popleft()
        if n == b:
            break
        for m in sorted(edges.get(n, ())):
            if m not in prev:
                prev[m] = n
                todo.append(m)
    path, n = [], b
    while n is not None:
        path.append(n)
        n = prev.get(n)
    path.reverse()
    why = [inferred[x, y] for x, y in zip(path, path[1:]) if (x, y) in inferred]
    return " ⊑ ".join(path) + (f" (entailed: {'; '.join(why)})" if why else "")


def _compile(g, blobs) -> Vocabulary:
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDF, RDFS

    def local(x):
        return str(x)[len(NS):] if isinstance(x, URIRef) and str(x).startswith(NS) else None

    kinds: dict[str, str] = {}
    individuals: dict[str, set] = defaultdict(set)
    typed = [(local(s), str(o), local(o)) for s, o in g.subject_objects(RDF.type) if local(s)]
    for n, o, c in sorted(typed, key=lambda x: x[2] is not None):   # declarations first
        k = _KINDS.get(o) or ("individual" if c else None)
        if k is None:
            continue
        if kinds.setdefault(n, k) != k:
            raise _ontology_error(f"db:{n} is declared both {kinds[n]} and {k}", n, blobs)
        if k == "individual":
            individuals[n] |= {c} if c else set()
        if c and kinds.get(c) != "class":
            raise _ontology_error(f"db:{n} is typed db:{c}, which is not a class", n, blobs)
    for t in g:                  # every db: name used must be declared (catches typos)
        for x in t:
            n = local(x)
            if n is not None and n not in kinds:
                raise _ontology_error(f"db:{n} is used but never declared", n, blobs,
                                      hint=did_you_mean(n, kinds) or "declare it, e.g. "
                                      f"'db:{n} a owl:Class ; rdfs:label ...'")

    def text(s, p, lang):
        vals = sorted(str(o) for o in g.objects(s, p) if getattr(o, "language", None) == lang)
        return vals[0] if vals else None
    terms = {n: TermInfo(n, k, text(URIRef(NS + n), RDFS.label, "en"),
                         text(URIRef(NS + n), RDFS.label, "zh"),
                         text(URIRef(NS + n), RDFS.comment, "en"),
                         text(URIRef(NS + n), RDFS.comment, "zh"), NS + n)
             for n, k in kinds.items()}
    classes = [n for n, k in kinds.items() if k == "class"]
    props = [n for n, k in kinds.items() if k.endswith("_property")]

    def expect(node, kind, owner):
        n = local(node)
        if n is None or kinds.get(n) != kind:
            raise _ontology_error(f"in the axioms of db:{owner}: expected a named "
                                  f"{kind.replace('_', ' ')}, found {node}", owner, blobs)
        return n

    def conjuncts(node, owner):
        """A class expression as conjuncts; only what saturate() can apply is allowed."""
        if not isinstance(node, BNode):
            return [("class", expect(node, "class", owner))]
        if (node, OWL.intersectionOf, None) in g:
            return [c for m in Collection(g, g.value(node, OWL.intersectionOf))
                    for c in conjuncts(m, owner)]
        if (node, RDF.type, OWL.Restriction) in g and g.value(node, OWL.someValuesFrom):
            p = expect(g.value(node, OWL.onProperty), "object_property", owner)
            f = g.value(node, OWL.someValuesFrom)
            return [("some", p, None if f == OWL.Thing else expect(f, "class", owner))]
        raise _ontology_error(f"db:{owner}: only named classes, intersections and "
                              "someValuesFrom restrictions are compiled", owner, blobs,
                              hint="see docs/ontology.md, 'Adding a term'")

    sub_edges: dict[str, set] = defaultdict(set)
    told_some: dict[str, set] = defaultdict(set)    # C ⊑ ∃p.F, for subsumption below
    defined: list[DefinedClass] = []
    for c in classes:
        node = URIRef(NS + c)
        for sup in g.objects(node, RDFS.subClassOf):
            for conj in conjuncts(sup, c):
                (sub_edges[c].add(conj[1]) if conj[0] == "class"
                 else told_some[c].add(conj[1:]))
        for eq in g.objects(node, OWL.equivalentClass):
            if isinstance(eq, BNode) and (eq, OWL.unionOf, None) in g:   # C ≡ A ⊔ B
                for m in Collection(g, g.value(eq, OWL.unionOf)):
                    sub_edges[expect(m, "class", c)].add(c)
                continue
            conj = tuple(conjuncts(eq, c))
            if len(conj) == 1 and conj[0][0] == "class":
                sub_edges[c].add(conj[0][1])
                sub_edges[conj[0][1]].add(c)
                continue
            defined.append(DefinedClass(c, conj))
            for k in conj:
                (sub_edges[c].add(k[1]) if k[0] == "class" else told_some[c].add(k[1:]))

    prop_edges: dict[str, set] = defaultdict(set)
    inverse: dict[str, str] = {}
    for p in props:
        node = URIRef(NS + p)
        for q in g.objects(node, RDFS.subPropertyOf):
            prop_edges[p].add(expect(q, kinds[p], p))
        for q in g.objects(node, OWL.equivalentProperty):
            q = expect(q, kinds[p], p)
            prop_edges[p].add(q)
            prop_edges[q].add(p)
        for q in g.objects(node, OWL.inverseOf):
            q = expect(q, "object_property", p)
            inverse[p], inverse[q] = q, p
    superproperties = _closure(props, prop_edges)

    # Structural subsumption for the defined classes (EL-style, sound): C ⊑ D when C's
    # told superclasses and existentials entail every conjunct of D. HermiT finds the
    # same named subsumptions here (tests/ontology compare the two).
    inferred: dict[tuple, str] = {}     # (C, D) -> why, for the proof text
    while True:
        supers = _closure(classes, sub_edges)
        added = False
        for c in classes:
            somes = {s for b in supers[c] for s in told_some.get(b, ())}
            for d in defined:
                if d.name in supers[c] or c == d.name:
                    continue
                why = []
                for k in d.conjuncts:
                    if k[0] == "class":
                        if k[1] not in supers[c]:
                            break
                        why.append(f"{c} ⊑ {k[1]}")
                        continue
                    hit = sorted(((q, f) for q, f in somes if k[1] in superproperties[q]
                                  and (k[2] is None or k[2] in supers.get(f, {f}))), key=repr)
                    if not hit:
                        break
                    q, f = hit[0]
                    why.append(f"{c} ⊑ ∃{q}.{f or '⊤'}")
                    why += [f"{x} ⊑ {y}" for x, y in ((q, k[1]), (f, k[2])) if y and x != y]
                else:
                    sub_edges[c].add(d.name)
                    inferred[c, d.name] = "; ".join(why + [d.text()])
                    added = True
        if not added:
            break
    subclasses = {c: frozenset(d for d in classes if c in supers[d]) for c in classes}

    def dom_rng(pred, p):
        out = set()
        for o in g.objects(URIRef(NS + p), pred):
            if kinds[p] == "datatype_property" and pred == RDFS.range:
                if str(o) not in _DATATYPES:
                    raise _ontology_error(f"db:{p} has range {o}, not one of the literal kinds "
                                          "the engine knows", p, blobs)
                out.add(_DATATYPES[str(o)])
            else:
                out.add(expect(o, "class", p))
        return out
    asserted_dom = {p: dom_rng(RDFS.domain, p) for p in props}
    asserted_rng = {p: dom_rng(RDFS.range, p) for p in props}
    domain, range_ = {}, {}
    for p in props:              # entailed: from super-properties and from the inverse
        d, r = set(), set()
        for q in superproperties[p]:
            d |= asserted_dom[q]
            r |= asserted_rng[q]
            if q in inverse:
                d |= asserted_rng[inverse[q]]
                r |= asserted_dom[inverse[q]]
        domain[p], range_[p] = frozenset(d), frozenset(r)

    disjoint = set()
    for a, b in g.subject_objects(OWL.disjointWith):
        disjoint.add(tuple(sorted((expect(a, "class", "?"), expect(b, "class", "?")))))
    for node in g.subjects(RDF.type, OWL.AllDisjointClasses):
        ms = [expect(m, "class", "?") for m in Collection(g, g.value(node, OWL.members))]
        disjoint |= {tuple(sorted((x, y))) for i, x in enumerate(ms) for y in ms[i + 1:]}

    symmetric = frozenset(p for p in props if (URIRef(NS + p), RDF.type, OWL.SymmetricProperty) in g)
    transitive = frozenset(p for p in props if (URIRef(NS + p), RDF.type, OWL.TransitiveProperty) in g)
    vocab = Vocabulary(
        terms=terms, superclasses=supers, subclasses=subclasses,
        superproperties=superproperties, inverse=inverse, domain=domain, range=range_,
        symmetric=symmetric, transitive=transitive, defined=defined,
        disjoint=sorted(disjoint), individuals={n: frozenset(c) for n, c in individuals.items()},
        concluded_only=frozenset(local(c) for c in g.subjects(URIRef(NS + "concludedByRulesOnly"), None)
                                 if local(c)))
    vocab.index = _build_index(vocab, sub_edges, prop_edges, asserted_dom, asserted_rng, inferred)
    return vocab


def _build_index(v, sub_edges, prop_edges, dom, rng, inferred) -> _Index:
    obj = [p for p in v.superproperties if v.is_object_property(p)]
    disj: dict[str, dict] = defaultdict(dict)
    for a, b in v.disjoint:
        disj[a][b] = disj[b][a] = f"{a} ⊓ {b} ⊑ ⊥ (disjoint classes)"
    by_class, by_prop, by_filler = defaultdict(list), defaultdict(list), defaultdict(list)
    for d in v.defined:
        for k in d.conjuncts:
            if k[0] == "class":
                by_class[k[1]].append(d)
            else:
                by_prop[k[1]].append(d)
                if k[2] is not None:
                    by_filler[k[2]].append((d, k[1]))
    return _Index(
        class_supers={c: tuple((b, _chain(c, b, sub_edges, inferred)) for b in sorted(s - {c}))
                      for c, s in v.superclasses.items()},
        prop_supers={p: tuple((q, _chain(p, q, prop_edges, {})) for q in sorted(s - {p}))
                     for p, s in v.superproperties.items()},
        inverse={p: (q, f"{p} ≡ {q}⁻ (inverse properties)") for p, q in v.inverse.items()},
        domain={p: tuple((c, f"{p} has domain {c}") for c in sorted(dom[p])) for p in obj},
        range={p: tuple((c, f"{p} has range {c}") for c in sorted(rng[p])) for p in obj},
        disjoint=dict(disj), by_class={k: tuple(x) for k, x in by_class.items()},
        by_prop={k: tuple(x) for k, x in by_prop.items()},
        by_filler={k: tuple(x) for k, x in by_filler.items()},
        symmetric=v.symmetric, transitive=v.transitive)


# ----------------------------------------------------------------- saturation

def saturate(facts: FactBase, vocab: Vocabulary) -> FactBase:
    """A copy of facts closed under the vocabulary's axioms (established-true facts only).

    Each new triple is processed once: its consequences are looked up in precomputed
    tables and joined against indexes of the facts so far (types by individual, objects
    by (subject, property), subjects by (property, object)). Raises DutyboundError
    (kind='incident') when two facts contradict each other.
    """
    ix = vocab.index
    out = facts.copy()
    true, false = out.true, out.false
    types: dict = defaultdict(set)
    objs: dict = defaultdict(set)
    subjs: dict = defaultdict(set)
    queue: deque = deque()

    def index(t):
        s, p, o = t
        if p == TYPE:
            types[s].add(o)
        else:
            objs[s, p].add(o)
            subjs[p, o].add(s)

    def add(t, detail, premises):
        if t in true:
            return
        if t in false:
            _clash(out, t, t, "a fact cannot be both true and false", Source("axiom", detail, premises))
        true[t] = Source("axiom", detail, premises)
        index(t)
        queue.append(t)

    def check(x, d):
        if (x, TYPE, d.name) in true:
            return
        prem = []
        for k in d.conjuncts:
            if k[0] == "class":
                if k[1] not in types.get(x, ()):
                    return
                prem.append((x, TYPE, k[1]))
            else:
                ys = [y for y in objs.get((x, k[1]), ())
                      if k[2] is None or k[2] in types.get(y, ())]
                if not ys:
                    return
                y = min(ys, key=repr)        # the same proof on every run
                prem.append((x, k[1], y))
                if k[2] is not None:
                    prem.append((y, TYPE, k[2]))
        add((x, TYPE, d.name), d.text(), tuple(prem))

    for t in true:
        index(t)
        queue.append(t)
    while queue:
        t = queue.popleft()
        s, p, o = t
        if p == TYPE:
            for d, why in ix.disjoint.get(o, {}).items():
                if d in types[s]:
                    _clash(out, t, (s, TYPE, d), why)
            for b, why in ix.class_supers.get(o, ()):
                add((s, TYPE, b), why, (t,))
            for d in ix.by_class.get(o, ()):
                check(s, d)
            for d, q in ix.by_filler.get(o, ()):
                for x in list(subjs.get((q, s), ())):
                    check(x, d)
            continue
        for q, why in ix.prop_supers.get(p, ()):
            add((s, q, o), why, (t,))
        is_ind = type(o) is str          # an individual name, not a literal (Text, Money...)
        if p in ix.domain:
            for c, why in ix.domain[p]:
                add((s, TYPE, c), why, (t,))
            if is_ind:
                for c, why in ix.range[p]:
                    add((o, TYPE, c), why, (t,))
                if p in ix.inverse:
                    q, why = ix.inverse[p]
                    add((o, q, s), why, (t,))
                if p in ix.symmetric:
                    add((o, p, s), f"{p} is symmetric", (t,))
                if p in ix.transitive:
                    for z in list(objs.get((o, p), ())):
                        add((s, p, z), f"{p} is transitive", (t, (o, p, z)))
                    for w in list(subjs.get((p, s), ())):
                        add((w, p, o), f"{p} is transitive", ((w, p, s), t))
        for d in ix.by_prop.get(p, ()):
            check(s, d)
    return out


def _describe(fb: FactBase, t, depth=0) -> str:
    """'alice a NaturalPerson' (from 'alice a Consumer' at inc.yaml:3 by Consumer ⊑ ...)."""
    def show(x):
        return f"{x[0]} {x[1]} {x[2]}"
    src = fb.true.get(t) or fb.false.get(t)
    if src is None:
        return f"'{show(t)}'"
    if src.kind != "axiom" or not src.premises:
        where = f"{src.path}:{src.line}" if src.path else src.detail
        return f"'{show(t)}' ({src.kind}: {where})" if where else f"'{show(t)}'"
    if depth >= 2:                # deep proofs: name only the facts they rest on
        leaves = ", ".join(_describe(fb, x, depth) for x, _ in _leaves(fb, t))
        return f"'{show(t)}' (derived from {leaves})"
    from_ = " and ".join(_describe(fb, p, depth + 1) for p in src.premises)
    return f"'{show(t)}' (from {from_} by {src.detail})"


def _leaves(fb: FactBase, t, seen=None) -> list[tuple]:
    """The (triple, Source) pairs outside the ontology that t was derived from."""
    seen = set() if seen is None else seen
    if t in seen:
        return []
    seen.add(t)
    src = fb.true.get(t) or fb.false.get(t)
    if src is None:
        return []
    if src.kind == "axiom" and src.premises:
        return [leaf for p in src.premises for leaf in _leaves(fb, p, seen)]
    return [(t, src)]


def _clash(fb: FactBase, t1, t2, why, pending: Source | None = None):
    """Raise the 'these facts contradict each other' error, pointing at both sources."""
    if pending is not None:       # t1 was about to be derived true; it is established false
        fb2, neg = fb.copy(), fb.false[t1]
        fb2.false.pop(t1, None)
        fb2.true[t1] = pending
        where = f"{neg.path}:{neg.line}" if neg.path else neg.detail
        first = _describe(fb2, t1)
        second = f"'{t1[0]} {t1[1]} {t1[2]}' established false ({neg.kind}: {where})"
        leaves = _leaves(fb2, t1) + [(t1, neg)]
    else:
        first, second = _describe(fb, t1), _describe(fb, t2)
        leaves = _leaves(fb, t1) + _leaves(fb, t2)
    msg = f"these facts contradict each other: {first} and {second}; {why}"
    located = [(t, s) for t, s in leaves if s.path]
    head = located[0][1] if located else Source("axiom", "")
    probs = [Problem(msg, path=head.path, line=head.line,
                     hint="correct or remove one of the two facts")]
    for t, s in located[1:]:
        if (s.path, s.line) != (head.path, head.line):
            probs.append(Problem(f"the other fact: '{t[0]} {t[1]} {t[2]}'", path=s.path,
                                 line=s.line, severity="note"))
            break
    raise DutyboundError(probs, kind="incident")
