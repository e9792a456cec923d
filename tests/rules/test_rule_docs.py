"""The rule language's documentation covers the language."""
from __future__ import annotations

import re
from pathlib import Path

from dutybound.rules.functions import FUNCTIONS
from dutybound.rules.grammar import KEYWORDS, PROVISION_FIELDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "rule-language.md"


def _backticked() -> set[str]:
    return set(re.findall(r"`([^`\n]+)`", DOC.read_text(encoding="utf-8")))


def test_every_keyword_is_documented_in_backticks():
    missing = sorted(k for k in KEYWORDS if k not in _backticked())
    assert not missing, f"docs/rule-language.md lacks `{'`, `'.join(missing)}`"


def test_every_builtin_function_is_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = sorted(f for f in FUNCTIONS if f"`{f}(" not in text)
    assert not missing, missing


def test_every_provision_field_is_in_the_table():
    text = DOC.read_text(encoding="utf-8")
    assert all(f"| `{f}` |" in text for f in PROVISION_FIELDS)
