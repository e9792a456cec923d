"""Time the defeasible reasoner on the standard test theories, and clingo on
their Horn part.

For every family and size: build the Theory in memory (`build`), solve an
already built theory (`solve`), and both in one go (`build+solve`), each the
median of a few runs. For chain, circle, tree and dag, whose theories are
wholly Horn, clingo grounds and solves the same rules from an ASP program
string made in memory beforehand (`Control.add` + `ground` + `solve`, a fresh
Control each run). Answers are checked outside the timed region.
"""
from __future__ import annotations

import gc
import platform
import statistics
import time

import clingo

from dutybound.engine import theories as T
from dutybound.engine.defeasible import PROVED, solve

HORN = ("chain", "circle", "tree", "dag")

# the Deimos families, and the staircase (one failure-by-looping round per
# step: the case that would be quadratic if each round rescanned the theory)
FAMILIES = {**T.FAMILIES, **T.EXTRA_FAMILIES}

# family -> size parameters giving about 10^2, 10^3, 10^4, 10^5 rules
SIZES = {
    "chain": [(100,), (1_000,), (10_000,), (100_000,), (1_000_000,)],
    "circle": [(100,), (1_000,), (10_000,), (100_000,)],
    "dag": [(33, 3), (333, 3), (3_333, 3), (33_333, 3)],
    "tree": [(5, 3), (7, 3), (9, 3), (11, 3)],          # 121 .. 88,573 rules
    "levels": [(24,), (249,), (2_499,), (24_999,)],
    "levels_minus": [(24,), (249,), (2_499,), (24_999,)],
    "teams": [(2,), (4,), (6,), (7,)],                  # 84 .. 87,380 rules
    "staircase": [(14,), (142,), (1_428,), (14_285,)],   # 104 .. 100,001 rules
}


def _repeats(rules: int) -> int:
    if rules <= 2_000:
        return 15
    if rules <= 20_000:
        return 7
    if rules <= 200_000:
        return 5
    return 3


def _median(fn, repeats: int, gc_off: bool = False) -> float:
    """Median seconds per call. Calls shorter than 5 ms are looped so that
    one sample lasts about 5 ms (as timeit's autorange), so that timer
    resolution and a stray context switch do not decide the small sizes."""
    t0 = time.perf_counter()
    fn()
    once = time.perf_counter() - t0
    if once < 0.05:
        # warm up for 0.2 s: right after a row that freed gigabytes, the
        # first few milliseconds' worth of small calls run 100x slow
        end = time.perf_counter() + 0.2
        while time.perf_counter() < end:
            t0 = time.perf_counter()
            fn()
            once = time.perf_counter() - t0
    number = max(1, int(0.005 / once)) if once < 0.005 else 1
    samples = []
    for _ in range(repeats):
        gc.collect()
        if gc_off:
            gc.disable()
        try:
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            samples.append((time.perf_counter() - t0) / number)
        finally:
            gc.enable()
    return statistics.median(samples)


def clingo_once(program: str) -> tuple[float, float, float, int]:
    """(add, ground, solve) seconds and the size of the answer set."""
    t0 = time.perf_counter()
    ctl = clingo.Control(["--warn=none"])
    ctl.add("base", [], program)
    t1 = time.perf_counter()
    ctl.ground([("base", [])])
    t2 = time.perf_counter()
    size = []
    ctl.solve(on_model=lambda m: size.append(len(m.symbols(atoms=True))))
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2, size[0]


def _check(family: str, size: tuple, th, res) -> None:
    """The answers the family's shape dictates (outside the timing)."""
    if len(th.heads) <= 200_000:
        g = FAMILIES[family][0](*size)
        wrong = [k for k, v in g.expected.items() if res.status[g.names[k]] != v]
        assert not wrong, f"{family}{size}: wrong answers for {wrong[:5]}"
    else:                          # chain(10^6): every a_i proved, nothing else
        assert all(s == PROVED for s in res.status[0::2])
        assert not any(s == PROVED for s in res.status[1::2])


