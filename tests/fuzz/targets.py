"""Fuzz targets: the incident loader in each format and the rule parser.

A target takes bytes and must either succeed or raise DutyboundError (bad
input, reported with its place); anything else is a crash, and libFuzzer's
-timeout and -rss_limit_mb turn a hang or a blow-up into one too. A loaded
incident is also assessed, so the engine meets what the loader lets through.

    python tests/fuzz/run.py                 # every target, a fixed budget (what .ci/run does)
    python tests/fuzz/run.py yaml -- -runs=1000
"""
from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["dutybound"]):
    from dutybound.errors import DutyboundError
    from dutybound.load.incident import load_incident_text
    from dutybound.load.limits import Limits
    from dutybound.load.source import decode
    from dutybound.rules.checker import check
    from dutybound.rules.parser import parse_text

SUFFIX = {"yaml": ".yaml", "json": ".json", "turtle": ".ttl", "jsonld": ".jsonld"}
# small limits, so that a large input is refused quickly rather than timed
LIMITS = Limits(file_bytes=200_000, nodes=20_000, individuals=500, text_chars=20_000,
                rule_file_bytes=200_000)
_KB = None


def kb():
    global _KB
    if _KB is None:
        from dutybound.engine.kb import KnowledgeBase
        _KB = KnowledgeBase.load()
    return _KB


def incident(fmt: str):
    name = "fuzz" + SUFFIX[fmt]

    def target(data: bytes) -> None:
        k = kb()
        try:
            text = decode(data, name)
            inc = load_incident_text(text, name, k.vocab, k.root / "ontology" / "shapes.ttl", LIMITS)
        except DutyboundError as e:
            _check_error(e)
            return
        k.assess(inc, open_questions=False)
    return target


def rules(data: bytes) -> None:
    try:
        rf = parse_text(decode(data, "fuzz.md"), "fuzz.md", LIMITS)
    except DutyboundError as e:
        _check_error(e)
        return
    check([rf], kb().vocab, kb().law_texts)


def _check_error(e: DutyboundError) -> None:
    """Bad input is reported with a message, and renders without failing."""
    assert e.problems and all(p.message for p in e.problems)
    e.render()


TARGETS = {**{fmt: incident(fmt) for fmt in SUFFIX}, "rules": rules}


if __name__ == "__main__":
    name = sys.argv[1]
    atheris.Setup([sys.argv[0]] + sys.argv[2:], TARGETS[name])
    kb()                           # load before fuzzing, not inside the first input's time
    atheris.Fuzz()
