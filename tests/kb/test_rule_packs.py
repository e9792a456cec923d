"""Rule packs laid over the shipped knowledge base (dutybound/kb/packs.py, layers.py):
the example pack's golden cases, the pack named in every output, and a broken pack's
errors in the one format (path:line:col)."""
from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from dutybound.cli import main
from dutybound.engine.expectations import differences
from dutybound.engine.kb import KnowledgeBase
from dutybound.errors import DutyboundError

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "dutybound" / "knowledge" / "examples" / "kb" / "call-back-policy"
CASES = sorted((PACK / "cases").glob("*.yaml"))
FIRST = CASES[1]     # the CNY 80,000 transfer released without a call-back


@pytest.fixture(scope="module")
def pack_kb():
    return KnowledgeBase.load(packs=[PACK])


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_the_example_pack_has_cases_both_ways():
    assert len(CASES) >= 4 and "without-a-call-back" in FIRST.name


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_pack_case_gives_its_expected_outcome_with_the_pack(pack_kb, path):
    expect = yaml.safe_load(path.read_text(encoding="utf-8"))["expect"]
    diffs = differences(pack_kb.assess(path), expect)
    assert not diffs, "\n".join(diffs)


def test_without_the_pack_its_terms_are_unknown(kb):
    with pytest.raises(DutyboundError) as e:
        kb.load_incident(FIRST)
    assert any("toNewPayee" in p.message and p.line for p in e.value.problems)


