"""The limits on what Dutybound reads from outside (docs/security.md, "Limits").

Every limit has a default that fits any real incident or rule file many times
over, and an environment variable that raises (or lowers) it:

    DUTYBOUND_MAX_FILE_BYTES=20000000 dutybound assess big-incident.yaml

Anything over a limit is an error that names the file, the place, the limit
and the variable that raises it; nothing is read past it. A limit set to
something that is not a whole number in its allowed range is a usage error.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields

from dutybound.errors import DutyboundError, Problem

PREFIX = "DUTYBOUND_MAX_"


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 8_000_000       # an incident file (or pasted text), in bytes
    depth: int = 32                   # nesting of mappings and lists (YAML, JSON, JSON-LD, Turtle)
    aliases: int = 100                # YAML aliases (*name) in one file
    nodes: int = 1_000_000            # values in the file once YAML aliases are expanded
    individuals: int = 20_000         # individuals in one incident
    text_chars: int = 100_000         # characters in one value (a description, a title, a key)
    rule_file_bytes: int = 2_000_000  # a rule file (Markdown), in bytes
    expression_depth: int = 64        # nesting of parentheses, braces and operators in a rule

    # what each limit counts, for the messages
    WHAT = {
        "file_bytes": "bytes in one incident", "depth": "levels of nesting",
        "aliases": "YAML aliases", "nodes": "values once YAML aliases are expanded",
        "individuals": "individuals in one incident", "text_chars": "characters in one value",
        "rule_file_bytes": "bytes in one rule file",
        "expression_depth": "levels of nesting in one rule expression"}
    # the most a limit may be raised to: past it the readers would hit Python's own
    # recursion limit (depth) or no longer be a limit at all
    CEILING = {"depth": 200, "expression_depth": 200}

    @staticmethod
    def variable(name: str) -> str:
        return PREFIX + name.upper()

    @classmethod
    def from_env(cls, env=None) -> "Limits":
        """The defaults, with every DUTYBOUND_MAX_* variable that is set."""
        env = os.environ if env is None else env
        given = {}
        for f in fields(cls):
            var = cls.variable(f.name)
            raw = env.get(var)
            if raw is None or raw.strip() == "":
                continue
            ceiling = cls.CEILING.get(f.name, 10 ** 12)
            try:
                value = int(raw.strip().replace("_", ""))
            except ValueError:
                value = None
            if value is None or not 1 <= value <= ceiling:
                raise DutyboundError(Problem(
                    f"{var}={raw!r}: expected a whole number from 1 to {ceiling:,}",
                    hint=f"unset {var} to use the default ({f.default:,} {cls.WHAT[f.name]})"),
                    kind="usage")
            given[f.name] = value
        return cls(**given)

    def problem(self, name: str, found: str, path: str | None, line: int | None = None,
                col: int | None = None, where: str | None = None) -> Problem:
        """The error for going over limit `name`: `found` says by how much."""
        limit = getattr(self, name)
        return Problem(
            f"{found}: over the limit of {limit:,} {self.WHAT[name]}", path, line, col,
            where=where,
            hint=f"if the input is meant to be this large, raise the limit, e.g. "
                 f"{self.variable(name)}={_raised(limit, self.CEILING.get(name))} "
                 f"(docs/security.md, 'Limits')")


def _raised(limit: int, ceiling: int | None) -> int:
    return min(limit * 4, ceiling) if ceiling else limit * 4


DEFAULT = Limits()
