"""Compiling the ontology's Turtle (an rdflib Graph) into a Vocabulary.

_compile() checks every db: name is declared, reads the class and property hierarchy,
inverses, domains and ranges, disjointness and the defined classes (C == A and some
p.B), property chains (p1 ∘ ... ∘ pn ⊑ p; owl:topObjectProperty between two steps)
and self restrictions (C ⊑ ∃r.Self), classifies the defined classes by structural
subsumption, and precomputes the tables saturate() looks up (_build_index). Only named
classes, intersections, someValuesFrom restrictions and (in rdfs:subClassOf) hasSelf and
minCardinality restrictions are compiled; anything else is refused with the file and line.
rdflib is imported only here, inside _compile(), so a warm start never loads it.
"""
from __future__ import annotations

from collections import defaultdict

from dutybound.engine.vocabulary import NS, TOP, DefinedClass, TermInfo, Vocabulary, _Index
from dutybound.errors import DutyboundError, Problem, did_you_mean
from dutybound.rules.graph import reachable, shortest_path

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
        out[n] = frozenset(reachable(n, edges))
    return out


def _chain(a, b, edges, inferred) -> str:
    """Human text of the shortest subsumption path a ⊑ ... ⊑ b (breadth first), with
    the reasons for any step that was inferred rather than asserted."""
    path = shortest_path(a, b, lambda n: sorted(edges.get(n, ())))
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
                         text(URIRef(NS + n), RDFS.comment, "zh"), NS + n,
                         text(URIRef(NS + n), URIRef(NS + "sentence"), "en"),
                         text(URIRef(NS + n), URIRef(NS + "sentence"), "zh"))
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
    stated_some: dict[str, set] = defaultdict(set)  # the same, stated with rdfs:subClassOf only
    self_of: dict[str, set] = defaultdict(set)      # C ⊑ ∃r.Self
    least: dict[str, dict] = defaultdict(dict)      # C ⊑ ≥n p: p -> {C: n}
    defined: list[DefinedClass] = []
    for c in classes:
        node = URIRef(NS + c)
        for sup in g.objects(node, RDFS.subClassOf):
            if isinstance(sup, BNode) and (sup, OWL.hasSelf, None) in g:
                # C ⊑ ∃r.Self: every member is related to itself (the OWL 2 way to let a
                # property chain end on members of C only)
                if str(g.value(sup, OWL.hasSelf)).lower() != "true":
                    raise _ontology_error(f"db:{c}: only 'owl:hasSelf true' is compiled", c, blobs)
                self_of[c].add(expect(g.value(sup, OWL.onProperty), "object_property", c))
                continue
            if isinstance(sup, BNode) and (sup, OWL.minCardinality, None) in g:
                # C ⊑ ≥n p: every member has n values of p or more (a joint account has
                # two holders or more); read where an incident states fewer (§9.2)
                n = g.value(sup, OWL.minCardinality).toPython()
                if not isinstance(n, int) or n < 1:
                    raise _ontology_error(f"db:{c}: owl:minCardinality must be a positive "
                                          "integer", c, blobs)
                least[expect(g.value(sup, OWL.onProperty), "object_property", c)][c] = n
                continue
            for conj in conjuncts(sup, c):
                if conj[0] == "class":
                    sub_edges[c].add(conj[1])
                else:
                    told_some[c].add(conj[1:])
                    stated_some[c].add(conj[1:])
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
    chains = []                  # p1 ∘ ... ∘ pn ⊑ p (owl:propertyChainAxiom)
    for p in props:
        for lst in g.objects(URIRef(NS + p), OWL.propertyChainAxiom):
            steps = tuple(TOP if m == OWL.topObjectProperty else expect(m, "object_property", p)
                          for m in Collection(g, lst))
            if kinds[p] != "object_property" or len(steps) < 2:
                raise _ontology_error(f"db:{p}: a property chain needs an object property and "
                                      "at least two steps", p, blobs)
            if TOP in (steps[0], steps[-1]):
                # a product with every individual: each triple of the other steps would
                # give one to every individual of the incident
                raise _ontology_error(f"db:{p}: owl:topObjectProperty is compiled only between "
                                      "two steps of a property chain", p, blobs,
                                      hint="end it on both sides on a self restriction: "
                                      "isC ∘ owl:topObjectProperty ∘ isD")
            chains.append((p, steps))

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
    object_of = {}               # C ⊑ ∃q.F with q ≡ r⁻: each member of C is the object of an r
    for c in classes:
        hits = {(inverse[q], f) for b in supers[c] for q, f in stated_some.get(b, ()) if q in inverse}
        if hits:
            object_of[c] = tuple(sorted(hits, key=repr))

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

    asked_among = _links_between_properties(g, "askedAmong", expect, local)
    asked_through = _links_between_properties(g, "askedThrough", expect, local)
    disjoint_props = _disjoint_properties(g, expect, local, props, superproperties, inverse)
    symmetric = frozenset(p for p in props if (URIRef(NS + p), RDF.type, OWL.SymmetricProperty) in g)
    transitive = frozenset(p for p in props if (URIRef(NS + p), RDF.type, OWL.TransitiveProperty) in g)
    vocab = Vocabulary(
        terms=terms, superclasses=supers, subclasses=subclasses,
        superproperties=superproperties, inverse=inverse, domain=domain, range=range_,
        symmetric=symmetric, transitive=transitive, defined=defined,
        disjoint=sorted(disjoint), individuals={n: frozenset(c) for n, c in individuals.items()},
        concluded_only=frozenset(local(c) for c in g.subjects(URIRef(NS + "concludedByRulesOnly"), None)
                                 if local(c)),
        functional=frozenset(p for p in props if (URIRef(NS + p), RDF.type, OWL.FunctionalProperty) in g),
        always_valued=frozenset(local(c) for c in g.subjects(URIRef(NS + "alwaysHasValue"), None)
                                if local(c)),
        listed_completely=frozenset(local(c) for c in g.subjects(URIRef(NS + "listedCompletely"), None)
                                    if local(c)),
        chains=tuple(sorted(chains)), object_of=object_of, asked_among=asked_among,
        asked_through=asked_through, least_values=dict(least),
        not_asked_of=_links_between_properties(g, "notAskedOf", expect, local, to="class"),
        disjoint_properties=disjoint_props)
    vocab.index = _build_index(vocab, sub_edges, prop_edges, asserted_dom, asserted_rng, inferred)
    vocab.index.selfs = {c: tuple((r, f"{b} ⊑ ∃{r}.Self") for b in sorted(supers[c])
                                  for r in sorted(self_of.get(b, ())))
                         for c in classes if any(self_of.get(b) for b in supers[c])}
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
        symmetric=v.symmetric, transitive=v.transitive, chains=_chains_by_step(v.chains),
        disjoint_props=_disjoint_props_index(v))


