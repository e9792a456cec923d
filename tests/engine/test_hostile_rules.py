"""A rule pack is not trusted: arithmetic no value can hold (a date past year
9999, money divided by zero money, a decimal overflow) is a reported problem of
the rule at its place, never a crash."""
from __future__ import annotations

import pytest

from test_reasoner import PAYMENT, provision, rules


@pytest.mark.parametrize("expression, words", [
    ("add_days(?t, 99999999)", "date value out of range"),          # past year 9999
    ("?amt / CNY 0.00", "division by zero"),                         # money by zero money
    ("?amt / (?amt - ?amt)", "division by zero"),
    ("round(?amt, 99999999)", "cannot be represented"),
])
def test_impossible_arithmetic_is_a_problem_of_the_rule(make_kb, incident, expression, words):
    rule = f"""
rule r cites P
  when
    ?pay a UnauthorisedPayment ; processedBy ?psp ; amount ?amt ; time ?t
    let ?x = {expression}
  then
    ?pay a Payment
end
"""
    kb = make_kb(provision("P") + rules(rule))
    a = kb.assess(incident(PAYMENT))
    assert [p["at"].rsplit("/", 1)[-1] for p in a.problems] == ["test.md:17:14"], a.problems
    assert words in a.problems[0]["message"]
