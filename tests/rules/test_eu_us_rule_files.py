"""Issue 9, part 5 (EU/US): what the rule files say about themselves matches what they
formalise. The PSD2 file once said Art. 71 was "deliberately not formalised" while
psd2-71.md formalised it; PSD1 is documented as not encoded, with the reason."""
from __future__ import annotations

from pathlib import Path

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


def test_psd1_is_documented_as_not_encoded_and_encodes_nothing():
    path = RULES / "eu" / "psd1-56-61.md"
    [f] = [f for f in load_rule_dir(RULES / "eu", use_cache=False) if Path(f.path).name == path.name]
    assert not f.provisions and not f.rules
    text = path.read_text(encoding="utf-8")
    assert "Nothing of PSD1 is encoded" in text and "de-bgb-2009.yaml" in text
