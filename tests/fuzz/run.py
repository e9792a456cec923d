"""Runs every fuzz target for a fixed budget, from a seed corpus of the bundled
examples, the bad inputs and the rule files (what .ci/run does).

    python tests/fuzz/run.py [--seconds-each 60] [TARGET ...] [-- libFuzzer flags]

Exit 0 when no target crashed, hung or blew up; otherwise 1, with the input
that did it saved under the work folder (crash-*, timeout-*, oom-*). Prints the
executions of each target.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
SEEDS = {
    "yaml": ["dutybound/knowledge/examples/**/*.yaml", "tests/incidents/bad/*.yaml", "tests/store/incidents/*.yaml"],
    "json": ["tests/incidents/bad/*.json"],
    "turtle": ["dutybound/knowledge/examples/**/*.ttl", "tests/incidents/bad/*.ttl"],
    "jsonld": ["tests/incidents/bad/*.jsonld", "tests/fuzz/seeds/*.jsonld"],
    "rules": ["dutybound/knowledge/rules/**/*.md", "tests/rules/good/*.md", "tests/rules/bad/*.md"],
}


def seed(target: str, corpus: Path) -> int:
    corpus.mkdir(parents=True, exist_ok=True)
    n = 0
    for pattern in SEEDS[target]:
        for p in sorted(ROOT.glob(pattern)):
            shutil.copy(p, corpus / f"{n:04d}-{p.name}")
            n += 1
    if target == "json":          # the YAML examples, as JSON
        import json

        import yaml
        for p in sorted(ROOT.glob("dutybound/knowledge/examples/**/*.yaml")):
            data = yaml.safe_load(p.read_text(encoding="utf-8"))
            (corpus / f"{n:04d}-{p.stem}.json").write_text(json.dumps(data, default=str, indent=1))
            n += 1
    return n


def main() -> int:
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    ap = argparse.ArgumentParser()
    ap.add_argument("targets", nargs="*", default=list(SEEDS))
    ap.add_argument("--seconds-each", type=int, default=60)
    ap.add_argument("--work", type=Path, default=None, help="where corpora and crashes go")
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="dutybound-fuzz-"))
    failed, total = [], 0
    for target in args.targets:
        corpus, out = work / target / "corpus", work / target
        seeds = seed(target, corpus)
        cmd = [sys.executable, str(HERE / "targets.py"), target, str(corpus),
               f"-max_total_time={args.seconds_each}", "-timeout=20", "-rss_limit_mb=2048",
               "-max_len=65536", f"-artifact_prefix={out}/", "-print_final_stats=1", *extra]
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                           env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                                "HOME": str(work), "DUTYBOUND_CACHE": str(work / "cache")})
        runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", r.stderr)
        n = int(runs[-1]) if runs else 0
        total += n
        crashed = r.returncode != 0
        print(f"{target:7} {n:>8} executions from {seeds} seeds in {args.seconds_each} s: "
              f"{'CRASH (see ' + str(out) + ')' if crashed else 'no crash'}", flush=True)
        if crashed:
            failed.append(target)
            print("\n".join(r.stderr.splitlines()[-60:]), file=sys.stderr)
    print(f"fuzzing: {total} executions, {len(failed)} targets crashed {failed or ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
