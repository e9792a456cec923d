"""The command line: golden outputs (refresh with `pytest --reset-golden`,
review with `git diff`), exit codes, and errors without tracebacks."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dutybound.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = sorted(p.relative_to(ROOT) for p in (ROOT / "examples").rglob("*")
                  if p.suffix in (".yaml", ".ttl") and "cases" not in p.parts and "kb" not in p.parts)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)         # golden outputs name files relative to the project


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_assess_output_matches_golden(capsys, request, example):
    code, out, err = run(capsys, "assess", example)
    assert code == 0, err
    # a rule's position names its file under the checkout: the same golden in every clone
    out = out.replace(str(Path(__file__).resolve().parents[2]) + "/", "")
    golden = GOLDEN / f"{example.stem}.txt"
    if request.config.getoption("--reset-golden"):
        golden.write_text(out, encoding="utf-8")
    assert golden.exists(), f"no golden output yet: run pytest --reset-golden and review {golden}"
    assert out == golden.read_text(encoding="utf-8")


def test_json_output_has_the_documented_keys(capsys):
    code, out, _ = run(capsys, "assess", EXAMPLES[0], "--format", "json")
    data = json.loads(out)
    for key in ("incident", "as_of", "duties", "breaches", "liabilities", "conflicts",
                "open_questions", "proofs"):
        assert key in data
    for b in data["breaches"]:
        assert {"party", "duty", "provision"} <= b.keys()
    for l in data["liabilities"]:
        assert {"party", "form", "amount", "currency", "share", "basis"} <= l.keys()
        assert l["proof"] in data["proofs"]


def test_markdown_report(capsys):
    code, out, _ = run(capsys, "assess", EXAMPLES[0], "--format", "md")
    assert code == 0 and out.startswith("# Assessment: ") and "## Proofs" in out


def test_what_if_on_the_command_line_moves_the_outcome(capsys):
    path = "examples/cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"
    _, base, _ = run(capsys, "assess", path, "--no-proofs")
    _, moved, _ = run(capsys, "assess", path, "--no-proofs", "--assume", "pay1 causedByFaultOf alice=true")
    said = "ZFB Payment Co. is liable to Alice for CNY 8,000.00 (sole liability, E-Commerce Law (PRC)"
    assert said in " ".join(base.split()) and said not in " ".join(moved.split())
    assert "What if: The unauthorised payment pay1 was caused by the fault of Alice" in moved


def test_as_of_selects_the_law(capsys):
    path = "examples/cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"
    _, out, _ = run(capsys, "assess", path, "--no-proofs", "--as-of", "2020-12-31")
    bottom = " ".join(out.split("The bottom line")[1].split("The issues")[0].split())
    assert "Tort Liability Law (PRC), Art. 37(2)" in bottom and "Civil Code (PRC), Art. 1198(2)" not in bottom
    assert "Civil Code (PRC), Art. 1198(2)" in out.split("Not in force on that date")[1]


def test_explain_a_proved_conclusion_shows_the_whole_tree(capsys):
    path = "examples/cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"
    code, out, _ = run(capsys, "explain", path, "liable taomall to alice")
    assert code == 0
    assert "operator-supplementary-after-third-party" in out               # the rule, under details
    assert "Why TaoMall Ltd breached its safeguard duty toward Alice" in out   # the sub-proof of the breach
    assert "因第三人的行为造成他人损害的" in out                                # the statute's text


def test_explain_a_failed_conclusion_says_why(capsys):
    path = "examples/cn/user-disclosed-the-code-so-the-provider-proves-fault-and-the-platform-share-may-be-reduced.yaml"
    code, out, _ = run(capsys, "explain", path, "liable zfb to alice")
    assert code == 1
    out = " ".join(out.split())
    assert "not proved" in out and "✓ Unless the unauthorised payment pay1 was caused by the fault of alice: established" in out


def test_explain_an_unknown_conclusion_is_a_usage_error(capsys):
    code, _, err = run(capsys, "explain", EXAMPLES[0], "liable nobody to nobody")
    assert code == 2 and "hint:" in err


def test_check_without_the_reasoner(capsys):
    code, out, _ = run(capsys, "check", "--no-reasoner")
    assert code == 0 and "rules:" in out


@pytest.mark.parametrize("argv, code", [
    (["assess", "no/such/file.yaml"], 2),
    (["assess", "README.md"], 2),
    (["assess", EXAMPLES[0], "--as-of", "2022-02-30"], 2),
    (["assess", EXAMPLES[0], "--assume", "nonsense"], 2),
])
def test_usage_and_file_errors_exit_2(capsys, argv, code):
    got, _, err = run(capsys, *argv)
    assert got == code and "error:" in err


def test_an_example_named_as_listed_is_found_from_any_directory(capsys, monkeypatch, tmp_path):
    """`dutybound examples` lists names relative to the installed examples; one of
    them passed back from a directory with no such file is that example, and a
    name that is nowhere is still reported under the name typed."""
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "examples")
    listed = [w for w in out.split() if w.endswith(".yaml")]
    assert code == 0 and listed
    code, out, err = run(capsys, "assess", listed[0])
    assert code == 0 and "Incident" in out, err
    code, _, err = run(capsys, "assess", "cn/no-such-example.yaml")
    assert code == 2 and "cn/no-such-example.yaml" in err and "dutybound examples" in err


def test_argparse_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as e:
        main(["assess", "--format", "pdf", "x.yaml"])
    assert e.value.code == 2


def test_invalid_rules_exit_3(capsys, tmp_path, monkeypatch):
    root = tmp_path / "kb"
    (root / "rules").mkdir(parents=True)
    (root / "law").mkdir()
    os.symlink(ROOT / "dutybound" / "knowledge" / "ontology", root / "ontology")
    os.symlink(ROOT / "dutybound" / "knowledge" / "law" / "texts", root / "law" / "texts")
    (root / "rules" / "broken.md").write_text("```dutybound\nrule r cites X\n  when ?x a Consumr\n  then ?x a Victim\nend\n```\n")
    monkeypatch.setenv("DUTYBOUND_HOME", str(root))
    code, _, err = run(capsys, "assess", ROOT / EXAMPLES[0])
    assert code == 3 and "broken.md:" in err and "Consumr" in err


def test_coverage_lists_every_provision_with_its_cases(capsys):
    code, out, _ = run(capsys, "coverage", "--format", "json")
    table = json.loads(out)
    assert "ECL-57-2" in table
    row = table["ECL-57-2"]
    assert row["rules"] == ["psp-bears-unauthorised-loss"]
    assert any("disclosed-the-code" in c for c in row["does_not_apply"] + row["applies_in_part"])
    assert any("provider-bears-the-loss" in c for c in row["applies"])
    for pid, r in table.items():          # a case is listed once per provision, in one list
        cases = r["applies"] + r["does_not_apply"] + r["applies_in_part"]
        assert len(cases) == len(set(cases)), pid
    # BGB 675u refunds one payment and not another in the same case: that case applies it in part
    assert any("one-payment-a-day-late" in c for c in table["BGB-675u"]["applies_in_part"])
    missing = [p for p, r in table.items()         # a context provision no rule can exercise aside
               if not r["context"] and not (r["applies_in_part"] or (r["applies"] and r["does_not_apply"]))]
    assert code == (1 if missing else 0)


def test_one_incident_compared_across_jurisdictions(capsys):
    path = "examples/cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"
    code, out, _ = run(capsys, "assess", path, "--jurisdiction", "all", "--format", "json")
    data = json.loads(out)["comparison"]
    assert set(data) == {"CN", "DE", "EU", "US"}
    assert {l["basis"] for l in data["CN"]["liabilities"]} >= {"ECL-57-2", "CC-1198-2"}
    assert all(l["basis"].startswith(("BGB", "PSD2")) for l in data["DE"]["liabilities"] + data["EU"]["liabilities"])
    code, out, _ = run(capsys, "assess", path, "--jurisdiction", "all")
    assert code == 0 and "CN: sole liability to Alice, CNY 8,000.00 (E-Commerce Law (PRC), Art. 57(2))" in out
    assert out.index("CN · ") < out.index("DE · ") < out.index("Party by party")     # each bottom line first


def test_a_bug_is_reported_as_one_without_a_traceback(capsys, monkeypatch):
    import dutybound.cli as cli

    def broken(args):
        raise RuntimeError("something the code did not expect")
    monkeypatch.setattr(cli, "cmd_check", broken)
    code, _, err = run(capsys, "check", "--no-reasoner")
    assert code == 70 and "internal error: RuntimeError: something the code did not expect" in err
    assert "this is a bug in Dutybound" in err
    monkeypatch.setenv("DUTYBOUND_DEBUG", "1")
    code = main(["check", "--no-reasoner"])
    assert code == 70 and "Traceback" in capsys.readouterr().err       # asked for
