"""Loads the rule tree and the law texts.

Parsing costs about a second per 500 rules with pyparsing, so parse results
are cached on disk (dutybound/cache.py: JSON that cannot run code, keyed by a
hash of the file's path and content and of the parser's own source) and in
process memory. A cache entry that cannot be read, or is corrupt, is parsed
again; one that cannot be written is simply skipped.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path


from dutybound.cache import allow, allow_str, cache_dir as shared_cache_dir, load as load_cache, store as store_cache
from dutybound.errors import DutyboundError, Problem
from dutybound.load.limits import Limits
from dutybound.load.nodes import gc_paused, load_yaml_file
from dutybound.load.source import decode, read_bytes
from dutybound.rules import ast
from dutybound.rules.parser import parse_text
from dutybound.values import Money
from dutybound.engine.facts import Text

_MEMO: dict[str, ast.RuleFile] = {}
_SALT: str | None = None


def cache_dir() -> Path:
    return shared_cache_dir() / "rules"


def _salt() -> str:
    """Changes whenever the parser or the tree changes, so stale cache entries die."""
    global _SALT
    if _SALT is None:
        h = hashlib.sha256()
        here = Path(__file__).parent
        for name in ("ast.py", "grammar.py", "build.py", "parser.py", "../values.py"):
            try:
                h.update((here / name).read_bytes())
            except OSError:
                pass
        _SALT = h.hexdigest()
    return _SALT


def load_rule_file(path, use_cache: bool = True) -> ast.RuleFile:
    p = Path(path)
    limits = Limits.from_env()
    data = read_bytes(str(p), limits.rule_file_bytes, "rule_file_bytes", limits)
    text = decode(data, str(p))
    key = hashlib.sha256(b"\0".join([_salt().encode(), str(p).encode(), data])).hexdigest()
    if not use_cache:
        return parse_text(text, str(p))
    if key in _MEMO:
        return _MEMO[key]
    entry = cache_dir() / f"{key}.json"
    result = _load_entry(entry, key)
    if isinstance(result, ast.RuleFile) and result.path == str(p):
        _MEMO[key] = result
        return result
    result = parse_text(text, str(p))
    _MEMO[key] = result
    store_cache(entry, result, key)
    return result


def _load_entry(entry: Path, key: str):
    # A parsed file is ~100k small objects; the cycle collector would walk
    # them over and over while they are created (3x the cost of loading).
    with gc_paused():
        return load_cache(entry, key)


# what the cache may build: the syntax tree's nodes and the values in them
allow(*(c for c in vars(ast).values() if isinstance(c, type) and c.__module__ == ast.__name__
        and hasattr(c, "__dataclass_fields__")), Money)
allow_str(Text)


def load_rule_dir(root="rules", use_cache: bool = True) -> list[ast.RuleFile]:
    """Every *.md file under root, sorted by path. Raises DutyboundError
    (kind='rules') with the problems of every file that fails to parse."""
    base = Path(root)
    if not base.is_dir():
        raise DutyboundError(Problem(f"no rule directory {root}",
                                     hint="pass the folder that holds the *.md rule files"),
                             kind="file")
    files, problems = [], []
    for p in sorted(base.rglob("*.md")):
        try:
            files.append(load_rule_file(p, use_cache))
        except DutyboundError as e:
            if e.kind != "rules":
                raise
            problems += e.problems
    if problems:
        raise DutyboundError(problems, kind="rules")
    return files


def load_law_texts(root="law/texts") -> dict[str, dict]:
    """Provision id (ECL-57, CC-1198, ...) -> the provision's entry (text,
    article, ...) plus its source's language, source, source_title,
    source_title_original, url, jurisdiction, in_force, repealed and path."""
    out: dict[str, dict] = {}
    base = Path(root)
    if not base.is_dir():
        raise DutyboundError(Problem(f"no law texts directory {root}"), kind="file")
    for p in sorted(base.glob("*.y*ml")):
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise DutyboundError(Problem(f"cannot read: {e}", str(p)), kind="file") from None
        data = load_yaml_file(text, str(p))
        if not isinstance(data, dict) or not isinstance(data.get("provisions"), list):
            raise DutyboundError(Problem("a law text file needs `source:` and `provisions:`",
                                         str(p)), kind="file")
        src = data.get("source") or {}
        for entry in data["provisions"]:
            pid = entry.get("id") if isinstance(entry, dict) else None
            if not pid:
                raise DutyboundError(Problem("a provision without an `id`", str(p)), kind="file")
            if pid in out:
                raise DutyboundError(Problem(
                    f"provision id '{pid}' appears twice (also in {out[pid]['path']})", str(p)),
                    kind="file")
            item = dict(entry)
            item.setdefault("text", "")
            item.setdefault("url", src.get("url"))
            item.update({
                "language": src.get("language"), "source": src.get("id"),
                "source_title": src.get("title_en"),
                "source_title_original": src.get("title_original"),
                "jurisdiction": src.get("jurisdiction"),
                "in_force": _date(item.get("in_force", src.get("in_force"))),
                "repealed": _date(item.get("repealed", src.get("repealed"))),
                "path": str(p)})
            out[pid] = item
    return out


def _date(x):
    if isinstance(x, str):
        try:
            return dt.date.fromisoformat(x)
        except ValueError:
            return x
    return x
