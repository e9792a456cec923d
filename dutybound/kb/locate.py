"""Where the knowledge base lives.

The shipped knowledge base (ontology, rules, statute texts, shapes, queries,
examples) is package data under `dutybound/knowledge/`, read through
importlib.resources, so a wheel installed anywhere finds it exactly as a clone
does. `$DUTYBOUND_HOME` points at another knowledge base folder of the same shape.
"""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path


def shipped_root() -> Path:
    """The knowledge base inside the installed package (a folder on disk: the
    package is never imported from a zip file)."""
    return Path(str(resources.files("dutybound") / "knowledge"))


def default_root() -> Path:
    """$DUTYBOUND_HOME if set, else the shipped knowledge base."""
    env = os.environ.get("DUTYBOUND_HOME")
    return Path(env) if env else shipped_root()
