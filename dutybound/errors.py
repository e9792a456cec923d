"""One error format for every input the user gives us.

    path:line:col: error: what went wrong
       12 | the source line
          |        ^^^^
    hint: how to fix it

Errors are values raised as DutyboundError; the CLI and the web app print
them and never show a traceback.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Problem:
    message: str
    path: str | None = None
    line: int | None = None        # 1-based
    col: int | None = None         # 1-based
    length: int = 1                # how many characters to underline
    hint: str | None = None
    where: str | None = None       # a non-line location, e.g. a JSON path
    severity: str = "error"

    def location(self) -> str:
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        loc = ":".join(parts)
        if self.where:
            loc += f" ({self.where})"
        return loc

    def render(self, source: str | None = None) -> str:
        out = [f"{self.location()}: {self.severity}: {self.message}"]
        text = source
        if text is None and self.path and self.line:
            text = _source_text(self.path)
        if text is not None and self.line:
            lines = text.splitlines()
            if 0 < self.line <= len(lines):
                src, col = _window(lines[self.line - 1], self.col)
                gutter = f"{self.line:>5} | "
                out.append(gutter + src)
                if col:
                    pad = " " * (len(gutter) - 2) + "| "
                    out.append(pad + _visual_pad(src, col - 1) + "^" * max(1, min(self.length, len(src) - col + 2)))
        if self.hint:
            out.append(f"hint: {self.hint}")
        return "\n".join(out)

    def to_json(self) -> dict:
        return {k: v for k, v in {
            "message": self.message, "path": self.path, "line": self.line,
            "col": self.col, "where": self.where, "hint": self.hint,
            "severity": self.severity}.items() if v is not None}


def _window(src: str, col: int | None, width: int = 120) -> tuple[str, int | None]:
    """A long line cut to `width` characters around the column (… marks the cuts)."""
    if len(src) <= width:
        return src, col
    start = max(0, min((col or 1) - 1 - width // 3, len(src) - width))
    cut = ("…" if start else "") + src[start:start + width] + ("…" if start + width < len(src) else "")
    return cut, ((col - start + (1 if start else 0)) if col else None)


def _source_text(path: str) -> str | None:
    """The text of the file a problem names, to show its line: only a regular
    file of reasonable size (never a FIFO, which would block), undecodable
    bytes shown as \ufffd."""
    import os
    import stat
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > 64 * 1024 * 1024:
            return None
        return Path(path).read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    except (OSError, ValueError):
        return None


def _visual_pad(src: str, n: int) -> str:
    # Keep tabs as tabs and wide (CJK) characters as two columns so the caret lines up.
    out = []
    for ch in src[:n]:
        if ch == "\t":
            out.append("\t")
        elif ord(ch) > 0x2E80:
            out.append("  ")
        else:
            out.append(" ")
    return "".join(out)


class DutyboundError(Exception):
    """One or more problems with what the user gave us. `kind` picks the exit
    code: 'usage' and 'file' exit 2; 'rules', 'ontology' and 'incident' exit 3."""

    def __init__(self, problems: list[Problem] | Problem, kind: str = "incident"):
        self.problems = problems if isinstance(problems, list) else [problems]
        self.kind = kind
        super().__init__(self.render())

    def render(self) -> str:
        return "\n\n".join(p.render() for p in self.problems)

    @property
    def exit_code(self) -> int:
        return 2 if self.kind in ("usage", "file") else 3


def did_you_mean(word: str, choices, n: int = 3) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=n, cutoff=0.6)
    if not close:
        lower = {c.lower(): c for c in choices}
        if word.lower() in lower:
            close = [lower[word.lower()]]
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    return None