def test_the_pack_is_named_in_json_text_markdown_and_proofs(capsys):
    code, out, err = run(capsys, "assess", "--kb", PACK, FIRST, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [(p["name"], p["version"]) for p in data["rule_packs"]] == [("call-back-policy", "1.0.0")]
    [breach] = data["breaches"]
    proof = next(n for n in data["proofs"].values() if n.get("rule") == "released-without-a-call-back")
    assert proof["provision"]["pack"] == "call-back-policy 1.0.0" and breach["provision"] == "EXB-PSP-7.1"
    assert {p["id"]: p.get("pack") for p in data["law_applied"]}["EXB-PSP-7.1"] == "call-back-policy 1.0.0"
    code, text, _ = run(capsys, "assess", FIRST, "--kb", PACK)
    text = " ".join(text.split())                  # the text output wraps its lines
    assert "With the rule pack call-back-policy 1.0.0" in text
    assert "Example Bank Payments Security Policy, section 7.1 (rule pack call-back-policy 1.0.0)" in text
    code, md, _ = run(capsys, "assess", FIRST, "--kb", PACK, "--format", "md")
    assert "- Rule pack: call-back-policy 1.0.0" in md and "(rule pack call-back-policy 1.0.0)" in md


def test_the_shipped_law_alone_names_no_pack(kb):
    a = kb.assess(ROOT / "examples/us/card-stolen-before-memorial-day-notice-within-two-business-days-"
                         "limits-the-consumer-to-50-dollars.yaml", open_questions=False).to_json()
    assert a["rule_packs"] == [] and all("pack" not in p for p in a["law_applied"])


def test_dutybound_kb_layers_packs_and_changes_the_knowledge_base_version(monkeypatch, kb):
    monkeypatch.setenv("DUTYBOUND_KB", str(PACK))
    layered = KnowledgeBase.load()
    assert [p.name for p in layered.packs] == ["call-back-policy"]
    assert "EXB-PSP-7.2" in layered.provisions and layered.digest != kb.digest
    monkeypatch.setenv("DUTYBOUND_KB", "")
    assert KnowledgeBase.load().packs == []


def test_check_kb_checks_the_pack_its_cases_and_the_ontology_with_hermit(capsys):
    code, out, err = run(capsys, "check", "--kb", PACK)
    assert code == 0, out + err
    assert "rule pack call-back-policy 1.0.0" in out and "2 provisions, 5 rules" in out
    assert out.count(": as expected") == len(CASES)
    assert "consistent under HermiT" in out


# ------------------------------------------------------------------ broken packs

def _pack(tmp_path, rules: str, manifest: str = 'name: acme\nversion: "0.1"\n', extra=None) -> Path:
    d = tmp_path / "acme"
    (d / "rules").mkdir(parents=True)
    (d / "pack.yaml").write_text(manifest, encoding="utf-8")
    (d / "rules" / "acme.md").write_text(textwrap.dedent(rules), encoding="utf-8")
    for rel, text in (extra or {}).items():
        f = d / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(textwrap.dedent(text), encoding="utf-8")
    return d


PROVISION = """\
    ```dutybound
    provision ACME-1
      title "Acme policy 1"
      jurisdiction CN
      rank policy
      effective 2023-01-01
      en "Acme pays."
    end

    rule acme-rule cites ACME-1
      when
        ?p a {cls}
      then
        ?p a Victim
    end
    ```
    """


def test_a_pack_rule_error_names_the_packs_file_line_and_column(capsys, tmp_path):
    pack = _pack(tmp_path, PROVISION.format(cls="Paymnet"))
    code, out, err = run(capsys, "check", "--kb", pack, "--no-reasoner")
    assert code == 3
    assert f"{pack / 'rules' / 'acme.md'}:12:10" in err and "did you mean 'Payment'" in err


def test_a_pack_cannot_reuse_a_shipped_rule_id(capsys, tmp_path):
    rules = PROVISION.format(cls="Payment").replace("acme-rule", "psp-bears-unauthorised-loss")
    code, out, err = run(capsys, "check", "--kb", _pack(tmp_path, rules), "--no-reasoner")
    assert code == 3 and "psp-bears-unauthorised-loss" in err and "acme.md:10:" in err


def test_a_bad_manifest_is_an_error_at_its_line(capsys, tmp_path):
    pack = _pack(tmp_path, PROVISION.format(cls="Payment"), 'name: Acme Policy\nversion: "1"\nvesion: 2\n')
    code, out, err = run(capsys, "check", "--kb", pack, "--no-reasoner")
    assert code == 3
    assert f"{pack / 'pack.yaml'}:1:7" in err and "not a plain name" in err
    assert f"{pack / 'pack.yaml'}:3:1" in err and "did you mean 'version'" in err


def test_a_folder_without_a_manifest_is_not_a_pack(capsys, tmp_path):
    code, out, err = run(capsys, "assess", "--kb", tmp_path, FIRST)
    assert code == 2 and "has no pack.yaml" in err


def test_a_pack_ontology_term_and_shape_apply_to_incidents(tmp_path, incident):
    rules = PROVISION.format(cls="AcmeTransfer")
    pack = _pack(tmp_path, rules, extra={"ontology/acme.ttl": """\
        @prefix db: <https://dutybound.org/ontology#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        db:AcmeTransfer a owl:Class ; rdfs:subClassOf db:Payment ;
            rdfs:label "Acme transfer"@en, "Acme 转账"@zh ;
            db:sentence "{s} is an Acme transfer"@en, "{s}是 Acme 转账"@zh .
        """, "shapes/acme.ttl": """\
        @prefix db: <https://dutybound.org/ontology#> .
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:acme#S> a sh:NodeShape ; sh:targetClass db:AcmeTransfer ;
            sh:property [ sh:path db:amount ; sh:minCount 1 ; sh:message "an Acme transfer states its amount"@en ] .
        """})
    layered = KnowledgeBase.load(packs=[pack])
    assert layered.vocab.is_subclass("AcmeTransfer", "Payment")
    good = incident("incident: x\ndate: 2024-01-02\njurisdiction: CN\n"
                    "individuals:\n  t: {a: AcmeTransfer, amount: CNY 10}\n")
    concluded = layered.assess(good).facts_concluded
    assert [(f["subject"], f["rule"]) for f in concluded] == [("t", "acme-rule")]
    bad = incident("incident: x\ndate: 2024-01-02\njurisdiction: CN\nindividuals:\n  t: {a: AcmeTransfer}\n")
    with pytest.raises(DutyboundError) as e:
        layered.load_incident(bad)
    [p] = e.value.problems
    assert p.line == 5 and "an Acme transfer states its amount" in p.message


def test_a_pack_text_id_may_not_shadow_a_shipped_text(tmp_path):
    shutil.copytree(PACK, tmp_path / "p")
    f = tmp_path / "p" / "law" / "texts" / "example-bank-payments-security-policy.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("id: EXB-PSP-7.2", "id: ECL-57"), encoding="utf-8")
    with pytest.raises(DutyboundError) as e:
        KnowledgeBase.load(packs=[tmp_path / "p"])
    assert "text id 'ECL-57' is already in" in e.value.problems[0].message


@pytest.mark.parametrize("where", ["pack.yaml", "law/texts/deep.yaml"])
def test_a_pack_file_nested_thousands_deep_is_refused_at_the_place(capsys, tmp_path, where):
    # PyYAML's own readers recurse per level: 3,000 levels reached Python's recursion
    # limit and showed as an internal error; the incident's depth limit now applies
    deep = "provisions: " + "[" * 3000 + "]" * 3000 + "\n"
    manifest = deep.replace("provisions", "name") if where == "pack.yaml" else 'name: acme\nversion: "0.1"\n'
    pack = _pack(tmp_path, PROVISION.format(cls="Payment"), manifest,
                 extra={} if where == "pack.yaml" else {where: deep})
    code, out, err = run(capsys, "assess", "--kb", pack, FIRST)
    assert code in (2, 3) and "internal error" not in err
    assert f"{pack / where}:1:" in err and "nested 33 levels deep" in err
