"""Rule packs: a user's own rules, laid over the shipped knowledge base.

A rule pack is a folder:

    my-pack/
      pack.yaml          name, version (required); title, description (optional)
      rules/**/*.md      rule files, in the rule language (docs/rule-language.md)
      ontology/*.ttl     optional: OWL terms the rules need (db: namespace)
      shapes/*.ttl       optional: SHACL shapes for incidents
      law/texts/*.yaml   optional: the texts the pack's provisions quote (law/texts format)
      cases/             optional: incidents that exercise the pack (golden cases)

`--kb DIR` (repeatable) and $DUTYBOUND_KB (folders separated by the path separator,
`:` on Linux) name the packs; dutybound/kb/layers.py loads them over the shipped
knowledge base and the one checker checks the whole.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from dutybound.errors import DutyboundError, Problem, did_you_mean
from dutybound.load.nodes import load_yaml_file

MANIFEST = "pack.yaml"
ENV = "DUTYBOUND_KB"
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
_KEYS = {"name", "version", "title", "description"}


@dataclass(frozen=True)
class RulePack:
    name: str
    version: str
    path: Path
    title: str = ""
    description: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"

    def rules_dir(self) -> Path:
        return self.path / "rules"

    def ontology_files(self) -> list[Path]:
        return sorted((self.path / "ontology").glob("*.ttl"))

    def shape_files(self) -> list[Path]:
        return sorted((self.path / "shapes").glob("*.ttl"))

    def texts_dir(self) -> Path | None:
        d = self.path / "law" / "texts"
        return d if d.is_dir() else None

    def cases(self) -> list[Path]:
        base = self.path / "cases"
        return sorted(p for p in base.rglob("*") if p.suffix in (".yaml", ".yml", ".json", ".ttl"))

    def to_json(self) -> dict:
        return {"name": self.name, "version": self.version, "title": self.title, "path": str(self.path)}


def pack_paths(cli: list | tuple = (), env: str | None = None) -> list[Path]:
    """The packs to load: those in $DUTYBOUND_KB, then those given with --kb, each once."""
    env = os.environ.get(ENV, "") if env is None else env
    out: list[Path] = []
    for p in [*env.split(os.pathsep), *cli]:
        if p and Path(p).resolve() not in [q.resolve() for q in out]:
            out.append(Path(p))
    return out


def read_pack(folder) -> RulePack:
    """Reads a pack's manifest; every problem names the file, line and column."""
    base = Path(folder)
    if not base.is_dir():
        raise DutyboundError(Problem(f"no rule pack at {base}: not a folder",
                                     hint="--kb and DUTYBOUND_KB name folders holding pack.yaml and rules/"),
                             kind="file")
    manifest = base / MANIFEST
    if not manifest.is_file():
        raise DutyboundError(Problem(
            f"{base} is not a rule pack: it has no {MANIFEST}", str(manifest),
            hint="add pack.yaml with 'name: my-pack' and 'version: \"1.0.0\"' (docs/rule-packs.md)"),
            kind="file")
    text = manifest.read_text(encoding="utf-8")
    root = load_yaml_file(text, str(manifest), kind="rules", compose=True)
    problems: list[Problem] = []

    def at(node, message, hint=None):
        mark = node.start_mark
        problems.append(Problem(message, str(manifest), mark.line + 1, mark.column + 1,
                                max(1, len(str(getattr(node, "value", "")))) if isinstance(node, yaml.ScalarNode) else 1,
                                hint))

    if not isinstance(root, yaml.MappingNode):
        raise DutyboundError(Problem("pack.yaml must be a mapping with name and version", str(manifest), 1, 1,
                                     hint='name: my-pack\nversion: "1.0.0"'), kind="rules")
    fields = {}
    for k, v in root.value:
        if k.value not in _KEYS:
            at(k, f"unknown key '{k.value}' in pack.yaml",
               did_you_mean(k.value, _KEYS) or f"expected {', '.join(sorted(_KEYS))}")
        elif not isinstance(v, yaml.ScalarNode):
            at(v, f"'{k.value}' must be a single value")
        else:
            fields[k.value] = (v, v.value)
    for key in ("name", "version"):
        if key not in fields:
            at(root, f"pack.yaml has no '{key}'", f"add '{key}: ...'" if key == "name" else 'add version: "1.0.0"')
    if "name" in fields and not _NAME.match(fields["name"][1]):
        at(fields["name"][0], f"pack name '{fields['name'][1]}' is not a plain name",
           "use lower-case letters, digits, '.', '-' and '_', e.g. acme-payments-policy")
    if not (base / "rules").is_dir():
        problems.append(Problem(f"rule pack {base} has no rules/ folder", str(base),
                                hint="put the pack's rule files (*.md) under rules/"))
    if problems:
        raise DutyboundError(problems, kind="rules")
    get = lambda k: str(fields[k][1]) if k in fields else ""     # noqa: E731
    return RulePack(get("name"), get("version"), base.resolve(), get("title"), get("description"))
