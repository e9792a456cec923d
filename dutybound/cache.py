"""The on-disk cache of compiled artefacts (the ontology's vocabulary, parsed
rule files), under $DUTYBOUND_CACHE or ~/.cache/dutybound. Entries are keyed
by a hash of what they were made from, so a stale entry is never read."""
from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    return Path(os.environ.get("DUTYBOUND_CACHE") or Path.home() / ".cache" / "dutybound")


def store(path: Path, value) -> None:
    """Write then rename, so a reader never sees half a file; a cache that
    cannot be written only costs speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
