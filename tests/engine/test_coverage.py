"""`dutybound coverage` (engine/coverage.py): which golden cases exercise a
provision, both ways. A case where a decisive element is stated false counts as
one where the provision does not apply; the controls profiles are cases; a
provision that no rule can ever exercise is a context provision, not missing."""
from __future__ import annotations

from pathlib import Path

import pytest

from dutybound.engine.coverage import (both_ways, context_reason, coverage, example_files, missing,
                                       render_coverage)

KB_ROOT = Path(__file__).resolve().parents[2] / "dutybound" / "knowledge"
CN = KB_ROOT / "examples" / "cn"
PROFILES = KB_ROOT / "controls" / "profiles"
PINNED = CN / ("a-forum-whose-algorithm-pinned-a-defamatory-post-knew-of-it-under-tort-liability-law-36-"
               "read-with-the-2014-provisions.yaml")
UNRANKED = CN / ("a-forum-that-neither-ranked-nor-edited-a-defamatory-post-is-not-taken-to-know-of-it-"
                 "under-the-2014-provisions.yaml")
UNLICENSED = CN / "unlicensed-seller-of-a-health-supplement-makes-the-platform-correspondingly-liable.yaml"
REVIEWED = CN / ("a-platform-that-checked-a-supplement-sellers-licences-is-not-correspondingly-liable-"
                 "and-the-seller-answers.yaml")
PLATFORM = PROFILES / "cn-platform-with-its-own-payment-licence.yaml"
JADE = PROFILES / ("cn-payment-institution-that-parks-client-funds-with-its-group-and-lends-them-out-"
                   "breaches-custody-and-use.yaml")
BANK = PROFILES / ("cn-bank-whose-monitoring-ignores-fraud-patterns-breaches-the-anti-fraud-law-and-owes-"
                   "no-payment-institution-duties.yaml")
TRANSITION = PROFILES / ("cn-payment-institution-reviewed-in-the-2021-transition-does-not-yet-owe-daily-"
                         "reconciliation.yaml")


def _where(table, pid, path) -> str:
    name = str(path.relative_to(KB_ROOT))
    for k in ("applies", "does_not_apply", "applies_in_part"):
        if name in table[pid][k]:
            return k
    return "not considered"


@pytest.mark.parametrize("pid, yes, no", [
    ("SPC-NETTORT2014-9", PINNED, UNRANKED),     # the forum itself ranked the post, or stated it did not
    ("ECL-38-2", UNLICENSED, REVIEWED),          # the platform skipped the seller's review, or did it
])
def test_a_stated_false_element_is_a_case_where_the_provision_does_not_apply(kb, pid, yes, no):
    table = coverage(kb, [yes, no])
    assert _where(table, pid, yes) == "applies"
    assert _where(table, pid, no) == "does_not_apply"
    assert both_ways(table[pid]) and pid not in missing(table)


def test_a_provision_governing_but_failing_is_not_listed_as_applying(kb):
    # TLL 36(3) governs the 2018 facts, but its rule fails (knowledge not shown):
    # the law in time alone does not make it "apply"
    table = coverage(kb, [UNRANKED])
    assert _where(table, "TLL-36-3", UNRANKED) == "does_not_apply"


def test_controls_profiles_are_cases_met_and_not_met(kb):
    assert PLATFORM in example_files(KB_ROOT) and JADE in example_files(KB_ROOT)
    table = coverage(kb, [PLATFORM, JADE, BANK])
    for pid in ("NBPR2024-17", "NBPR2024-27", "NBPR2024-29", "PBOC-RESERVE-4", "PBOC-RESERVE-5"):
        # met in one profile, not met in the other: each time one reading applies and the other fails
        assert _where(table, pid, PLATFORM) == "applies_in_part", pid
        assert _where(table, pid, JADE) == "applies_in_part", pid
        # a bank owes no duty of the non-bank payment rules
        assert _where(table, pid, BANK) == "does_not_apply", pid


@pytest.mark.parametrize("pid", ["NBPR2024-21", "NBPR2024-23"])
def test_a_banks_controls_are_not_measured_against_the_non_bank_payment_regulations(kb, pid):
    # Arts. 21(1) and 23(2) bind 非银行支付机构 only; the duty they share with the
    # Anti-Fraud Law (owed by the bank under Arts. 15 and 18) does not bring them in
    table = coverage(kb, [BANK])
    assert _where(table, pid, BANK) == "does_not_apply"
    assert _where(table, "ATFL-15", BANK) == "applies_in_part"


def test_a_transitional_provision_keeps_a_duty_out_during_the_transition(kb):
    # PBOC Measures Art. 53: the daily reconciliation of Art. 41 is owed from 2021-09-01
    table = coverage(kb, [TRANSITION, PLATFORM])
    assert _where(table, "PBOC-RESERVE-53", TRANSITION) == "does_not_apply"
    assert _where(table, "PBOC-RESERVE-53", PLATFORM) == "applies"
    assert _where(table, "PBOC-RESERVE-41", TRANSITION) == "not considered"


def test_context_provisions_are_named_with_their_reason_and_not_missing(kb):
    ruled = {r.cites for r in kb.rules}
    for pid, app in (("SPC-TORT1-26", "spc-tort-interpretation-2024-in-time"),
                     ("SPC-TEMPORAL-28", "spc-temporal-provisions-in-time")):
        reason = context_reason(kb, pid, ruled)
        assert reason and app in reason and "no rule cites" in reason
    # without rules, but exercisable: through an application that governs ruled provisions,
    # or as a limitation period
    for pid in ("PBOC-RESERVE-53", "SPC-TEMPORAL-1", "BGB-195", "CC-188"):
        assert context_reason(kb, pid, ruled) is None, pid
    assert context_reason(kb, "ECL-57-2", ruled) is None          # it has rules
    table = coverage(kb, [PINNED])
    assert "SPC-TORT1-26" not in missing(table) and "ECL-57-2" in missing(table)
    text = render_coverage(table)
    assert "context SPC-TORT1-26" in text and "MISSING ECL-57-2" in text
    assert text.rstrip().endswith("2 context provisions are not formalised as rules")
