"""`dutybound comply`: the bundled controls profiles reach their expected
outcomes, each control the paper names maps to a cited duty or is marked good
practice, every gap shows what it would cost, and bad profiles get clear errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from dutybound.cli import main
from dutybound.comply.catalogue import load_catalogue
from dutybound.comply.review import load, profile_files, review
from dutybound.errors import DutyboundError
from dutybound.rules.ast import BreachHead, Triple

ROOT = Path(__file__).resolve().parents[2]
KB_ROOT = ROOT / "dutybound" / "knowledge"
GOLDEN = Path(__file__).parent / "golden"
PROFILES = profile_files(KB_ROOT)
# the controls issue 13 and the paper name (catalogue ids)
PAPER = {"client-funds-custody", "daily-reconciliation", "separated-posts", "abnormal-activity-monitoring",
         "user-warnings", "step-up-verification", "real-name-checks", "data-security"}


@pytest.fixture(scope="module")
def reviews(kb):
    return {p.stem: review(kb, load(kb, p)) for p in PROFILES}


def test_the_bundled_profiles():
    assert {p.stem for p in PROFILES} == {
        "cn-platform-with-its-own-payment-licence", "cn-marketplace-using-a-third-party-payment-provider",
        "cn-payment-institution-that-parks-client-funds-with-its-group-and-lends-them-out-breaches-custody-and-use",
        "cn-bank-whose-monitoring-ignores-fraud-patterns-breaches-the-anti-fraud-law-and-owes-no-payment-institution-duties",
        "cn-payment-institution-reviewed-in-the-2021-transition-does-not-yet-owe-daily-reconciliation",
        "de-bank-with-online-banking", "us-card-issuer",
        "de-bank-whose-papers-show-gaps-is-found-in-breach-and-asked-what-they-leave-open",
        "us-credit-union-whose-disclosures-are-complete-is-asked-whether-they-come-before-the-first-transfer"}


@pytest.mark.parametrize("name", [p.stem for p in PROFILES])
def test_profile_reaches_its_expected_outcome(reviews, name):
    r = reviews[name]
    assert "expect" in r, "every bundled profile states its expected outcome"
    assert r["expect"]["ok"], r["expect"]["mismatches"]
    assert r["counts"]["met"] + r["counts"]["not met"] + r["counts"]["unknown"] > 0


def test_a_listed_profile_name_can_be_passed_back_from_any_directory(capsys, monkeypatch, tmp_path):
    """`dutybound comply` lists names relative to the installed package; a user
    who copies one back (from a directory with no such file) gets that profile."""
    monkeypatch.chdir(tmp_path)
    assert main(["comply"]) == 0
    listed = capsys.readouterr().out.split()
    name = next(n for n in listed if n.endswith("us-card-issuer.yaml"))
    assert not (tmp_path / name).exists()
    main(["comply", name])
    out, err = capsys.readouterr()
    assert "Prairie Bank" in out and "no such file" not in out + err


@pytest.mark.parametrize("name", [p.stem for p in PROFILES])
@pytest.mark.parametrize("fmt", ["text", "md"])
def test_output_matches_golden(capsys, monkeypatch, request, name, fmt):
    monkeypatch.chdir(ROOT)
    code = main(["comply", f"dutybound/knowledge/controls/profiles/{name}.yaml", "--format", fmt])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in out + err
    golden = GOLDEN / f"{name}.{fmt}"
    if request.config.getoption("--reset-golden"):
        golden.write_text(out, encoding="utf-8")
    assert golden.exists(), f"no golden output yet: run pytest --reset-golden and review {golden}"
    assert out == golden.read_text(encoding="utf-8")


def test_chinese_output_has_no_untranslated_sentence(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    main(["comply", "dutybound/knowledge/controls/profiles/cn-platform-with-its-own-payment-licence.yaml",
          "--lang", "zh"])
    out = capsys.readouterr().out
    for english in ("The bottom line", "Duties that", "meets its", "good practice without", "Controls review"):
        assert english not in out


def test_every_paper_control_maps_to_a_cited_duty_or_is_good_practice(kb):
    cat = load_catalogue(kb.root)
    ids = {e.id for e in cat.entries}
    assert PAPER <= ids
    for e in cat.entries:
        assert bool(e.duties) != bool(e.good_practice), f"{e.id}: either duties or good practice, with why"
        for t in e.terms:
            assert t in kb.vocab.terms, f"{e.id}: unknown term {t}"
        deciding = [r for r in kb.rules if any(isinstance(h, BreachHead) for h in r.heads)
                    and _reads(r, e.terms)]
        if e.duties:
            for duty in e.duties:
                rules = [r for r in deciding if any(isinstance(h, BreachHead) and h.duty.name == duty
                                                    for h in r.heads)]
                assert rules, f"{e.id}: no rule reading its terms decides {duty}"
                assert all(kb.provisions[r.cites].text_original and kb.provisions[r.cites].source for r in rules)
        else:
            assert not deciding, f"{e.id} is marked good practice but {deciding[0].id} decides a duty from it"


def _reads(rule, terms) -> bool:
    for c in rule.conditions:
        if isinstance(c, Triple):
            names = {getattr(c.predicate, "name", None), getattr(c.object, "name", None)}
            if names & set(terms):
                return True
    return False


def test_every_duty_has_an_exposure_that_shows_what_the_gap_costs(kb):
    cat = load_catalogue(kb.root)
    duties = {d for e in cat.entries for d in e.duties}
    assert duties <= set(cat.exposure), sorted(duties - set(cat.exposure))
    for duty, x in cat.exposure.items():
        assert x.en and x.zh
        if not x.incident:
            continue
        stated = kb.assess(kb.root / x.incident).to_json()
        if x.assume:                 # the what-if must change a liability
            gap = kb.assess(kb.root / x.incident, assume=list(x.assume)).to_json()
            key = lambda a: sorted((li["party"], li["to"], li["amount"], li["provision"])  # noqa: E731
                                   for li in a["liabilities"])
            assert key(gap) != key(stated), f"{duty}: the what-if changes nothing"
        else:                        # the incident breaches the same duty and someone is liable
            assert any(b["duty"] == duty for b in stated["breaches"]), duty
            assert stated["liabilities"], duty


def test_each_unmet_duty_shows_its_exposure(reviews):
    gaps = [d for r in reviews.values() for j in r["jurisdictions"].values() for d in j["duties"]
            if d["status"] == "not met"]
    assert gaps
    for d in gaps:
        x = d["exposure"]
        assert x["en"], d["duty"]
        if x.get("with_gap") is not None:
            assert x["gained"] or x["lost"]
    us = reviews["us-card-issuer"]["jurisdictions"]["US"]["duties"][0]["exposure"]
    assert [li["amount"] for li in us["lost"]] == ["400.00"]      # Dan no longer bears USD 400


def test_a_closed_list_of_roles_keeps_payment_duties_off_a_plain_marketplace(reviews):
    r = reviews["cn-marketplace-using-a-third-party-payment-provider"]
    duties = {d["duty"] for d in r["jurisdictions"]["CN"]["duties"]}
    assert "ClientFundsCustodyDuty" not in duties and "NetworkSecurityDuty" in duties
    assert r["questions"], "the open measures become questions"


def test_good_practice_is_shown_as_such(reviews):
    ctl = {c["control"]: c for c in reviews["cn-platform-with-its-own-payment-licence"]["controls"]}
    entries = {e["catalogue"]: e for e in ctl["posts"]["entries"]}
    assert entries["separated-posts"]["legal"] is False and entries["separated-posts"]["good_practice"]["zh"]


BAD = {
    "not a mapping": ("- a\n- b\n", "must be a mapping"),
    "no operator": ("profile: x\ndate: 2025-01-01\njurisdictions: [CN]\nindividuals:\n  a:\n    a: Bank\n",
                    "no 'operator'"),
    "unknown operator": ("profile: x\ndate: 2025-01-01\njurisdictions: [CN]\noperator: b\n"
                         "individuals:\n  a:\n    a: Bank\n", "'b' is not declared"),
    "bad jurisdiction": ("profile: x\ndate: 2025-01-01\njurisdictions: [FR]\noperator: a\n"
                         "individuals:\n  a:\n    a: Bank\n", "unknown jurisdiction 'FR'"),
    "bad role": ("profile: x\ndate: 2025-01-01\njurisdictions: [CN]\noperator: a\nroles: [banc]\n"
                 "individuals:\n  a:\n    a: Bank\n", "unknown role 'banc'"),
    "an incident": ("incident: x\ndate: 2025-01-01\nindividuals:\n  a:\n    a: Bank\n", "looks like an incident"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_profile_gets_a_clear_error(kb, tmp_path, capsys, case):
    text, message = BAD[case]
    f = tmp_path / "p.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(DutyboundError) as err:
        load(kb, f)
    rendered = err.value.render()
    assert message in rendered and "p.yaml" in rendered
    code = main(["comply", str(f)])
    out, errtext = capsys.readouterr()
    assert code != 0 and "Traceback" not in out + errtext and message in errtext


def test_a_profile_given_to_assess_is_named_as_such(kb, capsys):
    code = main(["assess", str(PROFILES[0])])
    assert code != 0 and "controls profile" in capsys.readouterr().err


def test_an_unstated_value_a_requirement_tests_is_asked_for(kb, tmp_path):
    """RTS Art. 4(3)(d) tests the idle-session limit: a profile that leaves it out
    leaves the duty unknown, and the review asks for the value (it asked nothing)."""
    path = tmp_path / "no-idle-limit.yaml"
    path.write_text(
        "profile: no-idle-limit\ndate: 2025-06-01\njurisdictions: [EU]\noperator: bank\nroles: [bank]\n"
        "individuals:\n  bank:\n    a: [Bank, PaymentServiceProvider]\n"
        "  sca:\n    a: StrongAuthenticationPolicy\n    controlOf: bank\n"
        "    maxFailedAuthenticationAttempts: 3\n", encoding="utf-8")
    r = review(kb, load(kb, path))
    [row] = [d for d in r["jurisdictions"]["EU"]["duties"] if d["provision"] == "RTS-SCA-4"]
    assert row["status"] == "unknown"
    asked = [(q["kind"], q["subject"], q["property"]) for q in r["questions"]]
    assert ("value", "sca", "inactivityTimeoutMinutes") in asked
    assert ("value", "sca", "maxFailedAuthenticationAttempts") not in asked     # stated: 3
