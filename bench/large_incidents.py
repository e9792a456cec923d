"""Large incidents (issue 10, part 3): one account takeover with N unauthorised
payments from one wallet (bench/make_incidents.py --payments N), loaded and
assessed with the open-question search off and on.

    python bench/large_incidents.py                        # 10, 100, 1,000, 10,000 payments
    python bench/large_incidents.py --sizes 10 100 --timeout 120

Each measurement runs in a child process of its own (a fresh interpreter, the
knowledge base loaded warm from its cache), which is stopped after --timeout
seconds: a size that does not finish is recorded as such, with its limit.
Times are CPU seconds of that process (time.process_time), which other work
on a shared machine disturbs far less than wall time; wall time is recorded
beside them. `per_payment_ms` is the assessment's CPU time over the payments:
a flat column is linear growth. Writes bench/results/<date>-large.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = (10, 100, 1000, 10000)


def measure_one(path: str, open_questions: bool) -> dict:
    """In the child: load the incident, assess it once, report CPU seconds."""
    sys.path.insert(0, str(ROOT))
    from dutybound.engine.kb import KnowledgeBase
    t = time.process_time()
    kb = KnowledgeBase.load()
    kb_s = time.process_time() - t
    t = time.process_time()
    incident = kb.load_incident(path)
    load_s = time.process_time() - t
    t, w = time.process_time(), time.perf_counter()
    a = kb.assess(incident, open_questions=open_questions)
    assess_s, assess_wall = time.process_time() - t, time.perf_counter() - w
    return {"kb_s": kb_s, "load_s": load_s, "assess_s": assess_s, "assess_wall_s": assess_wall,
            "individuals": len(incident.facts.individuals),
            "instances": sum(len(r.instances) for r in a.evaluation.runs),
            "liabilities": len(a.liabilities),
            "open_questions": len(a.open_questions),
            "unevaluated": sum(1 for q in a.open_questions if "unevaluated" in q),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_child(path: Path, n: int, oq: bool, timeout: float) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(path)] + (["--oq"] if oq else [])
    # N payments are 2N individuals (each with its loss): past the default limit of
    # 20,000 individuals at 10,000 payments, so the limit is raised (docs/security.md)
    env = dict(os.environ, PYTHONPATH=str(ROOT), DUTYBOUND_MAX_INDIVIDUALS=str(max(20_000, 3 * n)))
    row = {"payments": n, "open_questions_searched": oq}
    w = time.perf_counter()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)
    except subprocess.TimeoutExpired:
        row.update({"timeout_s": timeout, "finished": False})
        return row
    row["wall_s"] = time.perf_counter() - w
    if out.returncode != 0:
        row.update({"finished": False, "error": out.stderr.strip().splitlines()[-1:] or ["?"]})
        return row
    row.update(json.loads(out.stdout.strip().splitlines()[-1]))
    row["finished"] = True
    row["per_payment_ms"] = 1000 * row["assess_s"] / n
    return row


def _commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True,
                              cwd=ROOT, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def table(rows: list) -> str:
    lines = ["| payments | search | load (CPU) | assess (CPU) | per payment | instances | open questions (unevaluated) |",
             "|---:|---|---:|---:|---:|---:|---|"]
    for r in rows:
        search = "on" if r["open_questions_searched"] else "off"
        if not r.get("finished"):
            why = f"not finished in {r['timeout_s']:.0f} s" if "timeout_s" in r else f"failed: {r.get('error')}"
            lines.append(f"| {r['payments']:,} | {search} | – | {why} | – | – | – |")
            continue
        oq = f"{r['open_questions']:,} ({r['unevaluated']:,})" if r["open_questions_searched"] else "–"
        lines.append(f"| {r['payments']:,} | {search} | {r['load_s']:.2f} s | {r['assess_s']:.2f} s | "
                     f"{r['per_payment_ms']:.1f} ms | {r['instances']:,} | {oq} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    ap.add_argument("--timeout", type=float, default=1200, help="seconds per measurement")
    ap.add_argument("--no-open-questions", action="store_true", help="only the search off")
    ap.add_argument("--out", default=None, help="the JSON file (default bench/results/<date>-large.json)")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--oq", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(measure_one(args.one, args.oq)))
        return 0
    sys.path.insert(0, str(HERE))
    import yaml
    from make_incidents import with_payments
    rows = []
    started = dt.datetime.now(dt.timezone.utc)
    with tempfile.TemporaryDirectory() as tmp:
        for oq in (False, True) if not args.no_open_questions else (False,):
            for n in args.sizes:
                path = Path(tmp) / f"payments-{n}.yaml"
                if not path.exists():
                    path.write_text(yaml.safe_dump(with_payments(n), allow_unicode=True, sort_keys=False),
                                    encoding="utf-8")
                row = run_child(path, n, oq, args.timeout)
                row["load_average"] = os.getloadavg()
                rows.append(row)
                print(json.dumps(row), flush=True)
    out = Path(args.out) if args.out else HERE / "results" / f"{started.date()}-large.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "date": started.isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "commit": _commit(),
        "incident": "bench/make_incidents.py --payments N (seed 1)",
        "timeout_s": args.timeout, "rows": rows}, indent=1) + "\n", encoding="utf-8")
    print(table(rows))
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
