"""The compiled ontology (TBox) as plain Python, and where it comes from.

Vocabulary, TermInfo and DefinedClass are what the rest of the engine reads; _Index is
what saturate() needs, precomputed. load_vocabulary() reads ontology/dutybound*.ttl and
returns the compiled Vocabulary (engine/owlcompile.py does the compiling). The result is
cached (dutybound/cache.py: JSON that cannot run code, under $DUTYBOUND_CACHE or
$XDG_CACHE_HOME/dutybound), keyed by a hash of the files and of the compiling code, so a
warm start reads one entry and never imports rdflib.
vocab_graph() gives the same files as an rdflib Graph.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from dutybound.cache import allow, cache_dir, load as load_cache, store as store_cache
from dutybound.errors import DutyboundError, Problem

NS = "https://dutybound.org/ontology#"
# owl:topObjectProperty as a step of a property chain (between two steps only): it
# relates every individual to every other, so `isC ∘ TOP ∘ isD ⊑ p` relates each
# member of C to each member of D (the OWL 2 idiom for a product of two classes)
TOP = "owl:topObjectProperty"
ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "knowledge" / "ontology"   # the shipped one


@dataclass(frozen=True)
class TermInfo:
    name: str
    kind: str            # class | object_property | datatype_property | individual | datatype
    label_en: str | None
    label_zh: str | None
    comment_en: str | None
    comment_zh: str | None
    iri: str
    sentence_en: str | None = None   # db:sentence templates: how a fact with the term reads
    sentence_zh: str | None = None


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
    chains: dict = field(default_factory=dict)   # p -> ((target, (p1..pn), i, "p1 ∘ ... ⊑ target"), ...)
    selfs: dict = field(default_factory=dict)    # C -> ((r, "C ⊑ ∃r.Self"), ...)
    disjoint_props: dict = field(default_factory=dict)   # p -> {q: "p ⊓ q ⊑ ⊥"}


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
    # properties with at most one value per subject (owl:FunctionalProperty): a stated
    # value rules out every other (engine/completion.py)
    functional: frozenset = frozenset()
    # datatype properties every subject of their domain has a value of (db:alwaysHasValue)
    always_valued: frozenset = frozenset()
    # classes whose members are the individuals stated to be members, never an unknown
    # one (db:listedCompletely: a business calendar is one the incident defines)
    listed_completely: frozenset = frozenset()
    # owl:propertyChainAxiom: ((target, (p1, ..., pn)), ...), p1 ∘ ... ∘ pn ⊑ target
    chains: tuple = ()
    # C -> ((r, F), ...): every member of C is the object of some `x r C-member` with x
    # in F (told C ⊑ ∃r⁻.F): a business premises has an operator, stated or not
    # (engine/ground.py completes who, docs/semantics.md §9.2)
    object_of: dict = field(default_factory=dict)
    # p -> (q, ...): an unstated `?x p o` whose subject the rules constrain only as a
    # party is asked of each x with `x q o` settled (db:askedAmong)
    asked_among: dict = field(default_factory=dict)
    # p -> (q, ...): an unstated `s p o` beside the stated values of p for s is asked
    # where some y has `y q s` and `y q o` settled (db:askedThrough: whether a notice
    # concerns the payment the same fault is in)
    asked_through: dict = field(default_factory=dict)
    # p -> {C: n} for C ⊑ ≥n p (owl:minCardinality): a member with fewer stated values
    # of p has others, asked among what could be one (a joint account's second holder);
    # keyed by p, so that the grounder passes every other property at once
    least_values: dict = field(default_factory=dict)
    # p -> (C, ...): a further value of p that the incident does not state is not asked
    # of a settled member of C (db:notAskedOf: whether a third party holds the account)
    not_asked_of: dict = field(default_factory=dict)
    # pairs (p, q) of object properties no two individuals are linked by both
    # (owl:propertyDisjointWith, closed under sub-properties and inverses: an account's
    # provider is not its holder), both orders
    disjoint_properties: frozenset = frozenset()

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


allow(TermInfo, DefinedClass, _Index, Vocabulary)    # what the cache may build


# ----------------------------------------------------------------- loading and caching

_MEMO: dict[str, Vocabulary] = {}
_COMPILER = ("vocabulary.py", "owlcompile.py")
_SALT: bytes | None = None


def default_paths() -> list[Path]:
    """ontology/dutybound*.ttl of the default knowledge base (or under $DUTYBOUND_ONTOLOGY);
    shapes.ttl is not OWL."""
    from dutybound.kb.locate import default_root
    base = Path(os.environ.get("DUTYBOUND_ONTOLOGY") or default_root() / "ontology")
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


def _salt() -> bytes:
    """A hash of the code that defines and builds the cached Vocabulary (this module and
    owlcompile.py): an entry made by other code is never read back."""
    global _SALT
    if _SALT is None:
        h = hashlib.sha256()
        here = Path(__file__).parent
        for name in _COMPILER:
            h.update(name.encode() + b"\0" + (here / name).read_bytes())
        _SALT = h.digest()
    return _SALT


def load_vocabulary(paths=None) -> Vocabulary:
    blobs = _read(paths)
    h = hashlib.sha256(_salt())                         # a compiler change invalidates
    for p, data in blobs:
        h.update(p.name.encode() + b"\0" + hashlib.sha256(data).digest())
    key = h.hexdigest()
    if key in _MEMO:
        return _MEMO[key]
    cached = cache_dir() / f"vocabulary-{key[:40]}.json"
    vocab = load_cache(cached, key)
    if not isinstance(vocab, Vocabulary) or vocab.key != key:   # missing, corrupt or stale
        from dutybound.engine.owlcompile import _compile
        vocab = _compile(_parse(blobs), blobs)
        vocab.key = key
        store_cache(cached, vocab, key)
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
