"""An adapter over KnowledgeBase.assess for the web: a small cache of
assessments keyed by the incident's text and the options."""
from __future__ import annotations

import threading
from collections import OrderedDict


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
    return kb.assess(inc, as_of=as_of, assume=assume, jurisdiction=jurisdiction,
                     open_questions=open_questions)


