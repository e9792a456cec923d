"""The law in time (docs/semantics.md §3, §9, §10): two clocks, the version
that governs each fact with its reason, unknown dates as unknown elements,
renumbering, limitation and directives."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dutybound.cli import main
from dutybound.errors import DutyboundError

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "examples"


def _ex(j, stem_start):
    [p] = [p for p in (EX / j).glob("*.yaml") if p.stem.startswith(stem_start)]
    return p


# Two versions of one rule, as a transitional provision (here: the start of a
# payment transaction) divides them: an old wording until 2018-01-13, a new one after.
TWO_VERSIONS = """
```dutybound
provision OLD
  title "Old wording"
  jurisdiction DE
  rank code
  effective 2009-10-31
  repealed 2018-01-13
  time by-transaction
  en "The old wording."
end

provision NEW
  title "New wording"
  jurisdiction DE
  rank code
  effective 2018-01-13
  replaces OLD
  time by-transaction
  en "The new wording."
end

provision T
  title "Transitional rule"
  jurisdiction DE
  rank code
  effective 2018-01-13
  time by-transaction
  en "Each payment transaction under the wording in force when its execution began."
end

application by-transaction cites T
  to transactions
  en "Each payment transaction under the wording in force when its execution began."
end

rule refund-old cites OLD
  when
    ?pay a UnauthorisedPayment ; processedBy ?psp ; debitedFrom ?acct ; amount ?amt
    ?acct heldBy ?user
  then
    liable ?psp to ?user as Sole for ?amt
end

rule refund-new cites NEW
  when
    ?pay a UnauthorisedPayment ; processedBy ?psp ; debitedFrom ?acct ; amount ?amt
    ?acct heldBy ?user
  then
    liable ?psp to ?user as Sole for ?amt
end
```
"""

SERIES = """
incident: series
jurisdiction: DE
date: 2018-01-12
individuals:
  anna: {a: Consumer}
  bank: {a: Bank}
  giro: {a: PaymentAccount, heldBy: anna, providedBy: bank}
  pay1: {a: UnauthorisedPayment, processedBy: bank, debitedFrom: giro, amount: EUR 300.00, time: 2018-01-12T16:00}
  pay2: {a: UnauthorisedPayment, processedBy: bank, debitedFrom: giro, amount: EUR 150.00, time: 2018-01-13T09:00}
