"""Every bundled example states the outcome it must produce (its `expect:`
block, docs/incident-format.md); this runs them all. Test ids are the file
names, which are sentences."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
# the case book (examples/cases/) has its own test, which knows its explained disagreements;
# the rule packs' cases (examples/kb/) are assessed with their pack (tests/kb/)
EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*.yaml")
                  if "cases" not in p.parts and "kb" not in p.parts)


def _ids(p: Path) -> str:
    return f"{p.parent.name}/{p.stem}"


def test_there_are_examples():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("path", EXAMPLES, ids=_ids)
def test_example_gives_its_expected_outcome(kb, path):
    expect = yaml.safe_load(path.read_text(encoding="utf-8")).get("expect")
    assert expect, f"{path} has no expect: block; every example states its outcome"
    if "by_jurisdiction" in expect:          # an incident compared across jurisdictions
        for j, want in expect["by_jurisdiction"].items():
            check_expectations(kb.assess(path, jurisdiction=j), want)
        return
    a = kb.assess(path)
    check_expectations(a, expect)


def check_expectations(a, expect: dict) -> None:
    from dutybound.engine.expectations import differences
    diffs = differences(a, expect)
    assert not diffs, "\n".join(diffs)


def test_turtle_and_yaml_incidents_agree(kb):
    ttl = kb.assess(ROOT / "examples/cn/account-takeover-2022-in-turtle.ttl")
    [l] = ttl.liabilities
    assert (l["party"], l["to"], l["form"], l["amount"], l["basis"]) == ("zfb", "alice", "Sole", "8000.00", "ECL-57-2")


def test_the_same_facts_before_2021_fall_under_tort_liability_law_37(kb):
    path = ROOT / "examples/cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"
    import datetime as dt
    before = kb.assess(path, as_of=dt.date(2020, 12, 31))
    after = kb.assess(path)
    assert {l["basis"] for l in before.liabilities} == {"ECL-57-2", "TLL-37-2"}
    assert {l["basis"] for l in after.liabilities} == {"ECL-57-2", "CC-1198-2"}
    [sup] = [l for l in after.liabilities if l["form"] == "Supplementary"]
    assert sup["recourse_against"] == "fraudster"        # CC 1198(2) grants recourse
    [sup] = [l for l in before.liabilities if l["form"] == "Supplementary"]
    assert sup["recourse_against"] is None               # TLL 37(2) did not


@pytest.mark.parametrize("path", EXAMPLES[:6], ids=_ids)
def test_the_inertness_shortcut_never_hides_an_open_question(kb, path, monkeypatch):
    from dutybound.engine import whatif
    fast = kb.assess(path).open_questions
    monkeypatch.setattr(whatif.Inertness, "cannot_matter", lambda self, t: False)
    assert kb.assess(path).open_questions == fast
