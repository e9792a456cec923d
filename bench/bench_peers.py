"""Dutybound against its peers, in one run:

- the defeasible reasoner on the standard test theories (chain, circle, dag, tree,
  levels, teams; Maher et al. 2001) against clingo and SPINdle, each as a whole
  process reading the same theory file (generated once: SPINdle's DFL, and for the
  Horn families an ASP program), parsing included;
- applying the ontology to an incident (engine/saturate.py) against owlrl's OWL 2 RL
  closure of the same graph (the ontology plus the incident's facts), at 10x, 100x
  and 1000x the README's first example.

    python bench/bench_peers.py [--spindle DIR] [--quick]

SPINdle is Java and not on any package index: bench/README.md says how to build it
beside the project; --spindle names that folder (classes/ and the JAXB jars of Debian's
libjaxb-api-java and libjaxb-java). Without it the SPINdle column is empty.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import wholeprocess  # noqa: E402

from dutybound.engine import theories as T  # noqa: E402
from dutybound.engine.defeasible import DEFEATER  # noqa: E402

FAMILIES = {   # family -> sizes (the generator's parameter) near 10^3, 10^4, 10^5 rules
    "chain": [1000, 10000, 100000], "circle": [1000, 10000, 100000],
    "dag": [(333, 3), (3333, 3), (33333, 3)], "tree": [(7, 3), (9, 3), (11, 3)],
    "levels": [249, 2499, 24999], "teams": [4, 6, 7],
}
HORN = {"chain", "circle", "dag", "tree"}
JAXB = ["/usr/share/java/jaxb-api.jar", "/usr/share/java/jaxb-impl.jar",
        "/usr/share/java/jaxb-core.jar", "/usr/share/java/javax.activation.jar"]


def dfl(th) -> str:
    name = lambda l: ("-a" if l & 1 else "a") + str(l >> 1)      # noqa: E731
    out = [f">> {name(f)}" for f in sorted(th.facts)]
    for i, (h, body, kind) in enumerate(zip(th.heads, th.bodies, th.kinds)):
        arrow = "~>" if kind == DEFEATER else "=>"
        out.append(f"r{i}: {','.join(name(b) for b in body)}{arrow}{name(h)}")
    out += [f"r{w}>r{l}" for w, l in th.sup]
    return "\n".join(out) + "\n"


def write_theories(folder: Path, quick: bool) -> list[dict]:
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for family, sizes in FAMILIES.items():
        builder = getattr(T, f"{family}")
        for size in sizes[:2] if quick else sizes:
            args = size if isinstance(size, tuple) else (size,)
            g = builder(*args)
            stem = f"{family}-{'-'.join(map(str, args))}"
            (folder / f"{stem}.dfl").write_text(dfl(g.theory), encoding="utf-8")
            if family in HORN:
                (folder / f"{stem}.lp").write_text(T.horn_program(g.theory) + "\n", encoding="utf-8")
            proved = sum(1 for v in g.expected.values() if v == 1)
            rows.append({"family": family, "size": ", ".join(map(str, args)), "stem": stem,
                         "rules": g.rules, "expected_proved": proved})
    return rows


def bench_theories(folder: Path, spindle: Path | None, runs: int, log) -> list[dict]:
    rows = write_theories(folder, quick=runs < 3)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    gave_up: set = set()        # families where SPINdle ran out of time at a smaller size
    for r in rows:
        f = folder / r["stem"]
        ours = [sys.executable, str(HERE / "solve_theory.py"), f"{f}.dfl"]
        out = __import__("subprocess").run(ours, capture_output=True, text=True, env=env).stdout
        r["dutybound_answer_ok"] = out.startswith(f"+d {r['expected_proved']} ")
        n = runs if r["rules"] < 50000 else 1          # 10^5 rules: one run each
        r["dutybound"] = wholeprocess.median_of(ours, n, env, warmup=0)
        if r["family"] in HORN:
            r["clingo"] = wholeprocess.median_of([sys.executable, "-m", "clingo", "-q", f"{f}.lp"],
                                                 n, warmup=0)
        if spindle and r["family"] in gave_up:
            r["spindle"] = {"skipped": "timed out at a smaller size"}
        elif spindle:
            cp = ":".join([str(spindle / "classes"), *JAXB])
            r["spindle"] = wholeprocess.median_of(
                ["java", "-cp", cp, "spindle.ReasonerMain", f"{f}.dfl"], n, warmup=0, timeout=300,
                cwd=folder)            # SPINdle writes a log/ folder where it runs
            if "timeout" in r["spindle"]:
                gave_up.add(r["family"])
        log(f"theory {r['stem']}: {r['rules']} rules, dutybound {r['dutybound'].get('wall_s')}, "
            f"clingo {r.get('clingo', {}).get('wall_s')}, spindle {r.get('spindle', {}).get('wall_s')}")
    return rows


# ----------------------------------------------------------- ontology vs owlrl

def scaled_facts(kb, copies: int):
    """The first example's facts, `copies` times over with renamed individuals."""
    from dutybound.engine.facts import TYPE, FactBase
    inc = kb.load_incident(ROOT / "examples" / "cn" /
                           "account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml")
    names = set(inc.facts.individuals)
    out = FactBase()
    for k in range(copies):
        ren = lambda x: f"{x}_{k}" if isinstance(x, str) and type(x) is str and x in names else x  # noqa: E731
        for name, src in inc.facts.individuals.items():
            out.individuals[f"{name}_{k}"] = src
        for (s, p, o), src in inc.facts.true.items():
            out.add((ren(s), p, o if p == TYPE else ren(o)), src)
        for (s, p, o), src in inc.facts.false.items():
            out.add((ren(s), p, o if p == TYPE else ren(o)), src, truth=False)
    return out