def _chains_by_step(chains) -> dict:
    """step property -> ((target, steps, position, axiom text), ...): a new triple of
    any step may complete a chain (saturate.Closure joins the rest)."""
    out = defaultdict(list)
    for target, steps in chains:
        why = f"{' ∘ '.join(steps)} ⊑ {target} (property chain)"
        for i, q in enumerate(steps):
            out[q].append((target, steps, i, why))
    return {q: tuple(x) for q, x in out.items()}


def _disjoint_properties(g, expect, local, props, superproperties, inverse) -> frozenset:
    """owl:propertyDisjointWith between object properties, as pairs in both orders,
    closed under sub-properties (a sub-property of p is disjoint with q too) and
    inverses (p ⊓ q ⊑ ⊥ gives p⁻ ⊓ q⁻ ⊑ ⊥)."""
    from rdflib.namespace import OWL
    told = set()
    for a, b in g.subject_objects(OWL.propertyDisjointWith):
        owner = local(a) or "?"
        told.add((expect(a, "object_property", owner), expect(b, "object_property", owner)))
    out = set()
    for a, b in told:
        pairs = [(a, b)] + ([(inverse[a], inverse[b])] if a in inverse and b in inverse else [])
        for x, y in pairs:
            subs_x = [p for p in props if x in superproperties[p]]
            subs_y = [p for p in props if y in superproperties[p]]
            out |= {(p, q) for p in subs_x for q in subs_y} | {(q, p) for p in subs_x for q in subs_y}
    return frozenset(out)


def _disjoint_props_index(v) -> dict:
    out: dict = defaultdict(dict)
    for p, q in sorted(v.disjoint_properties):
        out[p][q] = f"{p} ⊓ {q} ⊑ ⊥ (disjoint properties)"
    return dict(out)


def _links_between_properties(g, name, expect, local, to="object_property") -> dict:
    """p -> (q, ...) for each `p db:<name> q` (db:askedAmong, db:askedThrough: both
    object properties; db:notAskedOf: q a class, `to`); a term of another kind is
    reported where it is declared."""
    from rdflib import URIRef           # as compile_vocabulary: rdflib only when compiling
    out: dict = defaultdict(tuple)
    for a, b in sorted(g.subject_objects(URIRef(NS + name))):
        owner = local(a) or name
        out[expect(a, "object_property", owner)] += (expect(b, to, owner),)
    return dict(out)
