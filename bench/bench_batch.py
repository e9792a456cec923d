"""Batch throughput, peak memory, whole-process `dutybound assess` cold and warm, and
large incidents, in one run.

    python bench/bench_batch.py [--quick] [--count N]

- batch: `dutybound batch` on N synthetic incidents (bench/make_incidents.py, seed 1)
  with 2 local workers, as a whole process (start-up included), open-question search
  off, then on for a smaller N; peak memory is the largest process's (ru_maxrss);
  plus, in one process, what one incident costs: reading (YAML/JSON), SHACL shapes,
  assessing, so the ceiling of 2 cores is plain;
- assess cold and warm: the README's first command as a whole process, cold with an
  empty cache ($DUTYBOUND_CACHE: the ontology compiled and every rule file parsed)
  and warm, in pairs;
- large incidents: one account takeover with 10 to 10,000 unauthorised payments,
  loaded and assessed in a child process (open-question search off; on at 10).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import make_incidents  # noqa: E402
import wholeprocess  # noqa: E402

FIRST = ROOT / "examples" / "cn" / "account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"
ENV = dict(os.environ, PYTHONPATH=str(ROOT))
CLI = [sys.executable, "-m", "dutybound.cli"]


def bench_batch(work: Path, count: int, oq_count: int, log) -> dict:
    src = work / f"incidents-{count}.jsonl"
    make_incidents.main(["--count", str(count), "--out", str(src)])
    out = {}
    for label, n, extra in (("open questions off", count, []), ("open questions on", oq_count, ["--open-questions"])):
        path = src
        if n != count:
            path = work / f"incidents-{n}.jsonl"
            path.write_text("".join(src.read_text(encoding="utf-8").splitlines(True)[:n]), encoding="utf-8")
        res = work / "results.jsonl"
        res.unlink(missing_ok=True)
        r = wholeprocess.run(CLI + ["batch", str(path), "--out", str(res), "--workers", "2", "--no-progress",
                                     *extra], ENV)
        rows = [json.loads(x) for x in res.read_text(encoding="utf-8").splitlines()]
        r.update(incidents=n, ok=sum(x["status"] == "ok" for x in rows),
                 incidents_per_s=n / r["wall_s"], load_average=os.getloadavg(),
                 mean_assess_ms=1000 * sum(x["seconds"] for x in rows) / n)
        out[label] = r
        log(f"batch {label}: {n} in {r['wall_s']:.1f} s = {r['incidents_per_s']:.0f}/s, "
            f"peak {r['tree_peak_mb']:.0f} MB (all processes), load {os.getloadavg()[0]:.1f}")
    out["per_incident"] = per_incident(src, min(count, 1000))
    return out


def per_incident(src: Path, n: int) -> dict:
    """Reading, shapes and assessing one incident, in this process, over n of them."""
    from dutybound.batch.sources import iter_items
    from dutybound.batch.work import kb_for
    from dutybound.load.incident import check_shapes, parse_incident_text
    kb = kb_for(())
    items = [i for _, i in zip(range(n), iter_items(src))]
    # CPU time of this process (time.process_time): on a machine shared with other work,
    # wall time measures the others too
    clock = time.process_time
    t = {"read": 0.0, "shapes": 0.0, "assess": 0.0, "assess_with_open_questions": 0.0}
    for item in items:
        t0 = clock()
        inc = parse_incident_text(item.text, item.path, kb.vocab)
        t1 = clock()
        check_shapes(inc, kb.vocab, kb.shapes)
        t2 = clock()
        for j in ([inc.jurisdiction] if inc.jurisdiction else ["CN", "DE", "EU", "US"]):
            kb.assess(inc, jurisdiction=j, open_questions=False)
        t3 = clock()
        t["read"] += t1 - t0
        t["shapes"] += t2 - t1
        t["assess"] += t3 - t2
    for item in items[:200]:
        inc = check_shapes(parse_incident_text(item.text, item.path, kb.vocab), kb.vocab, kb.shapes)
        t0 = clock()
        for j in ([inc.jurisdiction] if inc.jurisdiction else ["CN", "DE", "EU", "US"]):
            kb.assess(inc, jurisdiction=j)
        t["assess_with_open_questions"] += clock() - t0
    out = {k + "_ms": 1000 * v / (n if k != "assess_with_open_questions" else min(n, 200)) for k, v in t.items()}
    total = out["read_ms"] + out["shapes_ms"] + out["assess_ms"]
    out["ceiling_on_2_cores_per_s"] = 2000 / total
    out["ceiling_assess_only_on_2_cores_per_s"] = 2000 / out["assess_ms"]
    return out


def bench_cold_warm(runs: int, log) -> dict:
    cold_dir = Path(tempfile.mkdtemp(prefix="dutybound-cold-"))
    warm_dir = Path(tempfile.mkdtemp(prefix="dutybound-warm-"))
    cmd = CLI + ["assess", str(FIRST), "--format", "json"]
    wholeprocess.run(cmd, dict(ENV, DUTYBOUND_CACHE=str(warm_dir)))       # fill the warm cache

    def empty_cold():
        shutil.rmtree(cold_dir, ignore_errors=True)
        cold_dir.mkdir()
    r = wholeprocess.paired(cmd, cmd, runs, dict(ENV, DUTYBOUND_CACHE=str(cold_dir)),
                            dict(ENV, DUTYBOUND_CACHE=str(warm_dir)), warmup=0, before_a=empty_cold)
    shutil.rmtree(cold_dir, ignore_errors=True)
    shutil.rmtree(warm_dir, ignore_errors=True)
    log(f"assess cold {r['a']['wall_s']:.2f} s, warm {r['b']['wall_s']:.2f} s")
    return {"cold": r["a"], "warm": r["b"], "cold_over_warm": r["ratio_a_over_b"]}


LARGE = """
import json, sys, time
t0 = time.perf_counter()
from dutybound.engine.kb import KnowledgeBase
kb = KnowledgeBase.load(packs=[])
t1 = time.perf_counter()
inc = kb.load_incident(sys.argv[1])
t2 = time.perf_counter()
a = kb.assess(inc, open_questions=sys.argv[2] == "1")
t3 = time.perf_counter()
print(json.dumps({"kb_s": t1 - t0, "load_s": t2 - t1, "assess_s": t3 - t2,
                  "liabilities": len(a.liabilities), "open_questions": len(a.open_questions)}))
