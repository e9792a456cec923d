"""A controls review dated before the law that imposes a duty applies: the duty
is outside the law held on that date, named with the provisions that impose it,
the day they apply from and what governed before (where a transitional
provision names it); never "no duty is owed". And a duty no provision held
imposes, or one that unknown facts leave open, is never "not owed" either."""
from __future__ import annotations

from pathlib import Path

import pytest

from dutybound.cli import main
from dutybound.comply.review import load, review
from dutybound.rules.ast import DutyHead

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "fixtures" / "de-bank-before-sca-applied.yaml"
GOLDEN = Path(__file__).parent / "golden"
PROFILES = ROOT / "dutybound" / "knowledge" / "controls" / "profiles"
NOT_OWED = "no duty of these is owed under this law"


def _flat(text: str) -> str:
    """The output with its line wrapping undone."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def early(kb):
    return review(kb, load(kb, FIXTURE))


def test_duties_before_their_law_applies_are_outside_not_unowed(early):
    assert early["expect"]["ok"], early["expect"]["mismatches"]
    assert early["counts"] == {"met": 2, "not met": 0, "unknown": 0, "outside": 9}
    [sca] = [e for c in early["controls"] for e in c["entries"] if e["catalogue"] == "strong-customer-authentication"]
    assert sca["duty_status"] == {}
    assert "StrongAuthenticationDuty ZAG-55-1" in sca["outside"] and "StrongAuthenticationDuty PSD2-97-1" in sca["outside"]


def test_outside_is_the_engines_law_in_time_and_the_rules_that_conclude_the_duty(kb, early):
    for j, data in early["jurisdictions"].items():
        left_out = set(data["law_not_in_force"])
        for x in data["outside"]:
            assert x["provision"] in left_out, x
            assert x["when"] == "not yet in force" and x["effective"] == "2019-09-14"
            assert any(r.cites == x["provision"] and any(
                isinstance(h, DutyHead) and h.duty.name == x["duty"] for h in r.heads) for r in kb.rules)
    zag = [x for x in early["jurisdictions"]["DE"]["outside"] if x["provision"].startswith("ZAG-55")]
    assert zag and all(x["application"]["before"] == kb.applications[x["application"]["id"]].before
                       and "4/2015" in x["application"]["before"] for x in zag)
    assert {c["id"] for x in zag for c in x["application"]["cites"]} == {"ZAG-68-4"}
    # EU law names nothing that governed before Art. 97 and the RTS
    assert all(not (x["application"] or {}).get("before") for x in early["jurisdictions"]["EU"]["outside"])


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_output_matches_golden(capsys, monkeypatch, request, fmt):
    monkeypatch.chdir(ROOT)
    code = main(["comply", str(FIXTURE.relative_to(ROOT)), "--format", fmt])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in out + err
    said = _flat(out)
    assert NOT_OWED not in said
    assert "not owed under the law held on 2019-06-01" in said and "apply only from 2019-09-14" in said
    assert "BaFin circular 4/2015" in said and "which this knowledge base does not hold" in said
    assert "Outside the law held on 2019-06-01: 9" in said
    golden = GOLDEN / f"{FIXTURE.stem}.{fmt}"
    if request.config.getoption("--reset-golden"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_chinese_says_the_same(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    main(["comply", str(FIXTURE), "--lang", "zh"])
    out = capsys.readouterr().out
    assert "2019-09-14" in out and "第4/2015号通函" in out and "本知识库未收录" in out
    for english in ("not owed", "apply only from", "before that", "Outside the law held", "profile's date"):
        assert english not in out


def test_the_header_says_which_date_the_law_is_taken_from(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    main(["comply", str(FIXTURE)])
    out = _flat(capsys.readouterr().out)
    assert "The law: the law in force on 2019-06-01, the profile's date (DE, EU)" in out
    assert "2025" not in out


def test_no_provision_held_is_outside_the_knowledge_base_not_unowed(kb):
    """US law held imposes no transaction-monitoring duty: that is not "not owed"."""
    r = review(kb, load(kb, PROFILES / "us-card-issuer.yaml"))
    [mon] = [e for c in r["controls"] for e in c["entries"] if e["catalogue"] == "abnormal-activity-monitoring"]
    assert mon["duty_status"] == {} and set(mon["not_held"]) == set(mon["duties"])


def _profile(tmp_path, operator: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(
        "profile: p\ndate: 2025-06-01\njurisdictions: [DE]\noperator: bank\nroles: []\n"
        f"individuals:\n  bank:\n{operator}"
        "  sca:\n    a: StrongAuthenticationPolicy\n    controlOf: bank\n    scaOnOnlineAccess: true\n",
        encoding="utf-8")
    return path


def test_an_unknown_role_leaves_the_duty_open_and_a_false_one_not_owed(kb, capsys, tmp_path):
    """Whether the operator is a payment service provider: unknown, the duty is
    open; established false, ZAG § 55 (in force) decides that it is not owed."""
    main(["comply", str(_profile(tmp_path, "    a: Organisation\n"))])
    out = _flat(capsys.readouterr().out)
    assert "whether duty to apply strong customer authentication is owed is open" in out and NOT_OWED not in out
    main(["comply", str(_profile(tmp_path, "    a: Organisation\n    not:\n      a: PaymentServiceProvider\n"))])
    out = _flat(capsys.readouterr().out)
    assert NOT_OWED in out and "is open" not in out
