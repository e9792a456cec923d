"""The ontology (TBox), compiled once into plain Python, and applied to an incident.

This module only gathers the names; the code lives in:

  engine/vocabulary.py  Vocabulary, TermInfo, DefinedClass; load_vocabulary() with its
                        on-disk cache, vocab_graph(), reading and parsing the Turtle
  engine/owlcompile.py  compiling the Turtle into a Vocabulary (hierarchy, defined
                        classes, domains and ranges, the tables saturate() uses)
  engine/saturate.py    saturate(): the vocabulary applied to an incident's facts, and
                        the 'these facts contradict each other' error

HermiT (engine/owlcheck.py) checks the same files consistent; it never runs per incident.
"""
from __future__ import annotations

from dutybound.engine.owlcompile import (_DATATYPES, _KINDS, _build_index, _chain, _closure,
                                         _compile, _ontology_error)
from dutybound.engine.saturate import _clash, _describe, _leaves, saturate
from dutybound.engine.vocabulary import (_MEMO, NS, ONTOLOGY_DIR, DefinedClass, TermInfo,
                                         Vocabulary, _Index, _parse, _read, default_paths,
                                         load_vocabulary, vocab_graph)

__all__ = [
    "NS", "ONTOLOGY_DIR", "DefinedClass", "TermInfo", "Vocabulary", "default_paths",
    "load_vocabulary", "saturate", "vocab_graph",
    # private, kept importable from here: owlcheck.py and the tests use some of them
    "_MEMO", "_DATATYPES", "_KINDS", "_Index", "_build_index", "_chain", "_clash",
    "_closure", "_compile", "_describe", "_leaves", "_ontology_error", "_parse", "_read",
]
