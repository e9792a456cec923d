"""The scalable test theories of defeasible logic, as ground `Theory` objects.

Maher, Rock, Antoniou, Billington and Miller, "Efficient defeasible reasoning
systems" (IJAIT 10(4), 2001) measure Deimos and Delores on a family of
generated theories with known answers. Their generator is the literate
Haskell module `DTestTheories` of Deimos, by Andrew Rock (a co-author of the
paper; the module's companion appendix "DTestTheories.tex" describes the same
theories). The definitions below transcribe that module exactly: literal
indices, rule order, priorities, and the suggested query (`generateTL`); the
fact, rule and priority counts agree with its `generateMetrics`. The paper's
own text was not available to check against; if its prose numbers a family
from the other end (a chain ending at a_0, say), only the names differ.

  chain(n)        fact a0; R_i: a_{i-1} => a_i for i = 1..n.          n rules
  circle(n)       R_i: a_i => a_{(i+1) mod n} for i = 0..n-1.          n rules
  dag(n, k)       facts a_{kn+1}..a_{kn+k};
                  R_i: a_{i+1}, ..., a_{i+k} => a_i for i = 0..kn.      nk+1 rules
  tree(n, k)      a0 is the root of a complete k-branching tree of depth n:
                  every inner literal has one rule whose body is its k
                  children, the k^n leaves are facts.           sum k^d (d < n)
  levels(n)       R0: => a0 and, for i = 0..n,
                  R_{4i+1}: a_{2i+1} => ~a_{2i}    R_{4i+2}: => a_{2i+1}
                  R_{4i+3}: a_{2i+2} => ~a_{2i+1}  R_{4i+4}: => a_{2i+2}
                  with R_{4i+3} > R_{4i+2}.                            4n+5 rules
  levels_minus(n) levels(n) without the superiority relation ("levels-").
  teams(n)        every literal has a team of two rules for it and two
                  against it, each supporter beating one attacker; the
                  bodies are the literals of the next level, repeated to
                  depth n, the last level's rules have empty bodies.
                  Rule m: a_{m+1} => +-a_{m div 4} (positive iff m mod 4 < 2),
                  R_m > R_{m+2} for m mod 4 in {0, 1}.       4 sum 4^i (i <= n)

Not from Deimos, and not in FAMILIES (whose sizes follow generateMetrics):

  staircase(n)    n+1 positive loops p_i <=> q_i, each with an escape
                  z_i => p_i that stays open until loop i-1 is refuted:
                  => y_i, p_{i-1} => ~y_i (i >= 1), => z_i, y_i => ~z_i.
                  Refuting loop i-1 by looping blocks the attacker of y_i,
                  y_i is proved, its rule refutes z_i, the escape is blocked
                  and loop i is unfounded: one failure-by-looping round per
                  step. Atoms p_i, q_i, y_i, z_i are a_{4i} .. a_{4i+3}.
                                                                 7n+6 rules

Expected answers (ambiguity blocking with team defeat, plus failure by
looping as in `defeasible`): chain, dag, tree and teams prove every a_i and
refute every ~a_i; circle refutes everything (looping); levels proves
a_{2j} and ~a_{2j+1} and refutes the rest; levels_minus proves a_{2j} and
refutes a_{2j+1}, ~a_{2j+1} and ~a_{2j} (both sides of each tie fail);
staircase proves every y_i and refutes everything else, every p_i and q_i
by looping.

Literal a_i is atom i, so it is the literal 2i and ~a_i is 2i+1.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Iterator, NamedTuple

from dutybound.engine.defeasible import DEFEASIBLE, PROVED, REFUTED, Theory

__all__ = [
    "Generated", "LiteralNames", "FAMILIES",
    "chain", "circle", "dag", "tree", "levels", "levels_minus", "teams",
    "chain_theory", "circle_theory", "dag_theory", "tree_theory",
    "levels_theory", "levels_minus_theory", "teams_theory", "horn_program",
    "staircase", "staircase_theory", "EXTRA_FAMILIES",
]


class LiteralNames(Mapping):
    """Name -> literal for atoms a0..a{n-1}: 'a3' is 6, '~a3' is 7.

    Computed, not stored, so a theory of a million rules costs no dict."""

    def __init__(self, n_atoms: int):
        self.n_atoms = n_atoms

    def __getitem__(self, name: str) -> int:
        neg = name.startswith("~")
        core = name[1:] if neg else name
        if core[:1] != "a" or not core[1:].isdigit():
            raise KeyError(name)
        i = int(core[1:])
        if i >= self.n_atoms:
            raise KeyError(name)
        return 2 * i + neg

    def __iter__(self) -> Iterator[str]:
        for i in range(self.n_atoms):
            yield f"a{i}"
            yield f"~a{i}"

    def __len__(self) -> int:
        return 2 * self.n_atoms

    @staticmethod
    def name(lit: int) -> str:
        return ("~a" if lit & 1 else "a") + str(lit >> 1)


class Generated(NamedTuple):
    theory: Theory
    expected: dict      # literal name -> PROVED | REFUTED, every literal
    names: LiteralNames
    rules: int
    query: str          # the generator's suggested tagged literal, e.g. "+d a0"


def _new(n_atoms: int) -> Theory:
    th = Theory()
    th.n_atoms = n_atoms        # atoms a0..a{n-1}; same as n new_atom() calls
    return th


def _all(n_atoms: int, pos: int, neg: int) -> dict:
    exp = {}
    for i in range(n_atoms):
        exp[f"a{i}"] = pos
        exp[f"~a{i}"] = neg
    return exp


# -- builders: the theory alone (what the benchmark times) -------------------

def chain_theory(n: int) -> Theory:
    th = _new(n + 1)
    th.facts.add(0)
    add = th.add_rule
    for i in range(1, n + 1):
        add(2 * i, (2 * (i - 1),))
    return th


def circle_theory(n: int) -> Theory:
    th = _new(n)
    add = th.add_rule
    for i in range(n):
        add(2 * ((i + 1) % n), (2 * i,))
    return th


def dag_theory(n: int, k: int) -> Theory:
    th = _new(k * n + k + 1)
    for i in range(k * n + 1, k * n + k + 1):
        th.facts.add(2 * i)
    add = th.add_rule
    for i in range(k * n + 1):
        add(2 * i, tuple(2 * (i + j) for j in range(1, k + 1)))
    return th


def _tree_size(n: int, k: int) -> tuple[int, int]:
    inner = sum(k ** d for d in range(n))          # = rules
    return inner, inner + k ** n                   # rules, atoms


def tree_theory(n: int, k: int) -> Theory:
    inner, atoms = _tree_size(n, k)
    th = _new(atoms)
    for i in range(inner, atoms):                  # the leaves
        th.facts.add(2 * i)
    add = th.add_rule
    above = 0                                      # literals above depth d
    for d in range(n):
        width = k ** d
        for w in range(width):
            below = above + width + w * k
            add(2 * (above + w), tuple(2 * j for j in range(below, below + k)))
        above += width
    return th


def _levels(n: int, with_sup: bool) -> Theory:
    th = _new(2 * n + 3)
    add = th.add_rule
    add(0, ())                                               # R0: => a0
    for i in range(n + 1):
        add(2 * (2 * i) + 1, (2 * (2 * i + 1),))             # a_{2i+1} => ~a_{2i}
        r2 = add(2 * (2 * i + 1), ())                        # => a_{2i+1}
        r3 = add(2 * (2 * i + 1) + 1, (2 * (2 * i + 2),))    # a_{2i+2} => ~a_{2i+1}
        add(2 * (2 * i + 2), ())                             # => a_{2i+2}
        if with_sup:
            th.add_sup(r3, r2)
    return th


def levels_theory(n: int) -> Theory:
    return _levels(n, True)


def levels_minus_theory(n: int) -> Theory:
    return _levels(n, False)


def teams_theory(n: int) -> Theory:
    total = 4 * sum(4 ** i for i in range(n + 1))
    bottom = total - 4 ** (n + 1)                  # first rule of level n
    th = _new(total // 4)
    add = th.add_rule
    for m in range(total):
        head = 2 * (m // 4) + (m % 4 >= 2)
        add(head, (2 * (m + 1),) if m < bottom else ())
    for m in range(0, total, 4):
        th.add_sup(m, m + 2)
        th.add_sup(m + 1, m + 3)
    return th


def staircase_theory(n: int) -> Theory:
    th = _new(4 * (n + 1))
    add = th.add_rule
    for i in range(n + 1):
        p, q, y, z = 8 * i, 8 * i + 2, 8 * i + 4, 8 * i + 6
        add(q, (p,))                    # p_i => q_i
        add(p, (q,))                    # q_i => p_i
        add(p, (z,))                    # z_i => p_i   (the escape)
        add(y, ())                      # => y_i
        if i:
            add(y ^ 1, (p - 8,))        # p_{i-1} => ~y_i
        add(z, ())                      # => z_i
        add(z ^ 1, (y,))                # y_i => ~z_i
    return th


# -- generators: theory, expected answers, names, rule count, query ----------

def _gen(th: Theory, expected: dict, query: str) -> Generated:
    return Generated(th, expected, LiteralNames(th.n_atoms), len(th.heads), query)


def chain(n: int) -> Generated:
    th = chain_theory(n)
    return _gen(th, _all(th.n_atoms, PROVED, REFUTED), f"+d a{n}")


def circle(n: int) -> Generated:
    th = circle_theory(n)
    return _gen(th, _all(th.n_atoms, REFUTED, REFUTED), "-d a0")


def dag(n: int, k: int) -> Generated:
    th = dag_theory(n, k)
    return _gen(th, _all(th.n_atoms, PROVED, REFUTED), "+d a0")


def tree(n: int, k: int) -> Generated:
    th = tree_theory(n, k)
    return _gen(th, _all(th.n_atoms, PROVED, REFUTED), "+d a0")


def _levels_expected(n_atoms: int, with_sup: bool) -> dict:
    exp = {}
    for i in range(n_atoms):
        even = i % 2 == 0
        exp[f"a{i}"] = PROVED if even else REFUTED
        exp[f"~a{i}"] = PROVED if (with_sup and not even) else REFUTED
    return exp


def levels(n: int) -> Generated:
    th = levels_theory(n)
    return _gen(th, _levels_expected(th.n_atoms, True), "+d a0")


def levels_minus(n: int) -> Generated:
    th = levels_minus_theory(n)
    return _gen(th, _levels_expected(th.n_atoms, False), "+d a0")


def teams(n: int) -> Generated:
    th = teams_theory(n)
    return _gen(th, _all(th.n_atoms, PROVED, REFUTED), "+d a0")


def staircase(n: int) -> Generated:
    th = staircase_theory(n)
    exp = _all(th.n_atoms, REFUTED, REFUTED)
    for i in range(n + 1):
        exp[f"a{4 * i + 2}"] = PROVED                # y_i
    return _gen(th, exp, f"-d a{4 * n}")


# name -> (generator, builder, number of size parameters)
FAMILIES = {
    "chain": (chain, chain_theory, 1),
    "circle": (circle, circle_theory, 1),
    "dag": (dag, dag_theory, 2),
    "tree": (tree, tree_theory, 2),
    "levels": (levels, levels_theory, 1),
    "levels_minus": (levels_minus, levels_minus_theory, 1),
    "teams": (teams, teams_theory, 1),
}

# generated families outside the Deimos set, same shape as FAMILIES
EXTRA_FAMILIES = {
    "staircase": (staircase, staircase_theory, 1),
}


def horn_program(th: Theory) -> str:
    """The theory's Horn part as an ASP program: its positive facts and its
    defeasible rules with a positive head and a positive body. For chain,
    circle, dag and tree that is the whole theory, and its answer set is the
    set of atoms the theory proves."""
    out = [f"a{f >> 1}." for f in th.facts if not f & 1]
    for h, body, kind in zip(th.heads, th.bodies, th.kinds):
        if kind != DEFEASIBLE or h & 1 or any(l & 1 for l in body):
            continue
        if body:
            out.append(f"a{h >> 1} :- " + ", ".join(f"a{l >> 1}" for l in body) + ".")
        else:
            out.append(f"a{h >> 1}.")
    return "\n".join(out)
