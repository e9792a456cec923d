"""Where the cases live: an embedded Oxigraph store on disk, or any SPARQL 1.1
server reached over HTTP. Both speak SPARQL only, so the library above them
is the same code.

    open_backend()                              # $DUTYBOUND_STORE or ~/.local/share/dutybound/cases
    open_backend("/path/to/store")              # embedded, created on first use
    open_backend("http://127.0.0.1:7878")       # an Oxigraph server: /query and /update
    open_backend("http://host/ds/sparql", update_url="http://host/ds/update")

A write is one SPARQL Update request. Oxigraph applies a request in one
transaction (embedded: Store.update; server: the same engine behind
POST /update), so a case is written whole or not at all. The embedded store
writes every transaction to RocksDB's write-ahead log before update()
returns, so a case acknowledged after update() survives the process being
killed, even during the write (tests/store/test_store_kill.py); it is not fsync'd, so a power cut may lose
the last acknowledged writes.

One process at a time may open an embedded store for writing (RocksDB takes a
lock). A second process that opens it waits for the lock, up to
$DUTYBOUND_STORE_WAIT seconds (default 10), so two short writers (two
`dutybound cases add` at once) take turns instead of failing; past the wait it
gets an error saying who to stop. Within a process the store is shared; across
long-lived processes (a web server and a CLI at once) use an Oxigraph server.
"""
from __future__ import annotations

import logging
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from dutybound.errors import DutyboundError, Problem

ENV_STORE = "DUTYBOUND_STORE"
ENV_UPDATE = "DUTYBOUND_STORE_UPDATE"
ENV_WAIT = "DUTYBOUND_STORE_WAIT"
DEFAULT_WAIT = 10.0


def default_location() -> str:
    env = os.environ.get(ENV_STORE)
    if env:
        return env
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "dutybound" / "cases")


def is_url(location: str) -> bool:
    return str(location).startswith(("http://", "https://"))


def open_backend(location: str | os.PathLike | None = None, update_url: str | None = None):
    loc = str(location) if location else default_location()
    if is_url(loc):
        return RemoteBackend(loc, update_url or os.environ.get(ENV_UPDATE))
    return EmbeddedBackend(Path(loc).expanduser())


@dataclass
class Result:
    """What a query gives, in pyoxigraph terms whatever the backend."""
    kind: str                               # select | ask | graph
    vars: list = field(default_factory=list)
    rows: list = field(default_factory=list)     # tuples of terms (None when unbound)
    boolean: bool | None = None
    triples: list = field(default_factory=list)  # pyoxigraph.Triple
    truncated: bool = False


def _collect(kind, answer, max_rows) -> Result:
    if kind == "ask":
        return Result("ask", boolean=bool(answer))
    res = Result(kind)
    if kind == "select":
        res.vars = [v.value for v in answer.variables]
    n = len(res.vars)
    for item in answer:
        if max_rows is not None and len(res.rows) + len(res.triples) >= max_rows:
            res.truncated = True
            break
        if kind == "select":
            res.rows.append(tuple(item) if n else ())
        else:
            res.triples.append(item)
    return res


# ------------------------------------------------------------------ embedded

_LOCK = threading.Lock()
_OPEN: dict = {}            # resolved path -> [Store, users]


class EmbeddedBackend:
    kind = "embedded"

    def __init__(self, path: Path):
        import pyoxigraph as ox
        self.path = Path(path).resolve()
        self.location = str(self.path)
        with _LOCK:
            entry = _OPEN.get(self.location)
            if entry is None:
                if self.path.exists() and not self.path.is_dir():
                    raise DutyboundError(Problem(f"{self.path} is a file, not a case store",
                                                 hint="give a directory (created on first use)"),
                                         kind="file")
                try:
                    self.path.mkdir(parents=True, exist_ok=True)
                    entry = _OPEN[self.location] = [_open_waiting(ox, self.path), 0]
                except OSError as e:
                    raise _open_error(self.path, e) from None
            entry[1] += 1
            self.store = entry[0]
        self._closed = False

    def query(self, sparql: str, kind: str, max_rows: int | None = None) -> Result:
        # the default graph is the union of every graph: each case is a named graph, and a
        # query that names none should still find the cases (docs/case-library.md)
        try:
            return _collect(kind, self.store.query(sparql, use_default_graph_as_union=True), max_rows)
        except SyntaxError as e:
            raise QuerySyntaxError(str(e)) from None
        except OSError as e:
            raise DutyboundError(Problem(f"the case store failed: {e}", self.location), kind="file") from None

    def update(self, sparql_update: str) -> None:
        try:
            self.store.update(sparql_update)
        except SyntaxError as e:
            raise QuerySyntaxError(str(e)) from None
        except OSError as e:
            raise DutyboundError(Problem(f"the write failed and nothing was saved: {e}", self.location),
                                 kind="file") from None

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with _LOCK:
            entry = _OPEN.get(self.location)
            if entry is not None:
                entry[1] -= 1
                if entry[1] <= 0:
                    del _OPEN[self.location]     # dropping the last reference closes RocksDB
        self.store = None

    def describe(self) -> str:
        return f"embedded Oxigraph store at {self.location}"


