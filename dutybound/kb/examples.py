"""The bundled examples: listing them, and copying them out of an installed package.

Someone who installed the wheel has no clone to run `dutybound assess examples/...` in;
`dutybound examples` shows where the examples are, and `dutybound examples --copy DIR`
puts a copy where they can be read, changed and assessed.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from dutybound.errors import DutyboundError, Problem

SUFFIXES = (".yaml", ".yml", ".json", ".ttl", ".jsonld")
FIRST = "cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"


def examples_root() -> Path:
    from dutybound.kb.locate import default_root
    return default_root() / "examples"


def incident_files(root: Path, suffixes=SUFFIXES) -> list[Path]:
    """The example incidents under an examples folder, without the rule packs in kb/
    (their files and cases are assessed with their pack: `dutybound check --kb`)."""
    return sorted(p for p in Path(root).rglob("*")
                  if p.suffix.lower() in suffixes and "kb" not in p.relative_to(root).parts[:1])


def list_examples(root: Path | None = None) -> list[dict]:
    """Every example incident under root: {name, path, title, jurisdiction}, sorted by name.
    `name` is the path relative to the examples folder (cn/....yaml)."""
    root = root or examples_root()
    out = []
    for p in incident_files(root):
        out.append({"name": p.relative_to(root).as_posix(), "path": str(p),
                    "title": _title(p), "folder": p.relative_to(root).parts[0]})
    return out


def _title(p: Path) -> str | None:
    if p.suffix.lower() not in (".yaml", ".yml"):
        return None
    try:
        data = yaml.load(p.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return str(data.get("title")) if isinstance(data, dict) and data.get("title") else None


def copy_examples(dest: Path, root: Path | None = None, force: bool = False) -> list[Path]:
    """Copies the examples folder's files into dest (created if missing). A file already
    there with other content is an error unless force; the same content is left alone."""
    root = root or examples_root()
    files = [p for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    clashes = []
    for p in files:
        target = dest / p.relative_to(root)
        if target.exists() and (not target.is_file() or target.read_bytes() != p.read_bytes()):
            clashes.append(target)
    if clashes and not force:
        raise DutyboundError(Problem(
            f"{len(clashes)} file(s) in {dest} differ from the bundled examples", str(clashes[0]),
            hint="copy into an empty folder, or pass --force to overwrite them"), kind="file")
    written = []
    try:
        for p in files:
            target = dest / p.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not (target.is_file() and target.read_bytes() == p.read_bytes()):
                shutil.copyfile(p, target)
            written.append(target)
    except OSError as e:
        raise DutyboundError(Problem(f"cannot copy the examples into {dest}: {e.strerror or e}",
                                     hint="choose a folder you can write to"), kind="file") from None
    return written


def render_list(rows: list[dict], root: Path) -> str:
    out = [f"Bundled examples in {root}", ""]
    folder = None
    for r in rows:
        if r["folder"] != folder:
            folder = r["folder"]
            out.append(f"{folder}/")
        out.append(f"  {r['name']}" + (f"\n      {r['title']}" if r["title"] else ""))
    packs = sorted(p.parent for p in (root / "kb").glob("*/pack.yaml"))
    if packs:
        out += ["", "rule packs (use one with --kb DIR; check it with dutybound check --kb DIR):"]
        out += [f"  kb/{p.name}/" for p in packs]
    out += ["", f"{len(rows)} examples. Assess one where it is:",
            f"  dutybound assess {root / FIRST}",
            "or copy them all into a folder of your own first:",
            "  dutybound examples --copy my-examples",
            f"  dutybound assess my-examples/{FIRST}"]
    return "\n".join(out) + "\n"
