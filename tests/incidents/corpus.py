"""The bad-input corpus (tests/incidents/bad/): one file per bad input, each
stating the error it must give.

A YAML or Turtle file states it in its first comment lines; any file may
instead have a sidecar NAME.expect holding the same lines without the `# `:

    # expect: LINE:COL: words of the message      (LINE:COL, LINE: alone, 0:0 for none,
    #                                               or (WHERE): for an RDF node)
    # exit: 2                                      (default 3)
    # env: DUTYBOUND_MAX_TEXT_CHARS=40             (set while the file is read; repeatable)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

BAD = Path(__file__).parent / "bad"
SUFFIXES = (".yaml", ".yml", ".json", ".ttl", ".jsonld", ".rdf")


@dataclass
class Expect:
    path: Path
    line: int | None = None
    col: int | None = None
    where: str | None = None
    words: str = ""
    exit: int = 3
    env: dict = field(default_factory=dict)

    def location(self, shown: str) -> str:
        """What the first line of the error starts with, for the path as given."""
        if self.where:
            return f"{shown} ({self.where}):"
        if self.line and self.col:
            return f"{shown}:{self.line}:{self.col}:"
        if self.line:
            return f"{shown}:{self.line}:"
        return f"{shown}"


def files() -> list[Path]:
    return sorted(p for p in BAD.iterdir() if p.suffix in SUFFIXES)


def expectation(path: Path) -> Expect:
    sidecar = path.with_suffix(".expect")
    if sidecar.exists():
        lines = sidecar.read_text(encoding="utf-8").splitlines()
    else:
        head = path.read_bytes()[:2000].decode("utf-8", errors="replace").splitlines()
        lines = [l[2:] for l in head if l.startswith("# ")]
    e = Expect(path)
    for line in lines:
        key, _, value = line.partition(": ")
        if key == "exit":
            e.exit = int(value)
        elif key == "env":
            name, _, val = value.partition("=")
            e.env[name.strip()] = val.strip()
        elif key == "expect" or re.match(r"^(\d+:\d+|\d+|\(.*\)):", line):
            text = value if key == "expect" else line
            m = re.match(r"^(?:(\d+):(\d+)|(\d+)|\((.*?)\)): (.+)$", text)
            assert m, f"{path.name}: cannot read the expectation {text!r}"
            if m.group(1):
                e.line, e.col = int(m.group(1)) or None, int(m.group(2)) or None
            elif m.group(3):
                e.line = int(m.group(3))
            else:
                e.where = m.group(4)
            e.words = m.group(5).strip()
    assert e.words, f"{path.name}: no expectation (first line `# expect: LINE:COL: words`, or NAME.expect)"
    return e
