"""Rewrite bench/README.md's scale and peer tables from the latest results:

    python bench/report_scale.py        # reads bench/results/*-batch.json and *-peers.json
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import README, replace_block  # noqa: E402


def latest(kind: str) -> tuple[dict, str]:
    files = sorted((HERE / "results").glob(f"*-{kind}.json"))
    if not files:
        raise SystemExit(f"no bench/results/*-{kind}.json: run bench/bench_{kind}.py first")
    return json.loads(files[-1].read_text(encoding="utf-8")), files[-1].name


def s(x, unit="s"):
    if x is None:
        return "–"
    if unit == "s":
        return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"
    return f"{x:,.1f}"


def theories_table(peers: dict) -> str:
    out = ["| theory | rules | Dutybound | clingo | SPINdle | clingo / Dutybound | SPINdle / Dutybound | answer checked |",
           "|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in peers["theories"]:
        d = r["dutybound"].get("wall_s")
        c = r.get("clingo", {}).get("wall_s")
        sp = r.get("spindle", {})
        sw = sp.get("wall_s")
        if sw:
            sp_text, sp_ratio = s(sw), f"{sw / d:.1f}x"
        elif sp.get("timeout"):
            sp_text, sp_ratio = f"> {sp['timeout']:.0f} s", f"> {sp['timeout'] / d:.0f}x"
        elif sp.get("skipped"):
            sp_text, sp_ratio = "not run (timed out at a smaller size)", "–"
        else:
            sp_text, sp_ratio = "–", "–"
        c_ratio = f"{c / d:.1f}x" if c else "– (not Horn)"
        ok = "yes" if r.get("dutybound_answer_ok") else "NO"
        out.append(f"| {r['family']} {r['size']} | {r['rules']:,} | {s(d)} | {s(c)} | {sp_text} | "
                   f"{c_ratio} | {sp_ratio} | {ok} |")
    return "\n".join(out) + "\n"


def ontology_table(peers: dict) -> str:
    out = ["| incident | individuals | facts (triples) | Dutybound saturate | owlrl closure | owlrl / Dutybound | types derived (Dutybound, owlrl) |",
           "|---|---:|---:|---:|---:|---:|---|"]
    for r in peers["ontology"]:
        if "owlrl_s" in r:
            ratio, theirs = f"{r['owlrl_over_saturate']:,.0f}x", s(r["owlrl_s"])
            types = f"{r['types_ours']:,}, {r['types_owlrl']:,}" + (
                "" if not (r["types_owlrl_not_ours"] or r["types_ours_not_owlrl"]) else " (differ)")
        else:
            ratio, theirs = f"> {r['owlrl_over_saturate_at_least']:,.0f}x", f"> {r['owlrl_timeout_s']:.0f} s"
            types = "–"
        out.append(f"| first example x{r['copies']} | {r['individuals']:,} | {r['triples']:,} | "
                   f"{s(r['saturate_s'])} | {theirs} | {ratio} | {types} |")
    return "\n".join(out) + "\n"


def main() -> int:
    peers, pname = latest("peers")
    text = README.read_text(encoding="utf-8")
    text = replace_block(text, "peers-theories", theories_table(peers) + f"\nFrom `bench/results/{pname}`.\n")
    text = replace_block(text, "peers-ontology", ontology_table(peers) + f"\nFrom `bench/results/{pname}`.\n")
    README.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
