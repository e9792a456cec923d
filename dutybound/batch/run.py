"""Running a batch: resume, assess in chunks on a pool or a cluster, write each result
line as it comes, show progress, say what happened.

The results file is JSON Lines, one line per item (`key`, `status` ok or error, ...).
It is appended to and flushed after every chunk, so a batch that is stopped (Ctrl-C,
a crash, a lost machine) keeps what it finished; run the same command again and it
skips every key the file already has (a failed one too, unless --retry-failed; the
last line of a key is its result).
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from dutybound.batch.sources import iter_items
from dutybound.batch.work import Options
from dutybound.errors import DutyboundError, Problem


@dataclass
class Tally:
    total: int = 0               # items in the source
    skipped: int = 0             # done in an earlier run
    ok: int = 0
    failed: int = 0
    liable: int = 0              # results with at least one liability
    breached: int = 0
    failures: list = field(default_factory=list)     # (key, first line of the error)
    other_kb: int = 0            # earlier results decided under another knowledge base
    seconds: float = 0.0

    def add(self, r: dict) -> None:
        if r.get("status") == "ok":
            self.ok += 1
            parts = list(r.get("by_jurisdiction", {}).values()) or [r]
            parts = [p.get("assessment", p) for p in parts]
            self.liable += any(p.get("liabilities") for p in parts)
            self.breached += any(p.get("breaches") for p in parts)
        else:
            self.failed += 1
            if len(self.failures) < 5:
                self.failures.append((r["key"], str(r.get("error", "")).splitlines()[0]))


def done_keys(out: Path, retry_failed: bool, kb_digest: str) -> tuple[set, int]:
    """Keys the results file already has (ok, and failed unless retrying), and how many of
    those were decided under another knowledge base version. A last line cut short by a
    stop is removed, so appending starts on a fresh line."""
    if not out.exists():
        return set(), 0
    data = out.read_bytes()
    if data and not data.endswith(b"\n"):
        cut = data.rfind(b"\n") + 1
        with open(out, "r+b") as f:
            f.truncate(cut)
        data = data[:cut]
    status: dict = {}
    other = set()
    for line in data.decode("utf-8", errors="replace").splitlines():
        try:
            r = json.loads(line)
            status[r["key"]] = r.get("status")
        except (ValueError, KeyError, TypeError):
            continue
        if _digest_of(r) not in (None, kb_digest):
            other.add(r["key"])
    done = {k for k, s in status.items() if s == "ok" or not retry_failed}
    return done, len(other & done)


def _digest_of(r: dict):
    if "knowledge_base" in r:
        return r["knowledge_base"]
    for part in r.get("by_jurisdiction", {}).values():
        return part.get("knowledge_base") or part.get("assessment", {}).get("knowledge_base")
    return r.get("assessment", {}).get("knowledge_base")


def chunks(items, size: int):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_batch(source, out, executor, opts: Options, kb_digest: str, chunk_size: int = 16,
              retry_failed: bool = False, progress: bool = True) -> Tally:
    """Assesses every item of source not yet in out, on executor (local.py, dask.py)."""
    out = Path(out)
    done, other_kb = done_keys(out, retry_failed, kb_digest)
    tally = Tally()
    todo_items = _todo(source, done, tally)
    tally.other_kb = other_kb
    out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with open(out, "a", encoding="utf-8") as sink, _progress(progress, tally.total - tally.skipped) as bar:
        def write(results):
            for r in results:
                sink.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
                tally.add(r)
            sink.flush()
            bar(len(results))
        pending: dict = {}
        cancelled = True
        try:
            for chunk in chunks(todo_items, chunk_size):
                pending[executor.submit(chunk)] = chunk
                while len(pending) >= executor.in_flight():
                    _collect(executor, pending, write)
            while pending:
                _collect(executor, pending, write)
            cancelled = False
        finally:
            executor.close(cancel=cancelled)
    tally.seconds = time.perf_counter() - t0
    return tally


def _todo(source, done: set, tally: Tally):
    """The items not done yet; counts them all first (keys only, cheap) for the bar."""
    from dutybound.batch.sources import iter_keys
    for key in iter_keys(source):
        tally.total += 1
        tally.skipped += key in done
    return (item for item in iter_items(source) if item.key not in done)


def _collect(executor, pending: dict, write) -> None:
    for f in executor.wait(set(pending)):
        chunk = pending.pop(f)
        try:
            results = f.result()
        except Exception as e:       # noqa: BLE001 - a worker died: its items fail, the batch goes on
            results = [{"key": i.key, "status": "error", "kind": "internal",
                        "error": f"the worker assessing it failed: {type(e).__name__}: {e}"}
                       for i in chunk]
        write(results)


class _progress:
    """A rich progress bar on a terminal (stderr); nothing elsewhere."""

    def __init__(self, enabled: bool, total: int):
        import sys
        self.enabled = enabled and sys.stderr.isatty()
        self.total = total

    def __enter__(self):
        if not self.enabled:
            return lambda n: None
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn,
                                   TextColumn, TimeElapsedColumn, TimeRemainingColumn)
        self.bar = Progress(TextColumn("assessing"), BarColumn(), MofNCompleteColumn(),
                            TaskProgressColumn(), TextColumn("{task.fields[rate]}"),
                            TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=False)
        self.bar.start()
        self.task = self.bar.add_task("batch", total=self.total, rate="")
        self.t0 = time.perf_counter()
        self.count = 0

        def advance(n):
            self.count += n
            rate = self.count / max(1e-9, time.perf_counter() - self.t0)
            self.bar.update(self.task, advance=n, rate=f"{rate:,.0f}/s")
        return advance

    def __exit__(self, *exc):
        if self.enabled:
            self.bar.stop()
        return False


def summary(t: Tally, source, out, where: str, opts: Options) -> str:
    now = t.ok + t.failed
    rate = now / t.seconds if t.seconds > 0 else 0.0
    lines = [f"batch: {t.total} incidents in {source}: {now} assessed now, {t.skipped} already done",
             f"  {t.ok} ok, {t.failed} failed" + (f"; {t.liable} with a liability, {t.breached} with a "
                                                   f"breach" if t.ok else "")]
    for key, msg in t.failures:
        lines.append(f"  failed: {key}: {msg}")
    if t.failed > len(t.failures):
        lines.append(f"  ... and {t.failed - len(t.failures)} more (status \"error\" in {out})")
    lines.append(f"  {t.seconds:.1f} s, {rate:,.0f} incidents/s on {where}")
    lines.append("  open questions: " + ("searched" if opts.open_questions else
                                         "not searched (--open-questions searches them)"))
    if t.other_kb:
        lines.append(f"  note: {t.other_kb} earlier results were decided under another version of the "
                     f"knowledge base (--retry-failed does not redo them; start a new results file)")
    lines.append(f"  results: {out}")
    return "\n".join(lines) + "\n"


def check_output(out) -> Path:
    out = Path(out)
    if out.is_dir():
        raise DutyboundError(Problem(f"--out {out} is a folder", hint="name a file, e.g. results.jsonl"),
                             kind="usage")
    return out