"""


def bench_large(work: Path, sizes, timeout: float, log) -> list:
    rows = []
    for n, oq in sizes:
        path = work / f"payments-{n}.yaml"
        make_incidents.main(["--payments", str(n), "--out", str(path)])
        t0 = time.monotonic()
        try:
            p = subprocess.run([sys.executable, "-c", LARGE, str(path), "1" if oq else "0"], env=ENV,
                               capture_output=True, text=True, timeout=timeout)
            row = json.loads(p.stdout) if p.returncode == 0 else {"error": p.stderr[-300:]}
        except subprocess.TimeoutExpired:
            row = {"timeout_s": timeout}
        row.update(payments=n, open_questions_searched=oq, wall_s=time.monotonic() - t0)
        rows.append(row)
        log(f"large incident {n} payments (open questions {'on' if oq else 'off'}): {row}")
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--count", type=int, default=4000)
    ap.add_argument("--timeout", type=float, default=900, help="per large incident")
    args = ap.parse_args(argv)
    log = lambda m: print(m, file=sys.stderr, flush=True)      # noqa: E731
    work = Path(tempfile.mkdtemp(prefix="dutybound-bench-"))
    count = 500 if args.quick else args.count
    large = [(10, False), (100, False), (1000, False), (10, True)] if args.quick else \
        [(10, False), (100, False), (1000, False), (10000, False), (10, True), (30, True)]
    result = {"date": dt.date.today().isoformat(), "load_average_at_start": os.getloadavg(),
              "batch": bench_batch(work, count, max(50, count // 10), log),
              "assess_cold_warm": bench_cold_warm(3 if args.quick else 7, log),
              "large_incidents": bench_large(work, large, args.timeout, log)}
    shutil.rmtree(work, ignore_errors=True)
    out = HERE / "results" / f"{result['date']}-batch{'-quick' if args.quick else ''}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
