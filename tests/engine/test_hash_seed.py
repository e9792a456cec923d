"""The same input gives the same output in every process: Python varies string
hashes per process, so anything taken from a set in its iteration order (rule
instances, an exception's ways to match) would change the order of proofs and
which proof a report shows first. Two examples where it did."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ["cases/cn/a-forged-card-transfer-in-tangshan-is-the-banks-and-its-password-clauses-do-not-excuse-it-2015.yaml",
            "us/transfers-a-bank-employee-made-from-a-customers-account-are-the-banks-however-late-the-report.yaml",
            # the limitation of each claim, a line per claim and violation
            "us/a-card-lent-to-a-roommate-is-the-consumers-risk-until-she-tells-the-bank-and-the-bank-refunds-what-follows.yaml"]

SCRIPT = """
import json, sys
from dutybound.engine.kb import KnowledgeBase
kb = KnowledgeBase.load()
a = kb.assess(kb.load_incident(sys.argv[1]))
sys.stdout.write(json.dumps(a.to_json(), sort_keys=True, default=str))
"""


def _assess(path: Path, seed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(path)], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_json_is_the_same_whatever_the_hash_seed(name):
    path = ROOT / "dutybound" / "knowledge" / "examples" / name
    assert path.exists(), path
    assert _assess(path, "1") == _assess(path, "2")
