"""The case book (examples/cases/): real decisions, each expecting what the
court decided. A case agrees, or carries a `known_disagreement` that says why
the engine differs; an unexplained disagreement, a stale explanation or a case
without its citation fails."""
from __future__ import annotations

from pathlib import Path

import pytest

from dutybound.engine.casebook import case_files, judge, render_casebook, summary

ROOT = Path(__file__).resolve().parents[2]
CASES = case_files(ROOT / "dutybound" / "knowledge")


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_case_agrees_with_the_court_or_says_why_not(kb, path):
    row = judge(kb, path)
    assert row["status"] in ("agrees", "known disagreement"), render_casebook([row])
    if row["status"] == "known disagreement":
        assert len(" ".join(str(row["reason"]).split())) >= 40, "say why the engine differs, in a sentence"


def test_the_summary_counts_failures(tmp_path, kb):
    case = tmp_path / "a-case-without-its-citation.yaml"
    case.write_text("incident: x\ndate: 2022-01-01\njurisdiction: CN\ndecision: {court: X}\n"
                    "individuals: {a: {a: Consumer}}\nexpect: {liabilities: []}\n", encoding="utf-8")
    row = judge(kb, case)
    assert row["status"] == "invalid" and "date, docket, url" in row["differences"][0]
    assert summary([row])["failures"] == 1
