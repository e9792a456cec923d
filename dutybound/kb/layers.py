"""Layering: the shipped knowledge base, then each rule pack over it, as one whole.

Every layer adds ontology terms, rule files, statute (or policy) texts and SHACL
shapes; the ontology is compiled from all the Turtle together and the one checker
(rules/checker.py) then checks every rule file against the whole, so a pack's error
reads exactly like one in the shipped rules (path:line:col, the line, a hint). A pack
cannot silently replace what is under it: a provision, rule or text id that a lower
layer already has is an error.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from dutybound.errors import DutyboundError, Problem
from dutybound.kb.packs import RulePack, pack_paths, read_pack


@dataclass
class Layers:
    root: Path
    packs: list                       # RulePack, in the order they were laid
    ontology: list                    # Turtle files (OWL), shipped first
    shapes: list                      # SHACL files
    files: list                       # parsed rule files (rules.ast.RuleFile)
    law: dict                         # text id -> entry (rules.loader.load_law_texts)
    provision_packs: dict = field(default_factory=dict)   # provision id -> RulePack
    digest: str = ""


def load_layers(root: Path, packs=None) -> Layers:
    """The shipped knowledge base at root with the packs over it. `packs` is a list of
    folders (or RulePacks); None means those named by $DUTYBOUND_KB."""
    from dutybound.rules.loader import load_law_texts, load_rule_dir
    packs = [p if isinstance(p, RulePack) else read_pack(p)
             for p in (pack_paths() if packs is None else packs)]
    _distinct_names(packs)
    ontology = ontology_files(root, packs)
    shapes = [root / "ontology" / "shapes.ttl"] if (root / "ontology" / "shapes.ttl").exists() else []
    files = load_rule_dir(root / "rules")
    law = load_law_texts(root / "law" / "texts")
    provision_packs: dict = {}
    problems: list[Problem] = []
    for pack in packs:
        shapes += pack.shape_files()
        pack_files = load_rule_dir(pack.rules_dir())
        files += pack_files
        for f in pack_files:
            for prov in f.provisions:
                provision_packs.setdefault(prov.id, pack)
        if pack.texts_dir():
            for tid, entry in load_law_texts(pack.texts_dir()).items():
                if tid in law:
                    problems.append(Problem(
                        f"rule pack {pack.label}: text id '{tid}' is already in {law[tid]['path']}",
                        entry["path"], hint="give the pack's text another id"))
                else:
                    law[tid] = entry
    if problems:
        raise DutyboundError(problems, kind="rules")
    return Layers(root, packs, ontology, shapes, files, law, provision_packs,
                  layered_digest(root, packs))


def ontology_files(root: Path, packs=()) -> list[Path]:
    """The OWL files of every layer: ontology/dutybound*.ttl, then each pack's ontology/*.ttl."""
    files = sorted((root / "ontology").glob("dutybound*.ttl"))
    for pack in packs:
        files += pack.ontology_files()
    return files


def _distinct_names(packs) -> None:
    seen: dict = {}
    for p in packs:
        if p.name in seen:
            raise DutyboundError(Problem(
                f"two rule packs are named '{p.name}': {seen[p.name].path} and {p.path}",
                str(p.path / "pack.yaml"), hint="give each pack its own name"), kind="rules")
        seen[p.name] = p


def layered_digest(root: Path, packs) -> str:
    """A hash of every file that decides an outcome, in every layer: the KB's version."""
    h = hashlib.sha256()
    layers = [(root, ("ontology", "*.ttl"), ("rules", "**/*.md"), ("law/texts", "*.yaml"))]
    layers += [(p.path, ("ontology", "*.ttl"), ("shapes", "*.ttl"), ("rules", "**/*.md"),
                ("law/texts", "*.yaml"), (".", "pack.yaml")) for p in packs]
    for base, *globs in layers:
        for folder, pattern in globs:
            for f in sorted((base / folder).glob(pattern)):
                h.update(str(f.relative_to(base)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]
