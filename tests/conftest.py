"""Shared fixtures: the real knowledge base, and small ones built from rule text."""
from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# "Today" is the default decision date (docs/semantics.md §3): fixed, so that
# outcomes and golden outputs do not move with the calendar.
os.environ.setdefault("DUTYBOUND_TODAY", "2026-12-01")
KB_ROOT = ROOT / "dutybound" / "knowledge"      # the shipped knowledge base


def pytest_addoption(parser):
    parser.addoption("--reset-golden", action="store_true",
                     help="rewrite the golden CLI outputs instead of comparing (review with git diff)")


@pytest.fixture(scope="session")
def kb():
    from dutybound.engine.kb import KnowledgeBase
    return KnowledgeBase.load(KB_ROOT)


@pytest.fixture
def make_kb(tmp_path):
    """make_kb(rules_markdown) -> a KnowledgeBase over the real ontology and
    statute texts with only the given rules."""
    from dutybound.engine.kb import KnowledgeBase

    def build(rules: str, name: str = "test.md"):
        root = tmp_path / "kb"
        (root / "rules").mkdir(parents=True, exist_ok=True)
        (root / "law").mkdir(exist_ok=True)
        for link, target in (("ontology", KB_ROOT / "ontology"), ("law/texts", KB_ROOT / "law" / "texts")):
            if not (root / link).exists():
                os.symlink(target, root / link)
        (root / "rules" / name).write_text(textwrap.dedent(rules), encoding="utf-8")
        return KnowledgeBase.load(root)
    return build


@pytest.fixture
def incident(tmp_path):
    """incident(yaml_text) -> path of an incident file."""
    count = [0]

    def write(text: str, suffix: str = ".yaml") -> str:
        count[0] += 1
        p = tmp_path / f"incident{count[0]}{suffix}"
        p.write_text(textwrap.dedent(text), encoding="utf-8")
        return str(p)
    return write
