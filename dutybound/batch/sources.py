"""What a batch assesses: items, each with a stable key, read in the parent process.

A folder gives its incident files (YAML, JSON, Turtle, JSON-LD), keyed by their path
relative to the folder (rule packs inside it are left out); a `.jsonl` file gives one incident per non-blank line, each a
JSON object in the incident format (docs/incident-format.md), keyed `NAME.jsonl:LINE`.
The item carries the text, so workers need no shared file system (a Dask cluster).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dutybound.errors import DutyboundError, Problem

SUFFIXES = (".yaml", ".yml", ".json", ".ttl", ".jsonld")


@dataclass(frozen=True)
class Item:
    key: str           # stable across runs: what a resumed batch skips
    path: str          # for messages; a JSONL item's path names its file and line
    text: str
    suffix: str        # how to read the text: .yaml, .json, .ttl, ...
    line: int = 0      # a JSONL item's line in its file (1-based); 0 for a whole file
    unreadable: str | None = None    # why the file could not be read (the item's error)


def iter_keys(source):
    """The items' keys alone, without reading the incidents (for counting)."""
    src = Path(source)
    if src.is_dir():
        yield from (p.relative_to(src).as_posix() for p in _files(src))
    elif src.is_file() and src.suffix.lower() == ".jsonl":
        with open(src, encoding="utf-8", errors="replace") as f:
            yield from (f"{src.name}:{n}" for n, line in enumerate(f, 1) if line.strip())
    else:
        yield from (i.key for i in iter_items(source))     # raises the right error


def iter_items(source):
    """Yields the items of a folder or a JSONL file, in a stable order."""
    src = Path(source)
    if src.is_dir():
        for p in _files(src):
            text, why = _read(p)
            yield Item(p.relative_to(src).as_posix(), str(p), text, p.suffix.lower(), unreadable=why)
    elif src.is_file() and src.suffix.lower() == ".jsonl":
        with open(src, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    yield Item(f"{src.name}:{n}", str(src), line, ".jsonl", n)
    elif src.is_file():
        raise DutyboundError(Problem(f"{src} is neither a folder nor a .jsonl file", str(src),
                                     hint="give a folder of incident files, or a file with one JSON "
                                          "incident per line (.jsonl)"), kind="usage")
    else:
        raise DutyboundError(Problem(f"no such file or folder: {src}", str(src)), kind="file")


def _files(src: Path) -> list[Path]:
    """Incident files under a folder, leaving out rule packs (folders with a pack.yaml):
    their files are rules and texts, and their cases need the pack (--kb)."""
    packs = [m.parent for m in src.rglob("pack.yaml")]
    return [p for p in sorted(src.rglob("*")) if p.suffix.lower() in SUFFIXES and p.is_file()
            and not any(p.is_relative_to(d) for d in packs)]


def _read(p: Path) -> tuple[str, str | None]:
    try:
        return p.read_text(encoding="utf-8"), None
    except (OSError, UnicodeDecodeError) as e:
        return "", f"cannot read the file: {e}"
