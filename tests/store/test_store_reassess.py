"""`dutybound cases reassess` and /cases/reassess: what a change of the law
does to the stored cases (docs/case-library.md, "Re-assessing the library")."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dutybound.cli import main

ROOT = Path(__file__).resolve().parents[2]
KB = ROOT / "dutybound" / "knowledge"
ECL57 = "examples/cn/a-provider-that-does-not-invoke-limitation-stays-liable-and-the-assessment-names-the-day-the-claim-ran-out.yaml"
DE = "examples/de/a-refund-claim-of-march-2021-runs-until-the-end-of-2024-so-the-banks-plea-of-limitation-fails.yaml"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def _reformed_kb(tmp_path) -> Path:
    """The shipped knowledge base with E-Commerce Law Art. 57(2) reformed: the
    provider bears only half of an unauthorised payment (a proposed reform,
    not the law)."""
    kb = tmp_path / "reformed-kb"
    for part in ("ontology", "rules", "law"):
        shutil.copytree(KB / part, kb / part)
    rules = kb / "rules" / "cn" / "ecommerce-law-57.md"
    text = rules.read_text(encoding="utf-8")
    old_en = '''  en """Loss caused by an unauthorised payment is borne by the electronic payment
     service provider;'''
    assert old_en in text
    text = text.replace(old_en, '''  en """Half of the loss caused by an unauthorised payment is borne by the electronic payment
     service provider;''')
    head = text.index("rule psp-bears-unauthorised-loss")
    then = text.index("then", head)
    end = text.index("end", then)
    text = text[:then] + "then\n    liable ?psp to ?user as Proportional for ?amt share 0.5\n" + text[end:]
    rules.write_text(text, encoding="utf-8")
    return kb


def test_a_stored_case_changes_when_a_provision_changes_and_the_reason_is_named(capsys, tmp_path):
    store = str(tmp_path / "store")
    assert main(["cases", "add", "--store", store, ECL57, DE]) == 0
    capsys.readouterr()
    assert main(["cases", "reassess", "--store", store]) == 0
    out = capsys.readouterr().out
    assert "0 changed, 2 unchanged" in out          # the same knowledge base: nothing moves

    assert main(["cases", "reassess", "--store", store, "--kb", str(_reformed_kb(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "1 changed, 1 unchanged" in out
    assert "cn-limitation-not-invoked-2024: The same claim, the provider not invoking limitation (changed)" in out
    assert "- zfb is liable to alice as Sole for CNY 6500.00 under ECL-57-2" in out
    assert "+ zfb is liable to alice as Proportional for CNY 6500.00 under ECL-57-2" in out
    assert "because of ECL-57-2 (E-Commerce Law (PRC), Art. 57(2)): a conclusion gained or lost " \
           "rests on it; its English text changed" in out
    assert "de-limitation-year-end-2024" not in out


def test_reassessing_on_another_decision_date_applies_the_law_of_that_day(capsys, tmp_path):
    store = str(tmp_path / "store")
    card = ("examples/cn/a-2019-credit-card-fraud-judged-in-2023-falls-under-the-bank-card-"
            "provisions-which-govern-every-case-pending-on-their-date.yaml")
    assert main(["cases", "add", "--store", store, card]) == 0
    capsys.readouterr()
    # had the case been finally decided before 2021-05-25, the Provisions would not govern it (Art. 16)
    assert main(["cases", "reassess", "--store", store, "--decided-on", "2021-03-10",
                 "--format", "json"]) == 0
    import json
    result = json.loads(capsys.readouterr().out)
    [case] = result["cases"]
    assert case["status"] == "changed" and case["gained"] == []
    assert {p["id"] for p in case["provisions"]} == {"SPC-BANKCARD-7-2", "SPC-BANKCARD-12"}


def test_a_bad_decision_date_is_a_usage_error(capsys, tmp_path):
    assert main(["cases", "reassess", "--store", str(tmp_path / "s"), "--decided-on", "2021-13-01"]) == 2
    assert "--decided-on" in capsys.readouterr().err


def test_the_library_page_shows_the_reassessment(seeded):
    from flask import Flask

    from dutybound.store.web import cases_blueprint
    app = Flask("reassess-test")
    app.register_blueprint(cases_blueprint(lambda: seeded))
    client = app.test_client()
    r = client.get("/cases/reassess")
    assert r.status_code == 200 and "No stored case changes its outcome." in r.get_data(as_text=True)
    data = client.get("/cases/reassess.json").get_json()
    assert data["summary"] == {"cases": 3, "changed": 0, "unchanged": 3, "cannot be re-assessed": 0}
    data = client.get("/cases/reassess.json?decided_on=2020-06-30").get_json()
    moved = {c["id"] for c in data["cases"] if c["status"] == "changed"}
    assert "t-takeover-2022" in moved        # decided before the Civil Code existed
    html = client.get("/cases/reassess?decided_on=2020-06-30").get_data(as_text=True)
    assert "CC-1198-2" in html
    assert client.get("/cases/reassess?decided_on=soon").status_code == 400