def bench_one(family: str, size: tuple, with_clingo: bool) -> dict:
    build = FAMILIES[family][1]
    th = build(*size)
    rules = len(th.heads)
    reps = _repeats(rules)
    res = solve(th)
    _check(family, size, th, res)
    proved_atoms = sum(1 for s in res.status[0::2] if s == PROVED)
    del res

    row = {"family": family, "size": list(size), "rules": rules,
           "atoms": th.n_atoms, "repeats": reps}
    row["build_s"] = _median(lambda: build(*size), reps)
    row["solve_s"] = _median(lambda: solve(th), reps)
    row["build_solve_s"] = _median(lambda: solve(build(*size)), reps)
    row["solve_nogc_s"] = _median(lambda: solve(th), reps, gc_off=True)
    row["solve_us_per_rule"] = 1e6 * row["solve_s"] / rules
    row["solve_nogc_us_per_rule"] = 1e6 * row["solve_nogc_s"] / rules
    row["build_solve_us_per_rule"] = 1e6 * row["build_solve_s"] / rules

    if with_clingo and family in HORN:
        program = T.horn_program(th)
        del th
        creps = max(1, min(reps, 3 if rules > 200_000 else reps))
        runs = []
        for _ in range(creps):
            gc.collect()
            runs.append(clingo_once(program))
        assert all(r[3] == proved_atoms for r in runs), "clingo disagrees"
        totals = [a + g + s for a, g, s, _ in runs]
        mid = runs[totals.index(statistics.median_low(totals))]
        row.update({
            "clingo_s": statistics.median(totals),
            "clingo_add_s": mid[0], "clingo_ground_s": mid[1], "clingo_solve_s": mid[2],
            "clingo_repeats": creps,
        })
        row["solve_over_clingo"] = row["solve_s"] / row["clingo_s"]
        row["build_solve_over_clingo"] = row["build_solve_s"] / row["clingo_s"]
    return row


def machine() -> dict:
    import os
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "implementation": platform.python_implementation(),
            "clingo": clingo.__version__, "platform": platform.platform()}


def run(max_rules: int = 1_000_000, with_clingo: bool = True, log=print) -> list[dict]:
    rows = []
    for family, sizes in SIZES.items():
        for size in sizes:
            n_rules = len(FAMILIES[family][1](*size).heads)
            if n_rules > max_rules:
                continue
            row = bench_one(family, size, with_clingo)
            log(_line(row))
            rows.append(row)
    return rows


def _line(row: dict) -> str:
    s = (f"{row['family']:>12} {str(tuple(row['size'])):>14} {row['rules']:>9} rules"
         f"  solve {row['solve_s']:.4f}s  build+solve {row['build_solve_s']:.4f}s")
    if "clingo_s" in row:
        s += f"  clingo {row['clingo_s']:.4f}s  ratio {row['solve_over_clingo']:.2f}"
    return s


def _sec(x: float) -> str:
    if x >= 1:
        return f"{x:.2f} s"
    if x >= 0.1:
        return f"{x * 1e3:.0f} ms"
    if x >= 0.01:
        return f"{x * 1e3:.1f} ms"
    return f"{x * 1e3:.2f} ms"


def markdown_table(rows: list[dict]) -> str:
    head = ("| family | size | rules | build | solve | build+solve | clingo | "
            "solve / clingo | (build+solve) / clingo | solve µs/rule | "
            "solve µs/rule, gc off |\n"
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
    out = []
    for r in rows:
        size = ", ".join(str(x) for x in r["size"])
        sec = lambda k: _sec(r[k]) if k in r else "–"          # noqa: E731
        ratio = lambda k: f"{r[k]:.2f}" if k in r else "–"     # noqa: E731
        out.append(f"| {r['family']} | {size} | {r['rules']:,} | {sec('build_s')} | "
                   f"{sec('solve_s')} | {sec('build_solve_s')} | {sec('clingo_s')} | "
                   f"{ratio('solve_over_clingo')} | {ratio('build_solve_over_clingo')} | "
                   f"{r['solve_us_per_rule']:.2f} | {r['solve_nogc_us_per_rule']:.2f} |")
    return head + "\n".join(out) + "\n"