OWLRL = """
import sys, time, owlrl
from rdflib import Graph, RDF
g = Graph().parse(sys.argv[1], format="nt")
t0 = time.perf_counter()
owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
print(time.perf_counter() - t0)
base, db = sys.argv[2], "https://dutybound.org/ontology#"
for s, o in g.subject_objects(RDF.type):
    if str(s).startswith(base) and str(o).startswith(db):
        print(str(s)[len(base):], str(o)[len(db):])
"""


def bench_owlrl(kb, sizes, log, timeout: float = 900) -> list[dict]:
    """saturate() in this process against owlrl in a child (killed after `timeout`),
    each on the same facts; owlrl also gets the ontology's triples (its TBox)."""
    import subprocess
    import tempfile

    from dutybound.engine.facts import TYPE
    from dutybound.engine.ontology import saturate, vocab_graph
    from dutybound.engine.shapes import facts_graph
    from dutybound.kb.layers import ontology_files
    tbox = vocab_graph(ontology_files(kb.root))
    saturate(scaled_facts(kb, 1), kb.vocab)        # warm-up: the vocabulary's tables, once
    rows = []
    for copies in sizes:
        facts = scaled_facts(kb, copies)
        t0 = time.perf_counter()
        sat = saturate(facts, kb.vocab)
        ours = time.perf_counter() - t0
        g, base = facts_graph(facts, "bench")
        row = {"copies": copies, "individuals": len(facts.individuals), "triples": len(g),
               "saturate_s": ours}
        for t in tbox:
            g.add(t)
        with tempfile.NamedTemporaryFile(suffix=".nt", delete=False) as f:
            g.serialize(destination=f.name, format="nt", encoding="utf-8")
        try:
            p = subprocess.run([sys.executable, "-c", OWLRL, f.name, base], capture_output=True,
                               text=True, timeout=timeout)
            lines = p.stdout.splitlines()
            theirs = float(lines[0])
            their_types = {tuple(x.split(" ", 1)) for x in lines[1:]}
            ours_types = {(s, o) for (s, p_, o) in sat.true if p_ == TYPE}
            row.update(owlrl_s=theirs, owlrl_over_saturate=theirs / ours, types_ours=len(ours_types),
                       types_owlrl=len(their_types),
                       types_owlrl_not_ours=sorted(their_types - ours_types)[:20],
                       types_ours_not_owlrl=sorted(ours_types - their_types)[:20])
            log(f"ontology x{copies}: saturate {ours:.3f} s, owlrl {theirs:.2f} s ({theirs / ours:.0f}x)")
        except subprocess.TimeoutExpired:
            row.update(owlrl_timeout_s=timeout, owlrl_over_saturate_at_least=timeout / ours)
            log(f"ontology x{copies}: saturate {ours:.3f} s, owlrl did not finish in {timeout:.0f} s")
        finally:
            os.unlink(f.name)
        rows.append(row)
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--spindle", type=Path, help="the folder SPINdle was built in (classes/)")
    ap.add_argument("--quick", action="store_true", help="smaller sizes, one run each")
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "dutybound-bench")
    args = ap.parse_args(argv)
    from dutybound.engine.kb import KnowledgeBase
    kb = KnowledgeBase.load(packs=[])
    runs = 1 if args.quick else 3
    log = lambda m: print(m, file=sys.stderr, flush=True)      # noqa: E731
    result = {"date": dt.date.today().isoformat(), "machine": _machine(),
              "theories": bench_theories(args.data / "theories", args.spindle, runs, log),
              "ontology": bench_owlrl(kb, [10, 100] if args.quick else [10, 100, 1000], log)}
    out = HERE / "results" / f"{result['date']}-peers{'-quick' if args.quick else ''}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {out}")
    return 0


def _machine() -> dict:
    import platform
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}


if __name__ == "__main__":
    sys.exit(main())
