"""Issue 9, part 5 (EU/US): what the rule files say about themselves matches what they
formalise. The PSD2 file once said Art. 71 was "deliberately not formalised" while
psd2-71.md formalised it. PSD1 (part 4.6) is encoded from its verbatim text, dated by
its own transposition article."""
from __future__ import annotations

from pathlib import Path

import yaml

from dutybound.rules.loader import load_rule_dir

RULES = Path(__file__).resolve().parents[2] / "dutybound" / "knowledge" / "rules"


def _rules_citing(files, provision_id):
    return [r.id for f in files for r in f.rules if r.cites == provision_id]


def test_the_psd2_prose_says_art_71_is_formalised_where_it_is():
    files = load_rule_dir(RULES / "eu", use_cache=False)
    assert _rules_citing(files, "PSD2-71-1"), "PSD2 Art. 71(1) should have its rules"
    prose = (RULES / "eu" / "psd2-69-73.md").read_text(encoding="utf-8")
    assert "not formalised" not in prose.split("## Art. 70")[1].split("## Art. 72")[0].replace(
        "carry no civil consequence", ""), "the Art. 70/71 section must not call Art. 71 unformalised"
    assert "formalised in psd2-71.md" in prose


def test_every_eu_and_us_provision_with_a_source_quotes_it():
    files = load_rule_dir(RULES / "eu", use_cache=False) + load_rule_dir(RULES / "us", use_cache=False)
    unquoted = [p.id for f in files for p in f.provisions if p.source and not p.text_original]
    assert unquoted == []


def test_psd1_liability_articles_are_encoded_from_their_text_with_their_dates():
    texts = yaml.safe_load((RULES.parent / "law" / "texts" / "eu-psd1.yaml").read_text(encoding="utf-8"))
    held = {p["article"]: p["text"] for p in texts["provisions"]}
    for article in ("56", "58", "59", "60", "61", "94"):
        assert held.get(article), f"PSD1 Art. {article} has no text in law/texts"
    files = load_rule_dir(RULES / "eu", use_cache=False)
    psd1 = {p.id: p for f in files for p in f.provisions if p.source and p.source.startswith("PSD1-")}
    assert {p.source for p in psd1.values()} >= {"PSD1-56", "PSD1-58", "PSD1-59", "PSD1-60", "PSD1-61", "PSD1-94"}
    for p in psd1.values():
        assert (str(p.effective), str(p.repealed)) == ("2009-11-01", "2018-01-13"), p.id
    for pid in ("PSD1-56", "PSD1-58", "PSD1-60-1", "PSD1-61-1", "PSD1-61-2", "PSD1-61-4-5"):
        assert _rules_citing(files, pid), f"{pid} should have its rules"
    cap = [r for f in files for r in f.rules if r.cites == "PSD1-61-1"]
    assert cap and all("EUR 150.00" in Path(f.path).read_text(encoding="utf-8")
                       for f in files if Path(f.path).name == "psd1-61.md")
    [app] = [a for f in files for a in getattr(f, "applications", ()) if a.id == "psd1-in-time"]
    assert "eu-psd1" in app.governs
