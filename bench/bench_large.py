"""Large incidents: the README's CN example with its payment replicated n times
(issue 10, part 3), and a variant whose payments leave their account unstated
(each then has one candidate account per account of the incident: an unknown
link, engine/completion.py). Timed warm: one KnowledgeBase, the incident loaded
once; `assessment` without the open-question search, `with open questions` the
whole `kb.assess`.

    python bench/bench_large.py                 # 10 .. 10,000 payments
    python bench/bench_large.py --sizes 100 1000
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

SOURCE = ROOT / "examples/cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"
SIZES = (10, 30, 100, 300, 1000, 3000, 10000)


def replicate(n: int, unknown_account: bool = False) -> str:
    """The example's YAML with pay1 replaced by pay1..payn, one minute apart."""
    text = SOURCE.read_text(encoding="utf-8")
    text = re.sub(r"\nexpect:.*", "\n", text, flags=re.S)
    m = re.search(r"(  pay1:\n(?:    .*\n)+)", text)
    block = m.group(1)
    out = []
    for i in range(1, n + 1):
        b = block.replace("pay1:", f"pay{i}:").replace(
            "time: 2022-03-14T02:13", f"time: 2022-03-14T{2 + (13 + i) // 60 % 22:02d}:{(13 + i) % 60:02d}")
        if unknown_account:
            b = b.replace("    debitedFrom: wallet\n", "")
        out.append(b)
    if unknown_account:      # a second account the payments could have been debited from
        out.append("  savings:\n    a: PaymentAccount\n    heldBy: alice\n    providedBy: zfb\n")
    return text.replace(block, "".join(out))


def measure(kb, n: int, unknown_account: bool, oq: bool = True) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8") as f:
        f.write(replicate(n, unknown_account))
        path = f.name
    incident = kb.load_incident(path)
    kb.assess(incident, open_questions=False)          # warm-up
    t0 = time.perf_counter()
    a = kb.assess(incident, open_questions=False)
    plain = time.perf_counter() - t0
    row = {"payments": n, "unknown_account": unknown_account, "assessment_s": plain,
           "instances": sum(len(r.instances) for r in a.evaluation.runs),
           "liabilities": len(a.liabilities)}
    if oq:
        t0 = time.perf_counter()
        a = kb.assess(incident)
        row["with_open_questions_s"] = time.perf_counter() - t0
        row["open_questions"] = len(a.open_questions)
    Path(path).unlink()
    return row


def main(argv=None) -> list[dict]:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    ap.add_argument("--no-open-questions", action="store_true")
    args = ap.parse_args(argv)
    from dutybound.engine.kb import KnowledgeBase
    kb = KnowledgeBase.load()
    rows = []
    for unknown in (False, True):
        for n in args.sizes:
            row = measure(kb, n, unknown, not args.no_open_questions)
            rows.append(row)
            print(row, flush=True)
    return rows


if __name__ == "__main__":
    main()
