"""The on-disk cache of compiled artefacts (the ontology's vocabulary, parsed
rule files), under $DUTYBOUND_CACHE, else $XDG_CACHE_HOME/dutybound, else
~/.cache/dutybound.

Entries are JSON, never pickle: reading one cannot run code, whoever wrote it.
A value is encoded as JSON with tags for what JSON lacks (tuples, sets,
decimals, dates, money) and for the dataclasses of an allow-list; decoding
builds nothing else. An entry carries the hash of its payload and the key it
was made for, so a truncated, corrupt or stale entry is rebuilt, never
trusted. Entries are written to a temporary file and renamed, so a reader
never sees half of one; a cache that cannot be read or written only costs
speed. The folder is created readable by its owner only.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path

FORMAT = b"dutybound-cache 1\n"


def cache_dir() -> Path:
    explicit = os.environ.get("DUTYBOUND_CACHE")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "dutybound"


class CacheError(ValueError):
    """An entry that is not one this code wrote: rebuild it."""


# ------------------------------------------------------------------ the codec

_CLASSES: dict[str, type] = {}


def allow(*classes: type) -> None:
    """Registers dataclasses the cache may build (by their qualified name)."""
    for cls in classes:
        assert dataclasses.is_dataclass(cls), cls
        _CLASSES[f"{cls.__module__}.{cls.__qualname__}"] = cls


def _encode(x):
    if x is None or isinstance(x, (bool, int, float)):
        return x
    t = type(x)
    if t is str:
        return x
    if t is list:
        return [_encode(v) for v in x]
    if t is tuple:
        return {"t": [_encode(v) for v in x]}
    if t is dict:
        return {"m": [[_encode(k), _encode(v)] for k, v in x.items()]}
    if t in (set, frozenset):
        items = [_encode(v) for v in x]
        items.sort(key=lambda v: json.dumps(v, sort_keys=True))
        return {"s" if t is set else "f": items}
    if t is Decimal:
        return {"D": str(x)}
    if t is dt.datetime:
        return {"T": x.isoformat()}
    if t is dt.date:
        return {"d": x.isoformat()}
    if isinstance(x, str):          # a str subclass (Text): its class must be allowed
        name = f"{t.__module__}.{t.__qualname__}"
        if name not in _STR_CLASSES:
            raise CacheError(f"cannot cache a {name}")
        return {"S": [name, str(x)]}
    name = f"{t.__module__}.{t.__qualname__}"
    if name not in _CLASSES:
        raise CacheError(f"cannot cache a {name}")
    return {"o": [name] + [_encode(getattr(x, f.name)) for f in dataclasses.fields(x)]}


_STR_CLASSES: dict[str, type] = {}


def allow_str(*classes: type) -> None:
    for cls in classes:
        assert issubclass(cls, str)
        _STR_CLASSES[f"{cls.__module__}.{cls.__qualname__}"] = cls


def _hook(obj: dict):
    """json.loads' object_hook: every JSON object here is one tagged value."""
    if len(obj) != 1:
        raise CacheError("not a cache value")
    (tag, v), = obj.items()
    if tag == "t":
        return tuple(v)
    if tag == "m":
        return {_key(k): val for k, val in v}
    if tag == "s":
        return set(map(_key, v))
    if tag == "f":
        return frozenset(map(_key, v))
    if tag == "D":
        return Decimal(v)
    if tag == "T":
        return dt.datetime.fromisoformat(v)
    if tag == "d":
        return dt.date.fromisoformat(v)
    if tag == "S":
        return _STR_CLASSES[v[0]](v[1])
    if tag == "o":
        cls = _CLASSES.get(v[0])
        if cls is None:
            raise CacheError(f"not an allowed class: {v[0]!r}")
        return cls(*v[1:])
    raise CacheError(f"unknown tag {tag!r}")


def _key(k):
    """Lists (unhashable) only ever stand for tuples when used as keys."""
    return tuple(_key(x) for x in k) if isinstance(k, list) else k


def dumps(value, key: str) -> bytes:
    body = json.dumps({"key": key, "value": _encode(value)}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
    return FORMAT + hashlib.sha256(body).hexdigest().encode() + b"\n" + body


def loads(data: bytes, key: str):
    """The value of an entry written by dumps() for `key`, or CacheError."""
    if not data.startswith(FORMAT):
        raise CacheError("not a cache entry of this format")
    digest, _, body = data[len(FORMAT):].partition(b"\n")
    if hashlib.sha256(body).hexdigest().encode() != digest:
        raise CacheError("the entry is corrupt (its hash does not match)")
    try:
        raw = json.loads(body, object_hook=_hook_with_envelope)
    except (ValueError, TypeError, KeyError, IndexError, ArithmeticError, RecursionError) as e:
        raise CacheError(f"cannot decode the entry: {e}") from None
    if not isinstance(raw, dict) or raw.get("key") != key:
        raise CacheError("the entry was made for another key")
    return raw["value"]


def _hook_with_envelope(obj: dict):
    if set(obj) == {"key", "value"}:
        return obj
    return _hook(obj)


# ------------------------------------------------------------------ files

def store(path: Path, value, key: str) -> None:
    """Writes the entry, then renames it into place."""
    try:
        data = dumps(value, key)
    except (CacheError, RecursionError, ValueError):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        pass


def load(path: Path, key: str):
    """The cached value, or None when there is none worth trusting."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    try:
        return loads(data, key)
    except (CacheError, ValueError, TypeError):
        return None