def wait_seconds() -> float:
    raw = os.environ.get(ENV_WAIT)
    try:
        value = float(raw) if raw not in (None, "") else DEFAULT_WAIT
    except ValueError:
        value = -1
    if not 0 <= value <= 3600:
        raise DutyboundError(Problem(f"{ENV_WAIT}={raw!r}: expected seconds from 0 to 3600",
                                     hint=f"unset it to wait {DEFAULT_WAIT:g} s"), kind="usage")
    return value


def _locked(e: OSError) -> bool:
    return "lock" in str(e).lower()


def _open_waiting(ox, path: Path):
    """The store, once the process that holds its lock lets it go (RocksDB has
    no waiting open of its own: poll, backing off to 0.2 s)."""
    wait = wait_seconds()
    deadline = time.monotonic() + wait
    pause, told = 0.01, False
    while True:
        try:
            return ox.Store(str(path))
        except OSError as e:
            if not _locked(e) or time.monotonic() + pause > deadline:
                raise
            if not told:
                told = True
                logging.getLogger("dutybound.store").warning(
                    "the case store %s is open in another process: waiting up to %g s for it", path, wait)
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def _open_error(path, e) -> DutyboundError:
    text = str(e)
    if _locked(e):
        return DutyboundError(Problem(
            f"the case store {path} is open in another process (waited {wait_seconds():g} s for it)",
            str(path),
            hint=f"stop the other process (e.g. `dutybound serve`), wait longer with {ENV_WAIT}=SECONDS, "
                 "or run an Oxigraph server (`oxigraph serve --location PATH`) and give its URL "
                 "with --store"), kind="file")
    return DutyboundError(Problem(f"cannot open the case store: {text}", str(path),
                                  hint="check the path and its permissions"), kind="file")


class QuerySyntaxError(Exception):
    """The store refused a query or update as malformed; the message holds the
    store's own position ('error at 3:17: ...')."""


# ------------------------------------------------------------------ remote

class RemoteBackend:
    """A SPARQL 1.1 Protocol client (query and update endpoints) on urllib."""
    kind = "remote"

    def __init__(self, url: str, update_url: str | None = None, timeout: float = 60.0):
        self.query_url, self.update_url = _endpoints(url, update_url)
        self.location = self.query_url
        self.timeout = timeout

    def query(self, sparql: str, kind: str, max_rows: int | None = None,
              timeout: float | None = None) -> Result:
        import pyoxigraph as ox
        accept = "application/n-triples" if kind == "graph" else "application/sparql-results+json"
        body = self._post(self.query_url, sparql, "application/sparql-query", accept, timeout)
        if kind == "graph":
            return _collect(kind, ox.parse(body, format=ox.RdfFormat.N_TRIPLES), max_rows)
        answer = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        return _collect(kind, answer, max_rows)

    def update(self, sparql_update: str) -> None:
        self._post(self.update_url, sparql_update, "application/sparql-update", "*/*", None)

    def _post(self, url, text, ctype, accept, timeout) -> bytes:
        req = urllib.request.Request(url, data=text.encode("utf-8"), method="POST",
                                     headers={"Content-Type": ctype + "; charset=utf-8",
                                              "Accept": accept})
        try:
            with urllib.request.urlopen(req, timeout=timeout or self.timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace").strip()
            if e.code == 400:
                raise QuerySyntaxError(detail or e.reason) from None
            raise DutyboundError(Problem(f"the SPARQL server answered {e.code} {e.reason}: {detail[:500]}",
                                         url), kind="file") from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise DutyboundError(Problem(f"cannot reach the SPARQL server: {reason}", url,
                                         hint="is the server running? e.g. `oxigraph serve --location "
                                              "DIR --bind 127.0.0.1:7878`"), kind="file") from None

    def close(self) -> None:
        pass

    def describe(self) -> str:
        return f"SPARQL server (query {self.query_url}, update {self.update_url})"


def _endpoints(url: str, update_url: str | None) -> tuple[str, str]:
    """Oxigraph serves /query and /update; a bare server URL means those.
    A URL ending in /query or /sparql gets /update beside it unless given."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rstrip("/")
    if path == "":
        base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        return base + "/query", update_url or base + "/update"
    if update_url:
        return url, update_url
    for tail in ("/query", "/sparql"):
        if path.endswith(tail):
            new = path[: -len(tail)] + "/update"
            return url, urllib.parse.urlunsplit((parts.scheme, parts.netloc, new, "", ""))
    return url, url
