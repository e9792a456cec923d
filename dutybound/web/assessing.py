"""An adapter over KnowledgeBase.assess for the web: a small cache, and
open questions that survive a what-if probe the ontology rejects.

The engine finds open questions by assuming each unknown fact true and then
false (engine/whatif.py). When assuming one of them true contradicts the
incident under the ontology (e.g. a payment assumed to be a PaymentError,
disjoint from Payment), the engine raises for the whole assessment. Such a
fact cannot be true, so it is no open question in that direction: here the
probe is skipped and the assessment goes on. Everything else is the
engine's, unchanged.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

from dutybound.engine import whatif
from dutybound.engine.proof import atom_text
from dutybound.errors import DutyboundError

CACHE_SIZE = 128
_cache: OrderedDict = OrderedDict()
_lock = threading.Lock()


def assessment(kb, src, inc, opts: dict, assume=None, open_questions: bool = True) -> dict:
    """The assessment's JSON (docs/assessment-format.md), cached by the
    incident's text and the options. Callers must not modify it."""
    assume = list(opts["assume"] if assume is None else assume)
    key = (id(kb), src.label, src.format, src.text, opts["as_of"], opts["jurisdiction"],
           tuple(assume), open_questions)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    data = assess(kb, inc, as_of=opts["as_of"], assume=assume,
                  jurisdiction=opts["jurisdiction"], open_questions=open_questions).to_json()
    with _lock:
        _cache[key] = data
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return data


def assess(kb, inc, as_of=None, assume=(), jurisdiction=None, open_questions=True):
    if not open_questions:
        return kb.assess(inc, as_of=as_of, assume=assume, jurisdiction=jurisdiction, open_questions=False)
    try:
        return kb.assess(inc, as_of=as_of, assume=assume, jurisdiction=jurisdiction)
    except DutyboundError:
        # Raises again if the incident or the user's own assumptions are at fault.
        a = kb.assess(inc, as_of=as_of, assume=assume, jurisdiction=jurisdiction, open_questions=False)
        a.open_questions = _open_questions(kb, inc, a, as_of, list(assume), jurisdiction)
        return a


def _open_questions(kb, inc, a, as_of, assume, jurisdiction) -> list:
    """engine/whatif.open_questions, skipping the probes the ontology rejects."""
    describe = getattr(whatif, "_describe", str)
    base = a.outcome()
    out = []
    for t, rules in sorted(whatif.candidates(a).items(), key=lambda kv: repr(kv[0])):
        entry = {"fact": atom_text((t[1], t[0], t[2])), "subject": t[0], "property": t[1],
                 "object": str(t[2]), "asked_by": sorted(rules)}
        moved = False
        for value in (True, False):
            try:
                other = kb.assess(inc, as_of=as_of, assume=assume + [(t, value)],
                                  jurisdiction=jurisdiction, open_questions=False)
            except DutyboundError:
                continue
            changed = other.outcome()
            if changed != base:
                moved = True
                entry["if_" + str(value).lower()] = {
                    "gained": sorted(describe(k) for k in changed - base),
                    "lost": sorted(describe(k) for k in base - changed)}
        if moved:
            out.append(entry)
    return out
