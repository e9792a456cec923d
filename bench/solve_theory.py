"""Solve a defeasible theory file with Dutybound's reasoner, as a whole process.

    python bench/solve_theory.py THEORY.dfl

The file is in SPINdle's DFL syntax, the subset the standard test theories use:
`>> a` a fact, `r1: a,b => c` a defeasible rule, `r2: a ~> -c` a defeater, `r1 > r2`
a superiority, `-` negation, `#` a comment. Prints how many literals are proved
(+d) and refuted (-d). This is the benchmark's reader, not part of the package.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dutybound.engine.defeasible import DEFEASIBLE, DEFEATER, PROVED, REFUTED, Theory, solve  # noqa: E402


def read_dfl(text: str) -> Theory:
    th = Theory()
    atoms: dict[str, int] = {}
    rules: dict[str, int] = {}
    sups = []

    def lit(s: str) -> int:
        s = s.strip()
        neg = s.startswith("-")
        name = s[1:] if neg else s
        if name not in atoms:
            atoms[name] = th.new_atom()
        return atoms[name] | neg

    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith(">>"):
            th.facts.add(lit(line[2:]))
        elif ":" in line:
            label, rest = line.split(":", 1)
            for arrow, kind in (("=>", DEFEASIBLE), ("~>", DEFEATER), ("->", DEFEASIBLE)):
                if arrow in rest:
                    body, head = rest.split(arrow, 1)
                    rules[label.strip()] = th.add_rule(
                        lit(head), [lit(b) for b in body.split(",") if b.strip()], kind)
                    break
        elif ">" in line:
            sups.append(tuple(x.strip() for x in line.split(">", 1)))
    for w, l in sups:
        th.add_sup(rules[w], rules[l])
    return th


def main() -> int:
    th = read_dfl(Path(sys.argv[1]).read_text(encoding="utf-8"))
    r = solve(th)
    print(f"+d {sum(s == PROVED for s in r.status)} -d {sum(s == REFUTED for s in r.status)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
