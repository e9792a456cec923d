"""The open-question search's budget of incremental work (engine/questions.py
`work_budget`, issue 10): a question's incremental cost can grow with the
incident (an aggregate over every payment is re-settled for each payment's
question), so the search is bounded by a multiple of the assessment's size.
Past the budget a question that could matter is listed as unevaluated, never
dropped; below it (every bundled example) the answers do not depend on it."""
import importlib.util
from pathlib import Path

import pytest
import yaml

from dutybound.engine import delta as delta_module
from dutybound.engine import questions

ROOT = Path(__file__).resolve().parents[2]
FIRST = ROOT / "examples" / "cn" / "account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"


def _make_incidents():
    spec = importlib.util.spec_from_file_location("make_incidents", ROOT / "bench" / "make_incidents.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture()
def deltas(monkeypatch):
    """Every Delta the search builds, to read the work it metered."""
    seen = []
    init = delta_module.Delta.__init__

    def record(self, *args, **kwargs):
        init(self, *args, **kwargs)
        seen.append(self)
    monkeypatch.setattr(delta_module.Delta, "__init__", record)
    return seen


def _payments(tmp_path, n) -> Path:
    path = tmp_path / f"payments-{n}.yaml"
    path.write_text(yaml.safe_dump(_make_incidents().with_payments(n), allow_unicode=True), encoding="utf-8")
    return path


def test_a_bundled_example_stays_far_below_the_budget(kb, deltas):
    kb.assess(kb.load_incident(FIRST))
    (d,) = deltas
    assert 0 < d.work < questions.work_budget(d) / 4


def test_past_the_budget_questions_are_unevaluated_not_dropped(kb, deltas, tmp_path, monkeypatch):
    incident = kb.load_incident(_payments(tmp_path, 6))
    unbounded = kb.assess(incident).open_questions
    (full,) = deltas
    assert not any("unevaluated" in q for q in unbounded)
    monkeypatch.setattr(questions, "WORK_PER_SIZE", 0)
    monkeypatch.setattr(questions, "WORK_FLOOR", 0)
    deltas.clear()
    bounded = kb.assess(incident).open_questions
    left = [q for q in bounded if "unevaluated" in q]
    assert left, "with no budget every question past the first is left unevaluated"
    # the same questions are listed (those a sound check says could matter), fewer evaluated
    assert {q["fact"] for q in unbounded} <= {q["fact"] for q in bounded}
    evaluated = [q for q in bounded if "if_true" in q or "if_false" in q]
    assert len(evaluated) < len([q for q in unbounded if "if_true" in q or "if_false" in q])
    # the work stops once the budget is spent (here after the first question, the costliest)
    (bounded_delta,) = deltas
    assert bounded_delta.work < full.work
