"""Check the ontology with a DL reasoner: HermiT through owlready2 (needs Java).

This runs when the ontology changes (tests, CI, `dutybound check`), never per incident:
HermiT costs about half a second of JVM start even on a small ontology (TECH-NOTES.md).
owlready2 does not read Turtle, so the files are parsed with rdflib and handed over as
N-Triples in a temporary file.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field

from dutybound.errors import DutyboundError, Problem

# xsd:date is not in the OWL 2 datatype map; HermiT refuses it unless told to treat
# datatypes it does not know as opaque. db:Money is defined (a pattern over xsd:string).
_OUTSIDE_DATATYPE_MAP = ("http://www.w3.org/2001/XMLSchema#date",)


@dataclass
class ConsistencyReport:
    consistent: bool                 # the ontology has a model
    unsatisfiable: list = field(default_factory=list)   # named classes equivalent to ⊥
    inferred: list = field(default_factory=list)        # (sub, super): found by HermiT, not told
    message: str = ""
    seconds: float = 0.0
    opaque_datatypes: list = field(default_factory=list)
    ancestors: dict = field(default_factory=dict)       # class -> named superclasses (reflexive)

    @property
    def coherent(self) -> bool:
        return self.consistent and not self.unsatisfiable


def _java() -> str:
    import owlready2
    exe = owlready2.JAVA_EXE
    found = shutil.which(exe) or (exe if os.path.isfile(exe) and os.access(exe, os.X_OK) else None)
    if not found:
        raise DutyboundError(Problem(
            f"cannot run HermiT: no Java runtime found (looked for '{exe}')",
            hint="HermiT, the OWL reasoner, runs on Java: install a runtime (Debian/Ubuntu: "
                 "'apt-get install default-jre-headless') or point owlready2.JAVA_EXE at java"),
            kind="ontology")
    return found


def check_consistency(paths=None) -> ConsistencyReport:
    """Load the ontology into owlready2, run HermiT, report consistency and what it
    inferred about the named class hierarchy beyond the told (asserted) subsumptions."""
    import owlready2
    from dutybound.engine.ontology import NS, _read, _parse

    _java()
    blobs = _read(paths)
    graph = _parse(blobs)
    fd, tmp = tempfile.mkstemp(suffix=".nt", prefix="dutybound-owl-")
    os.close(fd)
    try:
        graph.serialize(destination=tmp, format="nt", encoding="utf-8")
        world = owlready2.World()
        world.get_ontology("file://" + tmp).load()
        classes = [c for c in world.classes() if c.iri.startswith(NS)]
        told = {c.name: {a.name for a in c.ancestors() if a.iri.startswith(NS)} for c in classes}
        with open(tmp, encoding="utf-8") as f:
            nt = f.read()
        opaque = [d for d in _OUTSIDE_DATATYPE_MAP if f"<{d}>" in nt]
        t0 = time.perf_counter()
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                           ignore_unsupported_datatypes=bool(opaque))
        except owlready2.OwlReadyInconsistentOntologyError:
            return ConsistencyReport(False, message=_inconsistent(paths),
                                     seconds=time.perf_counter() - t0, opaque_datatypes=opaque)
        except owlready2.OwlReadyJavaError as e:
            raise DutyboundError(Problem(f"HermiT failed: {str(e).strip()[:2000]}",
                                         path=str(blobs[0][0])), kind="ontology") from None
        seconds = time.perf_counter() - t0
        unsat = sorted(c.name for c in world.inconsistent_classes() if c.iri.startswith(NS))
        inferred = sorted((c.name, a.name) for c in classes for a in c.ancestors()
                          if a.iri.startswith(NS) and a.name not in told[c.name])
        msg = ("consistent and coherent" if not unsat else
               "consistent, but these classes can have no members: " + ", ".join(unsat))
        ancestors = {c.name: frozenset(a.name for a in c.ancestors() if a.iri.startswith(NS))
                     for c in classes}
        return ConsistencyReport(True, unsat, inferred, msg, seconds, opaque, ancestors)
    finally:
        os.unlink(tmp)


def _inconsistent(paths) -> str:
    """Say why, where we can: apply our own compiled axioms to the ontology's named
    individuals, which finds the usual cause (an individual in two disjoint classes)."""
    from dutybound.engine.facts import FactBase, Source
    from dutybound.engine.ontology import _compile, _parse, _read, saturate

    base = ("HermiT found the ontology inconsistent: no interpretation satisfies all its "
            "axioms")
    try:
        blobs = _read(paths)
        vocab = _compile(_parse(blobs), blobs)
        fb = FactBase()
        for name, classes in vocab.individuals.items():
            for c in classes:
                fb.add((name, "a", c), Source("axiom", "asserted in the ontology"))
        saturate(fb, vocab)
    except DutyboundError as e:
        return f"{base}: {e.problems[0].message}"
    return (base + "; look for an individual asserted in two disjoint classes, or a "
            "domain or range that clashes with a disjointness axiom")
