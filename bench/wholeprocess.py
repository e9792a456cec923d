"""Timing whole processes from outside, with public tools only (the standard library).

`run(cmd)` starts a command, waits for it with os.wait4 and returns its wall seconds
(a monotonic clock read just before the start and just after the child is reaped),
its user + system CPU seconds and its peak resident memory (ru_maxrss, the largest
process the command waited for). `paired(a, b, n)` runs A B A B ... and takes the
ratio A/B pair by pair, so a drift in the machine's speed moves both sides.
`/usr/bin/time -v CMD` gives the same figures for a single run.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time


def run(cmd, env=None, timeout: float = 3600, cwd=None) -> dict:
    errfile = tempfile.TemporaryFile()          # a pipe could fill and stall the child
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=errfile)
    deadline = t0 + timeout
    tree_peak, next_sample = 0.0, t0
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() >= next_sample:     # the whole tree: pool workers are not children
            tree_peak = max(tree_peak, _tree_rss_mb(p.pid))
            next_sample = time.monotonic() + 0.05
        if time.monotonic() > deadline:
            p.kill()
            pid, status, ru = os.wait4(p.pid, 0)
            return {"wall_s": None, "timeout": timeout}
        time.sleep(0.002)
    wall = time.monotonic() - t0
    errfile.seek(0)
    err = errfile.read().decode("utf-8", errors="replace")
    errfile.close()
    code = os.waitstatus_to_exitcode(status)
    return {"wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime, "peak_mb": ru.ru_maxrss / 1024,
            "tree_peak_mb": tree_peak, "exit": code, "stderr_tail": err[-400:] if code else ""}


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (and of the fork server and
    workers a process pool starts), in MB; 0 when psutil is missing."""
    try:
        import psutil
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
        return sum(p.memory_info().rss for p in procs) / 2**20
    except Exception:               # noqa: BLE001 - a process that just ended, or no psutil
        return 0.0


def median_of(cmd, n: int, env=None, warmup: int = 1, timeout: float = 3600, cwd=None) -> dict:
    for _ in range(warmup):
        run(cmd, env, timeout, cwd)
    runs = [run(cmd, env, timeout, cwd) for _ in range(n)]
    return summarise(runs)


def summarise(runs: list) -> dict:
    ok = [r for r in runs if r.get("wall_s") is not None]
    if not ok:
        return {"runs": len(runs), "timeout": runs[0].get("timeout")}
    out = {"runs": len(ok), "exit": sorted({r["exit"] for r in ok})}
    for k in ("wall_s", "cpu_s", "peak_mb", "tree_peak_mb"):
        vals = [r[k] for r in ok]
        out[k] = statistics.median(vals)
        out[k + "_min"], out[k + "_max"] = min(vals), max(vals)
    errs = [r["stderr_tail"] for r in ok if r["stderr_tail"]]
    if errs:
        out["stderr_tail"] = errs[0]
    return out


def paired(a, b, n: int, env_a=None, env_b=None, warmup: int = 1, timeout: float = 3600,
           before_a=None, before_b=None) -> dict:
    """A and B in turn; before_* run (untimed) before each timed run, e.g. to empty a cache."""
    for _ in range(warmup):
        run(a, env_a, timeout)
        run(b, env_b, timeout)
    ra, rb, ratios = [], [], []
    for _ in range(n):
        if before_a:
            before_a()
        x = run(a, env_a, timeout)
        if before_b:
            before_b()
        y = run(b, env_b, timeout)
        ra.append(x)
        rb.append(y)
        if x.get("wall_s") and y.get("wall_s"):
            ratios.append(x["wall_s"] / y["wall_s"])
    return {"a": summarise(ra), "b": summarise(rb),
            "ratio_a_over_b": statistics.median(ratios) if ratios else None}
