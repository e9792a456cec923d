"""The knowledge base: ontology, provisions and rules, loaded and checked once.

    kb = KnowledgeBase.load()            # ontology + rules/ + law/texts, cached
    a = kb.assess("examples/cn/....yaml")
    a.to_json()

A KnowledgeBase is read-only after loading, so one instance serves many
assessments (threads included).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from dutybound.engine.facts import FactBase
from dutybound.errors import DutyboundError, Problem

# Lex superior: the rank of a provision's source. A statute or code outranks
# an administrative regulation, which outranks a judicial interpretation
# applying it (Legislation Law of the PRC, Arts. 98-99 order the first two;
# interpretations apply statutes and cannot override them).
RANK = {"statute": 3, "code": 3, "directive": 3, "regulation": 2, "interpretation": 1}


def _met_against_breach(r1, r2):
    """The rule that concludes a duty met (`not breach`) when the other concludes
    it breached, else None (docs/semantics.md §6)."""
    from dutybound.rules.ast import BreachHead
    def sign(r):
        signs = {not h.negated for h in r.heads if isinstance(h, BreachHead)}
        return signs.pop() if len(signs) == 1 else None
    s1, s2 = sign(r1), sign(r2)
    if s1 is None or s2 is None or s1 == s2:
        return None
    return r2 if s1 else r1


def project_root() -> Path:
    """The knowledge base folder to load by default (dutybound.kb.locate)."""
    from dutybound.kb.locate import default_root
    return default_root()


@dataclass
class KnowledgeBase:
    root: Path
    vocab: object
    files: list
    law_texts: dict
    provisions: dict = field(default_factory=dict)
    rules: list = field(default_factory=list)
    strata: list = field(default_factory=list)       # list of lists of rules
    rules_by_id: dict = field(default_factory=dict)
    digest: str = ""          # a hash of the ontology, rule and statute files: the KB's version
    applications: dict = field(default_factory=dict)   # id -> ast.Application (law in time)
    limitations: dict = field(default_factory=dict)    # id -> ast.Limitation
    successors: dict = field(default_factory=dict)     # provision id -> provisions replacing it
    packs: list = field(default_factory=list)        # rule packs laid over it (kb/packs.py)
    shapes: list = field(default_factory=list)       # SHACL files, shipped and the packs'
    provision_packs: dict = field(default_factory=dict)   # provision id -> the pack that has it

    def __repr__(self) -> str:
        # short: a failing test or a log prints it, and the whole base runs to gigabytes
        return (f"KnowledgeBase(root={str(self.root)!r}, {len(self.provisions)} provisions, "
                f"{len(self.rules)} rules, packs={[str(p) for p in self.packs]!r}, digest={self.digest[:12]!r})")

    def _repr_pretty_(self, printer, cycle) -> None:
        # hypothesis and IPython print through this, not __repr__
        printer.text(repr(self))

    @classmethod
    def load(cls, root: str | Path | None = None, packs=None) -> "KnowledgeBase":
        """The knowledge base at root (default: the shipped one) with rule packs laid
        over it: `packs` lists their folders; None means those in $DUTYBOUND_KB."""
        from dutybound.engine.ontology import load_vocabulary
        from dutybound.kb.layers import load_layers
        from dutybound.rules.checker import check, stratify
        root = Path(root) if root else project_root()
        if not (root / "ontology").is_dir() or not (root / "rules").is_dir():
            raise DutyboundError(Problem(
                f"no knowledge base at {root}: expected folders ontology/ and rules/",
                hint="reinstall dutybound (the knowledge base ships inside the package), or set "
                     "DUTYBOUND_HOME to a folder holding ontology/, rules/ and law/texts/"), kind="file")
        layers = load_layers(root, packs)
        vocab = load_vocabulary(layers.ontology)
        files, law = layers.files, layers.law
        problems = [p for p in check(files, vocab, law) if p.severity == "error"]
        if problems:
            raise DutyboundError(problems, kind="rules")
        kb = cls(root, vocab, files, law, packs=layers.packs, shapes=layers.shapes,
                 provision_packs=layers.provision_packs)
        for f in files:
            for p in f.provisions:
                kb.provisions[p.id] = p
            kb.rules.extend(f.rules)
        kb.rules_by_id = {r.id: r for r in kb.rules}
        kb._law_in_time(files)
        kb.strata = stratify(kb.rules, vocab)
        kb.digest = layers.digest
        return kb

    def _law_in_time(self, files) -> None:
        for f in files:
            self.applications.update({a.id: a for a in getattr(f, "applications", ())})
            self.limitations.update({x.id: x for x in getattr(f, "limitations", ())})
        for p in self.provisions.values():
            for old in p.replaces + p.renumbers:
                if old in self.provisions:
                    self.successors.setdefault(old, []).append(p)

    # -- law in force --------------------------------------------------
    def in_force(self, provision, on: dt.date) -> bool:
        return provision.effective <= on and (provision.repealed is None or on < provision.repealed)

    def select(self, on, jurisdiction: str | None):
        """Strata restricted to the rules of the jurisdiction that can govern
        the incident's facts, and the provisions left out. `on` is the
        assessment's law in time (engine's LawInTime: docs/semantics.md §3), or
        a date: the rules in force on that one day."""
        if hasattr(on, "select"):
            return on.select()
        excluded = {}
        keep = set()
        for r in self.rules:
            p = self.provisions[r.cites]
            if jurisdiction and p.jurisdiction != jurisdiction:
                continue
            if self.in_force(p, on):
                keep.add(r.id)
            else:
                excluded[p.id] = p
        strata = [[r for r in s if r.id in keep] for s in self.strata]
        return strata, excluded

    # -- priorities ----------------------------------------------------
    def priority(self, r1, r2):
        """Which of two rules with contradicting conclusions wins, and why;
        None when no priority decides (an unresolved conflict)."""
        if r2.id in r1.overrides:
            return r1, f"rule {r1.id} overrides {r2.id}"
        if r1.id in r2.overrides:
            return r2, f"rule {r2.id} overrides {r1.id}"
        p1, p2 = self.provisions[r1.cites], self.provisions[r2.cites]
        if p1.id == p2.id:
            return None
        met = _met_against_breach(r1, r2)
        if met is not None:          # a duty is met only where no provision's requirement is breached
            won, lost = (r1, p2) if met is r2 else (r2, p1)
            kept = self.provisions[won.cites]
            return won, (f"a breach of {kept.title} is not answered by meeting "
                         f"{lost.title}")
        k1, k2 = RANK.get(p1.rank, 0), RANK.get(p2.rank, 0)
        if k1 != k2:
            hi, lo, r = (p1, p2, r1) if k1 > k2 else (p2, p1, r2)
            return r, f"lex superior: {hi.title} ({hi.rank}) ranks above {lo.title} ({lo.rank})"
        if p2.id in p1.specialises:
            return r1, f"lex specialis: {p1.title} is the special rule for {p2.title}"
        if p1.id in p2.specialises:
            return r2, f"lex specialis: {p2.title} is the special rule for {p1.title}"
        if p1.effective != p2.effective and p1.jurisdiction == p2.jurisdiction:
            new, old, r = (p1, p2, r1) if p1.effective > p2.effective else (p2, p1, r2)
            return r, (f"lex posterior: {new.title} (in force {new.effective}) is later than "
                       f"{old.title} (in force {old.effective})")
        return None

    # -- assessing -----------------------------------------------------
    def load_incident(self, path):
        from dutybound.load.incident import load_incident
        return load_incident(path, self.vocab, shapes=self.shapes)

    def load_incident_text(self, text: str, label: str):
        """An incident given as text (pasted into the web app) under the name `label`,
        whose suffix says the format: the same checks and shapes as a file's."""
        from dutybound.load.incident import load_incident_text
        return load_incident_text(text, label, self.vocab, shapes=self.root / "ontology" / "shapes.ttl")

    def assess(self, incident, as_of: dt.date | None = None, assume=(),
               jurisdiction: str | None = None, open_questions: bool = True,
               decided_on: dt.date | None = None):
        """Assesses an incident (a path or a loaded Incident). `assume` is a
        list of what-if toggles ("pay1 causedByFaultOf alice=true").
        `decided_on` is the decision date (default: the incident's
        proceedings, else today); `as_of` takes every fact and the decision
        as of one date (docs/semantics.md §3)."""
        from dutybound.engine.report import assess_incident
        if not hasattr(incident, "facts"):
            incident = self.load_incident(incident)
        return assess_incident(self, incident, as_of=as_of, assume=assume,
                               jurisdiction=jurisdiction, open_questions=open_questions,
                               decided_on=decided_on)

    def saturate(self, facts: FactBase) -> FactBase:
        from dutybound.engine.ontology import saturate
        return saturate(facts, self.vocab)
