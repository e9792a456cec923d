"""The checker beyond one-error-per-file: strata for the reasoner, the
verbatim test, suggestions, and several problems at once."""
from __future__ import annotations

import pytest

from dutybound.errors import DutyboundError
from dutybound.rules.checker import check, stratify, verbatim_gap
from dutybound.rules.parser import parse_text

PROVISION = """
provision P
  title "P"
  jurisdiction CN
  rank statute
  effective 2019-01-01
  time T
  en "x"
end
application T cites P
  to facts
  en "x"
end
"""


def parse(code: str):
    return parse_text("```dutybound\n" + PROVISION + code + "\n```\n", "t.md")


def ids(strata):
    return [[r.id for r in s] for s in strata]


def test_a_negated_predicate_is_decided_in_an_earlier_stratum(vocab):
    rf = parse("""
rule victim cites P
  when
    ?pay debitedFrom ?acct
    ?acct heldBy ?user
    not ?user a Suspect
  then
    ?user a Victim
end
rule suspect cites P
  when
    ?pay causedByFaultOf ?user
  then
    ?user a Suspect
end
""")
    assert ids(stratify(rf.rules, vocab)) == [["suspect"], ["victim"]]


def test_conflicting_conclusions_share_a_stratum(vocab):
    # `not liable` sits on a negation, `liable` does not: still decided together.
    rf = parse("""
rule exempt cites P
  when
    ?pay processedBy ?psp ; debitedFrom ?acct
    ?acct heldBy ?user
    not ?user a Suspect
  then
    not liable ?psp to ?user
end
rule claim cites P
  when
    ?pay processedBy ?psp ; debitedFrom ?acct
    ?acct heldBy ?user
  then
    liable ?psp to ?user
end
rule suspect cites P
  when
    ?pay causedByFaultOf ?user
  then
    ?user a Suspect
end
""")
    strata = ids(stratify(rf.rules, vocab))
    assert strata[0] == ["suspect"] and sorted(strata[1]) == ["claim", "exempt"]


def test_a_subclass_conclusion_feeds_its_superclass(vocab):
    rf = parse("""
rule reads-party cites P
  when
    ?pay processedBy ?psp
    not ?psp a Party
  then
    ?pay a UnauthorisedPayment
end
rule makes-victim cites P
  when
    ?pay debitedFrom ?acct
    ?acct heldBy ?user
  then
    ?user a Victim
end
""")
    assert ids(stratify(rf.rules, vocab)) == [["makes-victim"], ["reads-party"]]


def test_stratify_refuses_a_cycle_through_negation(vocab):
    rf = parse("""
rule r cites P
  when
    ?x heldBy ?y
    not ?y a Victim
  then
    ?y a Victim
end
""")
    with pytest.raises(DutyboundError) as e:
        stratify(rf.rules, vocab)
    assert "cycle through negation" in e.value.problems[0].message


def test_breaches_of_unrelated_duties_do_not_form_a_cycle(vocab):
    rf = parse("""
rule a cites P
  when
    ?pay processedBy ?psp
    not breach ?psp NotificationDuty
  then
    breach ?psp PaymentSecurityDuty
end
""")
    assert ids(stratify(rf.rules, vocab)) == [["a"]]


@pytest.mark.parametrize("original,found", [
    ("未经授权的支付造成的损失，由电子支付服务提供者承担；", None),
    ("未经授权的支付造成的损失，\n  由电子支付服务提供者承担；", None),
    ("未经授权的支付……不承担责任。", None),
    ("用户应当妥善保管...应当立即采取措施防止损失扩大。", None),
    ("不承担责任。……未经授权的支付造成的损失", "未经授权的支付造成的损失"),
    ("由电子支付服务提供者负担", "由电子支付服务提供者负担"),
])
def test_verbatim_with_gaps(law_texts, original, found):
    assert verbatim_gap(original, law_texts["ECL-57"]["text"]) == found


def test_every_problem_is_reported_not_just_the_first(vocab):
    rf = parse("""
rule r cites Q
  when
    ?pay a Paymnt ; processedBy ?psp
  then
    liable ?psp to ?nobody as Solo
end
""")
    messages = [p.message for p in check([rf], vocab)]
    assert any("cites 'Q'" in m for m in messages)
    assert any("unknown class 'Paymnt'" in m for m in messages)
    assert any("?nobody" in m for m in messages)
    assert any("unknown liability form 'Solo'" in m for m in messages)
    hints = [p.hint for p in check([rf], vocab)]
    assert "did you mean 'Payment'?" in hints and "did you mean 'Sole'?" in hints


def test_a_calendar_may_be_an_individual_of_the_incident(vocab):
    rf = parse("""
rule r cites P
  when
    ?pay occurredAt ?t1 ; reportedAt ?t2 ; processedBy ?psp
    where business_days_between(?t1, ?t2, bank) > 2
  then
    ?psp a Party
end
""")
    assert check([rf], vocab) == []


def test_a_vocabulary_name_that_is_a_keyword_is_a_warning(vocab):
    class Clashing(type(vocab)):
        def names(self):
            return super().names() + ["reduction"]
    problems = check([parse("")], Clashing())
    assert [p.severity for p in problems] == ["warning"]
    assert "'reduction' is a keyword" in problems[0].message


def test_liable_options_are_keywords_only_after_liable():
    rf = parse("""
rule r cites P
  when
    ?l share ?s ; cap ?c ; factors ?f
  then
    liable ?l to ?l share ?s cap ?c factors "x"
end
""")
    cond, head = rf.rules[0].conditions, rf.rules[0].heads[0]
    assert [t.predicate.name for t in cond] == ["share", "cap", "factors"]
    assert head.share.name == "s" and head.cap.name == "c" and head.factors == "x"
