"""Run the benchmarks: `python bench/run.py` (3-4 minutes on 2 cores).

Writes bench/results/<date>-theories.json (and <date>-examples.json when the
bundled examples can be assessed) and rewrites the tables in bench/README.md.

    python bench/run.py --quick        # up to 10^4 rules, a smoke run (~20 s)
    python bench/run.py --no-readme    # measure and record, leave README alone
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))          # run from a clone without installing
sys.path.insert(0, str(HERE))

import bench_theories  # noqa: E402

README = HERE / "README.md"
RESULTS = HERE / "results"


def replace_block(text: str, name: str, body: str) -> str:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SystemExit(f"bench/README.md: markers {start} .. {end} are missing")
    return pattern.sub(lambda _: f"{start}\n{body}{end}", text)


def bench_examples(runs: int = 50, oq_runs: int = 10, log=print) -> tuple[list[dict], str | None]:
    """Warm per-example time: one KnowledgeBase, one warm-up per example,
    then the median of `runs` assessments (conclusions, conflicts, defences
    and proofs) and of `oq_runs` assessments that also search the open
    questions (each a re-assessment per unknown fact that might matter)."""
    try:
        from dutybound.engine.kb import KnowledgeBase
    except Exception as e:                       # not there yet in this tree
        return [], f"dutybound.engine.kb unavailable ({type(e).__name__}: {e})"
    examples = sorted(p for p in (ROOT / "examples").glob("**/*.yaml")
                      if "kb" not in p.relative_to(ROOT / "examples").parts)    # packs: their own cases
    if not examples:
        return [], "no examples/**/*.yaml in this tree"
    try:
        t0 = time.perf_counter()
        kb = KnowledgeBase.load()
        load_s = time.perf_counter() - t0
    except Exception as e:
        return [], f"KnowledgeBase.load() failed ({type(e).__name__}: {e})"
    rows = []
    for path in examples:
        rel = str(path.relative_to(ROOT))
        try:
            incident = kb.load_incident(path)
            kb.assess(incident)
            times, oq_times = [], []
            for _ in range(runs):
                t0 = time.perf_counter()
                kb.assess(incident, open_questions=False)
                times.append(time.perf_counter() - t0)
            for _ in range(oq_runs):
                t0 = time.perf_counter()
                a = kb.assess(incident)
                oq_times.append(time.perf_counter() - t0)
        except Exception as e:
            rows.append({"example": rel, "error": f"{type(e).__name__}: {e}"})
            log(f"{rel}: error {type(e).__name__}: {e}")
            continue
        row = {"example": rel, "median_s": statistics.median(times),
               "min_s": min(times), "runs": runs, "kb_load_s": load_s,
               "with_open_questions_median_s": statistics.median(oq_times),
               "open_questions": len(a.open_questions), "oq_runs": oq_runs}
        rows.append(row)
        log(f"{rel}: {row['median_s'] * 1e3:.2f} ms, "
            f"{row['with_open_questions_median_s'] * 1e3:.1f} ms with open questions")
    return rows, None


def examples_table(rows: list[dict]) -> str:
    out = ["| example | assessment, median (50 runs) | min | with open questions, median (10 runs) "
           "| open questions |", "|---|---:|---:|---:|---:|"]
    for r in rows:
        if "error" in r:
            out.append(f"| {r['example']} | error: {r['error']} | | | |")
        else:
            out.append(f"| {r['example']} | {r['median_s'] * 1e3:.2f} ms | "
                       f"{r['min_s'] * 1e3:.2f} ms | {r['with_open_questions_median_s'] * 1e3:.1f} ms "
                       f"| {r['open_questions']} |")
    ok = [r for r in rows if "median_s" in r]
    load = next((r["kb_load_s"] for r in ok), None)
    tail = "\n"
    if ok:
        med = statistics.median(r["median_s"] for r in ok) * 1e3
        tail = (f"\nMedian over the examples: {med:.2f} ms per assessment; "
                f"`KnowledgeBase.load()` (once): {load:.2f} s.\n")
    return "\n".join(out) + "\n" + tail


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="only up to 10^4 rules")
    ap.add_argument("--max-rules", type=int, default=1_000_000)
    ap.add_argument("--no-clingo", action="store_true")
    ap.add_argument("--no-readme", action="store_true", help="do not rewrite README tables")
    ap.add_argument("--skip-examples", action="store_true")
    ap.add_argument("--examples-only", action="store_true",
                    help="only the bundled examples (keeps the theories table as it is)")
    args = ap.parse_args(argv)
    max_rules = 20_000 if args.quick else args.max_rules

    RESULTS.mkdir(exist_ok=True)
    today = dt.date.today().isoformat()
    started = time.perf_counter()
    record = {"date": today, "machine": bench_theories.machine(), "quick": args.quick}
    text = README.read_text() if README.exists() else None
    if not args.examples_only:
        rows = bench_theories.run(max_rules=max_rules, with_clingo=not args.no_clingo)
        record["results"] = rows
        out = RESULTS / f"{today}-theories{'-quick' if args.quick else ''}.json"
        out.write_text(json.dumps(record, indent=1) + "\n")
        print(f"wrote {out.relative_to(ROOT)}")
    if text is not None and not args.no_readme and not args.quick and not args.examples_only:
        m = record["machine"]
        note = (f"\nMeasured {today} on {m['cpu']}, {m['cores']} cores, "
                f"{m['implementation']} {m['python']}, clingo {m['clingo']} "
                f"(`bench/results/{today}-theories.json`).\n")
        text = replace_block(text, "theories-table",
                             bench_theories.markdown_table(rows) + note)

    if not args.skip_examples:
        ex_rows, why_not = bench_examples()
        if why_not:
            print(f"examples: skipped: {why_not}")
        else:
            ex_out = RESULTS / f"{today}-examples.json"
            ex_out.write_text(json.dumps({"date": today, "machine": record["machine"],
                                          "results": ex_rows}, indent=1) + "\n")
            print(f"wrote {ex_out.relative_to(ROOT)}")
            if text is not None and not args.no_readme and not args.quick:
                text = replace_block(text, "examples-table", examples_table(ex_rows))

    if text is not None and not args.no_readme and not args.quick:
        README.write_text(text)
        print("updated bench/README.md")
    print(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
