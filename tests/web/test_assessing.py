"""The web's adapter over KnowledgeBase.assess: a contradiction in the
user's own assumption is reported, not swallowed. (A contradicting
open-question probe is the engine's business: tests/engine/test_reasoner.py.)"""
from __future__ import annotations

from dutybound.errors import DutyboundError, Problem
from dutybound.web import assessing

from webcases import EXAMPLE, ROOT


class ProbeRejectingKB:
    """The real knowledge base, except that assuming `pay1 causedByFaultOf
    alice` true (as the engine's open-question probe does) contradicts."""

    def __init__(self, kb):
        self.kb = kb

    def __getattr__(self, name):
        return getattr(self.kb, name)

    def assess(self, inc, assume=(), open_questions=True, **kw):
        for a in assume:
            if isinstance(a, tuple) and a[0][1] == "causedByFaultOf" and a[1] is True:
                raise DutyboundError(Problem("these facts contradict each other"))
        if open_questions:
            from dutybound.engine.report import assess_incident
            return assess_incident(self, inc, assume=assume, open_questions=True, **kw)
        return self.kb.assess(inc, assume=assume, open_questions=False, **kw)


def test_a_contradiction_in_the_users_own_assumption_is_reported(kb):
    inc = kb.load_incident(str(ROOT / "examples" / EXAMPLE))
    try:
        assessing.assess(ProbeRejectingKB(kb), inc, assume=[(("pay1", "causedByFaultOf", "alice"), True)])
    except DutyboundError as e:
        assert "contradict" in e.problems[0].message
    else:
        raise AssertionError("the contradiction was swallowed")
