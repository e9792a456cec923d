"""Loading rule folders (with the parse cache) and the law texts."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from dutybound.errors import DutyboundError
from dutybound.rules import loader

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
RULE = """# P

```dutybound
provision P-{n}
  title "P"
  jurisdiction CN
  rank statute
  effective 2019-01-01
  en "x"
end
```
"""


def test_loads_every_markdown_file_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.md").write_text(RULE.format(n=2), encoding="utf-8")
    (tmp_path / "a.md").write_text(RULE.format(n=1), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a rule file", encoding="utf-8")
    files = loader.load_rule_dir(tmp_path)
    assert [Path(f.path).name for f in files] == ["a.md", "two.md"]
    assert [f.provisions[0].id for f in files] == ["P-1", "P-2"]


def test_parse_results_are_cached_by_content(tmp_path, monkeypatch):
    rules = tmp_path / "rules"
    rules.mkdir()
    path = rules / "a.md"
    path.write_text(RULE.format(n=1), encoding="utf-8")
    first = loader.load_rule_dir(rules)
    entries = list(loader.cache_dir().glob("*.json"))
    assert len(entries) == 1 and str(loader.cache_dir()).startswith(os.environ["DUTYBOUND_CACHE"])

    loader._MEMO.clear()
    calls = []
    real = loader.parse_text
    monkeypatch.setattr(loader, "parse_text", lambda *a: calls.append(a) or real(*a))
    again = loader.load_rule_dir(rules)               # from the disk cache
    assert calls == [] and again == first
    path.write_text(RULE.format(n=9), encoding="utf-8")
    changed = loader.load_rule_dir(rules)             # new content: parsed again
    assert len(calls) == 1 and changed[0].provisions[0].id == "P-9"


def test_a_broken_cache_entry_is_parsed_again(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(RULE.format(n=1), encoding="utf-8")
    loader.load_rule_file(path)
    [entry] = loader.cache_dir().glob("*.json")
    good = entry.read_bytes()
    for broken in (b"garbage", good[: len(good) // 2], good.replace(b"P-1", b"P-2")):
        entry.write_bytes(broken)        # unreadable, truncated, changed after it was written
        loader._MEMO.clear()
        assert loader.load_rule_file(path).provisions[0].id == "P-1"
        assert entry.read_bytes() == good                 # rebuilt


def test_an_unwritable_cache_is_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("DUTYBOUND_CACHE", str(blocker))   # a file, not a folder
    path = tmp_path / "a.md"
    path.write_text(RULE.format(n=1), encoding="utf-8")
    assert loader.load_rule_file(path).provisions[0].id == "P-1"


def test_every_broken_file_is_reported(tmp_path):
    (tmp_path / "a.md").write_text("```dutybound\nprovision X\nend\n```\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("```dutybound\nrule\n```\n", encoding="utf-8")
    with pytest.raises(DutyboundError) as e:
        loader.load_rule_dir(tmp_path)
    assert e.value.kind == "rules"
    assert [Path(p.path).name for p in e.value.problems] == ["a.md", "b.md"]


def test_a_missing_folder_is_a_file_error(tmp_path):
    with pytest.raises(DutyboundError) as e:
        loader.load_rule_dir(tmp_path / "nope")
    assert e.value.kind == "file"


def test_law_texts_by_provision_id():
    texts = loader.load_law_texts(ROOT / "dutybound" / "knowledge" / "law" / "texts")
    ecl = texts["ECL-57"]
    assert "未经授权的支付造成的损失" in ecl["text"]
    assert ecl["language"] == "zh" and ecl["in_force"] == dt.date(2019, 1, 1)
    assert ecl["source_title"].startswith("E-Commerce Law")
    assert texts["TLL-37"]["repealed"] == dt.date(2021, 1, 1)
    assert texts["CC-1198"]["jurisdiction"] == "CN"


def test_law_texts_report_bad_yaml_with_its_line(tmp_path):
    (tmp_path / "x.yaml").write_text("source:\n  id: x\nprovisions:\n- id: [\n", encoding="utf-8")
    with pytest.raises(DutyboundError) as e:
        loader.load_law_texts(tmp_path)
    assert e.value.kind == "file" and e.value.problems[0].line is not None