"""


def test_two_payments_of_one_incident_are_judged_under_two_versions_and_say_why(make_kb, incident):
    kb = make_kb(TWO_VERSIONS)
    a = kb.assess(incident(SERIES))
    got = {(l["amount"], l["basis"]) for l in a.liabilities}
    assert got == {("300.00", "OLD"), ("150.00", "NEW")}
    for l in a.liabilities:
        version = a.proofs[l["proof"]]["version"]
        assert version["provision"] == l["basis"] and version["status"] == "governs"
        assert "Transitional rule" in version["why"]
        pay = "pay1" if l["basis"] == "OLD" else "pay2"
        assert [f["fact"] for f in version["facts"]] == [pay]
    [old] = [l for l in a.liabilities if l["basis"] == "OLD"]
    assert "successor New wording (from 2018-01-13) does not reach" in a.proofs[old["proof"]]["version"]["why"]


def test_an_unknown_date_makes_the_version_an_unknown_element_not_a_choice(make_kb, incident):
    kb = make_kb(TWO_VERSIONS)
    text = SERIES.replace("amount: EUR 150.00, time: 2018-01-13T09:00}",
                          "amount: EUR 150.00, unknown: [time]}")
    a = kb.assess(incident(text))
    assert {l["basis"] for l in a.liabilities} == {"OLD"}          # pay1 only; pay2 stays open
    undetermined = a.time.to_json()["undetermined"]
    assert {u["provision"] for u in undetermined} == {"OLD", "NEW"}
    assert all("the date of pay2 is not known" in u["why"] for u in undetermined)
    # the guard is a body literal left unknown, in the instance itself
    from dutybound.kb.versions import GOVERNS
    guards = [lit for run in a.evaluation.runs for i in run.instances for lit in i.body
              if lit[0][0] == GOVERNS and "pay2" in lit[0][2]]
    assert guards and all(g[0] not in a.evaluation.store.true and g[0] not in a.evaluation.store.false
                          for g in guards)
    # stating the date decides it
    a = kb.assess(incident(text), assume=["pay2 time 2018-02-01T10:00=true"])
    assert {l["basis"] for l in a.liabilities} == {"OLD", "NEW"}


def test_as_of_takes_every_fact_and_the_decision_on_one_day(make_kb, incident):
    kb = make_kb(TWO_VERSIONS)
    a = kb.assess(incident(SERIES), as_of=dt.date(2018, 6, 1))
    assert {l["basis"] for l in a.liabilities} == {"NEW"}
    d = a.to_json()["dates"]
    assert d["as_of"] == "2018-06-01" and d["decided"] == "2018-06-01"
    assert set(d["facts"].values()) == {"2018-06-01"}


def test_a_version_not_yet_in_force_when_the_case_is_decided_is_not_applied(make_kb, incident):
    kb = make_kb(TWO_VERSIONS)
    a = kb.assess(incident(SERIES), decided_on=dt.date(2018, 1, 12))
    assert {l["basis"] for l in a.liabilities} == {"OLD"}
    [new] = [p for p in a.law_not_in_force if p["id"] == "NEW"]
    assert new["why"] == "not yet in force when the case is decided (2018-01-12)"


def test_an_interpretation_governs_every_case_pending_on_its_date(kb):
    path = _ex("cn", "a-2019-credit-card-fraud")
    a = kb.assess(path)
    [l] = [l for l in a.liabilities if l["party"] == "harbour-bank"]
    why = a.proofs[l["proof"]]["version"]["why"]
    assert why.startswith("SPC Bank-Card Provisions (2021), Art. 7(2) applied: in force 2021-05-25, "
                          "the case was not finally decided then (decided 2023-06-15)")
    assert "SPC Bank-Card Provisions (2021), Art. 16" in why
    d = a.to_json()["dates"]
    assert (d["decided"], d["decided_basis"], d["filed"]) == ("2023-06-15", "the incident's proceedings",
                                                               "2022-11-07")
    # the same facts, the case finally decided before 2021-05-25: not applied (Art. 16)
    assert kb.assess(path, decided_on=dt.date(2021, 3, 10)).liabilities == []


def test_a_renumbered_rule_decides_the_old_facts_under_its_former_number(kb):
    a = kb.assess(_ex("us", "a-1986-unauthorised-withdrawal"))
    assert {l["basis"] for l in a.liabilities} == {"REGE205-6"}
    [l] = [l for l in a.liabilities if l["party"] == "ed"]
    v = a.proofs[l["proof"]]["version"]
    assert v["provision"] == "REGE205-6" and v["renumbered_as"]["provision"].startswith("REGE-1005.6")
    assert "It is the earlier number of Regulation E (US), 12 CFR 1005.6" in v["why"]
    assert l["verified"] == "U"          # the 1986 wording is not held: carried as unverified
    [p] = [p for p in a.law_applied if p["id"] == "REGE205-6"]
    assert p["original"] is None


def test_a_directive_assessment_says_what_it_states_and_points_to_national_law(kb):
    path = EX / "eu" / "stolen-phone-wallet-the-payer-bears-50-euro-only-for-authenticated-payments-before-notice.yaml"
    [d] = kb.assess(path).to_json()["directives"]
    assert d["transposition_deadline"] == "2018-01-13"
    assert [c["id"] for c in d["deadline_cites"]] == ["PSD2-115"]
    assert {n["id"] for n in d["national"]["DE"]} >= {"BGB-675u", "BGB-675v-1"}
    assert d["statement"].startswith("This assessment states what Payment Services Directive 2")
    de = EX / "de" / "stolen-card-the-payer-bears-50-euro-and-the-bank-refunds-one-payment-a-day-late.yaml"
    assert kb.assess(de).to_json()["directives"] == []


def test_every_provision_of_the_shipped_knowledge_base_says_how_it_applies_in_time(kb):
    from dutybound.rules.checker import check
    problems = [p for p in check(kb.files, kb.vocab, kb.law_texts) if "applies in time" in p.message]
    assert problems == [], "\n".join(p.render() for p in problems)
    from dutybound.kb.versions import Versions
    from dutybound.kb.timing import Dates
    v = Versions(kb, Dates(dt.date(2024, 1, 1), dt.date(2024, 1, 1), "test"))
    assert all(v.application(p) is not None for p in kb.provisions.values())


# -- the command line and the incident ------------------------------------

def test_the_json_says_which_dates_were_used(capsys):
    path = _ex("cn", "a-provider-that-invokes-limitation")
    assert main(["assess", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["dates"]["decided"] == "2024-11-05" and data["dates"]["filed"] == "2024-06-10"
    assert data["dates"]["facts"]["pay1"] == "2021-03-02"
    assert main(["assess", str(path), "--decided-on", "2025-01-01", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["dates"]["decided"], data["dates"]["decided_basis"]) == ("2025-01-01", "--decided-on")


def test_as_of_and_decided_on_together_are_refused(capsys):
    path = _ex("cn", "a-provider-that-invokes-limitation")
    assert main(["assess", str(path), "--as-of", "2022-01-01", "--decided-on", "2023-01-01"]) == 2
    assert "cannot be combined" in capsys.readouterr().err


def test_text_output_names_the_dates(capsys):
    path = _ex("cn", "a-provider-that-does-not-invoke")
    assert main(["assess", str(path), "--no-proofs"]) == 0
    out = " ".join(capsys.readouterr().out.split())      # the text output wraps its lines
    assert ("each fact under the version that governs it; decided on 2024-11-05, "
            "filed 2024-06-10; facts of 2021-03-02") in out
    assert "ran out on 2024-03-03, before it was filed on 2024-06-10; it is barred only if ZFB Payment Co. " \
           "invokes limitation" in out


@pytest.mark.parametrize("block, message, line", [
    ("proceedings: {filed: 2023-05-01, decided: 2023-01-01}", "is decided (2023-01-01) before it is filed", 5),
    ("proceedings: {decided: 2023-02-30}", "proceedings.decided", 5),
    ("proceedings: {heard: 2023-01-01}", "unknown key 'heard' in 'proceedings'", 5),
    ("proceedings:\n  limitation: {invoked: [bank]}", "unknown key 'invoked' in 'limitation'", 6),
    ("proceedings:\n  limitation: {suspended: [{from: 2023-05-01}]}", "a suspension is {from: DATE, to: DATE}", 6),
])
def test_a_bad_proceedings_block_is_an_error_naming_the_line(kb, incident, block, message, line):
    text = "incident: t\njurisdiction: CN\ndate: 2022-01-01\nindividuals: {a: {a: Consumer}}\n" + block + "\n"
    with pytest.raises(DutyboundError) as e:
        kb.load_incident(incident(text))
    [p] = e.value.problems
    assert message in p.message and p.line == line and p.hint


# -- limitation ------------------------------------------------------------

def _lim(**kw):
    from dutybound.rules.ast import Limitation
    base = dict(id="L", cites=("P",), jurisdiction="CN", years=3, starts="knowledge", text_en="x")
    return Limitation(**{**base, **kw})


class _Dates:
    def __init__(self, filed, limitation):
        self.filed, self.decided, self.limitation = filed, filed, limitation

    @property
    def asserted(self):
        return self.filed


class _P:
    id, title, jurisdiction = "P", "P", "CN"


def _entry(lim, facts, filed=dt.date(2030, 1, 1), start=dt.date(2021, 3, 2)):
    from dutybound.kb.limitation import LimitationCheck
    check = LimitationCheck.__new__(LimitationCheck)
    check.dates, check.titles, check.entries = _Dates(filed, facts), {}, {}
    return check.entry(lim, "bank", "alice", _P(), start)


def test_the_period_runs_from_knowledge_and_an_interruption_starts_it_again():
    e = _entry(_lim(), {"knew": {"*": dt.date(2021, 3, 3)}})
    assert e["runs_out"] == "2024-03-03" and e["status"] == "run out, not invoked"
    e = _entry(_lim(), {"knew": {"bank": dt.date(2021, 3, 3)}, "interrupted": [dt.date(2023, 5, 1)],
                        "invoked_by": ["bank"]}, filed=dt.date(2025, 1, 1))
    assert e["runs_out"] == "2026-05-01" and e["status"] == "not run out"


def test_a_suspension_in_the_last_six_months_ends_the_period_six_months_after_it_ends():
    lim = _lim(suspension="final-months", suspension_months=6)
    e = _entry(lim, {"knew": {"*": dt.date(2021, 3, 3)}, "suspended": [(dt.date(2023, 12, 1), dt.date(2024, 4, 30))]})
    assert e["runs_out"] == "2024-10-30"
    e = _entry(lim, {"knew": {"*": dt.date(2021, 3, 3)}, "suspended": [(dt.date(2022, 1, 1), dt.date(2022, 2, 1))]})
    assert e["runs_out"] == "2024-03-03"            # outside the last six months: no effect


def test_the_german_period_starts_at_year_end_and_does_not_count_suspended_time():
    lim = _lim(jurisdiction="DE", starts="year-end", suspension="not-counted", longstop_years=10)
    e = _entry(lim, {"knew": {"*": dt.date(2021, 4, 1)}})
    assert e["runs_out"] == "2024-12-31"
    e = _entry(lim, {"knew": {"*": dt.date(2021, 4, 1)}, "suspended": [(dt.date(2023, 1, 1), dt.date(2023, 1, 10))]})
    assert e["runs_out"] == "2025-01-10"


def test_the_longstop_caps_a_late_knowledge():
    e = _entry(_lim(longstop_years=20), {"knew": {"*": dt.date(2040, 6, 1)}}, start=dt.date(2021, 3, 2))
    assert e["runs_out"] == "2041-03-02"


def test_without_a_stated_knowledge_the_facts_date_is_taken_and_said(kb):
    path = _ex("de", "debits-from-a-stolen-card")
    entries = kb.assess(path).time.to_json()["limitation"]
    assert entries and all("the incident does not say when" in e["start_why"] for e in entries)
