"""YAML and JSON text into one tree of YAML nodes (every value with its line
and column), within the limits, before anything is built from it.

YAML is scanned as a stream of events first: nesting, aliases, the size of
the document once aliases are expanded (an alias bomb is refused before it
grows) and tags are checked there, where no recursion or expansion happens.
JSON is checked by the json module (for its error messages) and then turned
into the same nodes as YAML, so the readers after this see one kind of tree.
Every scalar is checked for its length, lone surrogates and NUL characters,
and every mapping for keys given twice.
"""
from __future__ import annotations

import bisect
import gc
import json
import re
from contextlib import contextmanager
from json.decoder import scanstring

import yaml
from yaml.constructor import SafeConstructor

from dutybound.errors import DutyboundError, Problem
from dutybound.load.limits import Limits

T = "tag:yaml.org,2002:"
# libyaml when PyYAML was built with it: the same events and nodes, with their
# marks, read about ten times faster than the pure-Python scanner
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# explicit tags that only say what plain YAML says anyway; any other tag
# (!!binary, !!timestamp, !!python/..., !local) is refused
PLAIN_TAGS = {T + "str", T + "seq", T + "map", "!"}
_BAD_CHAR = re.compile(r"[\ud800-\udfff\x00]")


def problem_at(mark, message, path, hint=None, length=1) -> Problem:
    if mark is None:
        return Problem(message, path, hint=hint)
    return Problem(message, path, mark.line + 1, mark.column + 1, length, hint)


@contextmanager
def gc_paused():
    """Pauses CPython's cycle collector while a large tree of small objects is
    built: its full collections would walk the growing heap again and again,
    making a 10,000-individual incident superlinear to load (twice the time at
    8,000). The trees built here have no cycles; what other libraries make on
    the way (rdflib, pyshacl) is collected once the collector runs again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# ------------------------------------------------------------------ YAML

def compose_yaml(text: str, path: str, limits: Limits) -> yaml.Node | None:
    _scan_yaml(text, path, limits)
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError as e:
        raise _yaml_error(e, path) from None
    if root is not None:
        check_scalars(root, path, limits)
    return root


def load_yaml_file(text: str, path: str, limits: Limits | None = None, kind: str = "file",
                   compose: bool = False):
    """A knowledge or rule-pack file (law texts, pack.yaml, a catalogue) as plain
    Python (or, with `compose`, as nodes with their marks), after the same scan
    as an incident: a pack is written by someone else, and a file nested
    thousands deep would otherwise reach Python's recursion limit inside PyYAML.
    Scalars are not length-checked (a statute's text may be long). Errors name
    the file and the place, as a DutyboundError of `kind`."""
    limits = limits or Limits.from_env()
    try:
        _scan_yaml(text, path, limits)
        try:
            return (yaml.compose if compose else yaml.load)(text, Loader=LOADER)
        except yaml.YAMLError as e:
            raise _yaml_error(e, path) from None
    except DutyboundError as e:
        raise DutyboundError(e.problems, kind=kind) from None


def _yaml_error(e: yaml.YAMLError, path: str) -> DutyboundError:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    what = getattr(e, "problem", None) or str(e)
    if getattr(e, "context", None) and getattr(e, "problem", None):
        what = f"{what} ({e.context})"
    return DutyboundError(problem_at(
        mark, f"invalid YAML: {what}", path,
        hint="check indentation and that every 'key: value' has a space after the colon; "
             "text with ':' or '#' in it goes in quotes"))


def _scan_yaml(text: str, path: str, limits: Limits) -> None:
    try:
        _scan_events(text, path, limits, LOADER)
    except yaml.YAMLError as e:
        # libyaml (PyYAML 6.0.4 on) refuses flow collections nested past its own
        # limit while it looks ahead for a key, before any event reaches the check
        # below; the pure-Python scanner has no such limit, so the incident's own
        # limit is reported, at the place it is passed, whichever PyYAML is installed
        if LOADER is yaml.SafeLoader or "nesting depth" not in str(e):
            raise _yaml_error(e, path) from None
        try:
            _scan_events(text, path, limits, yaml.SafeLoader)
        except yaml.YAMLError as e2:
            raise _yaml_error(e2, path) from None
        raise _yaml_error(e, path) from None


def _scan_events(text: str, path: str, limits: Limits, loader) -> None:
    depth = aliases = expanded = 0
    open_anchors: list = []            # (anchor or None, expanded count at its start)
    size: dict = {}                    # anchor -> values it stands for, expanded
    for ev in yaml.parse(text, Loader=loader):
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.ScalarEvent)):
            if ev.tag is not None and ev.tag not in PLAIN_TAGS:
                raise DutyboundError(problem_at(
                    ev.start_mark, f"the YAML tag '{ev.tag}' is not read in incidents", path,
                    hint="remove the tag: values are plain text, numbers, lists and mappings "
                         "(docs/incident-format.md)", length=len(ev.tag)))
            expanded += 1
            if isinstance(ev, yaml.ScalarEvent):
                if ev.anchor:
                    size[ev.anchor] = 1
            else:
                depth += 1
                if depth > limits.depth:
                    raise DutyboundError(limits.problem(
                        "depth", f"the values here are nested {depth} levels deep", path,
                        ev.start_mark.line + 1, ev.start_mark.column + 1))
                open_anchors.append((ev.anchor, expanded - 1))
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, start = open_anchors.pop()
            if anchor:
                size[anchor] = expanded - start
            depth -= 1
        elif isinstance(ev, yaml.AliasEvent):
            aliases += 1
            if aliases > limits.aliases:
                raise DutyboundError(limits.problem(
                    "aliases", f"this is alias number {aliases}", path,
                    ev.start_mark.line + 1, ev.start_mark.column + 1))
            if any(a == ev.anchor for a, _ in open_anchors):
                raise DutyboundError(problem_at(
                    ev.start_mark, f"the alias *{ev.anchor} refers to a value that contains it",
                    path, hint="an alias must refer to a value that is complete before it"))
            expanded += size.get(ev.anchor, 1)
        if expanded > limits.nodes:
            raise DutyboundError(limits.problem(
                "nodes", f"the document stands for more than {expanded - 1:,} values "
                         "once its aliases are expanded", path,
                ev.start_mark.line + 1, ev.start_mark.column + 1))


# ------------------------------------------------------------------ JSON

_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.S)
_TOKEN = re.compile(r'\s*(?:(?P<open>[\[{])|(?P<close>[\]}])|(?P<sep>[,:])|(?P<str>")'
                    r'|(?P<num>-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)'
                    r'|(?P<word>true|false|null|NaN|-?Infinity))')
_WORD_TAG = {"true": T + "bool", "false": T + "bool", "null": T + "null"}


class _Lines:
    def __init__(self, text: str, path: str):
        self.text, self.path = text, path
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def mark(self, i: int) -> yaml.Mark:
        line = bisect.bisect_right(self.starts, i) - 1
        return yaml.Mark(self.path, i, line, i - self.starts[line], None, None)


def too_deep(pattern: re.Pattern, text: str, opens: str, closes: str, limit: int) -> tuple[int, int] | None:
    """(index, depth) of the first bracket nested deeper than `limit`, scanning
    the tokens `pattern` finds (strings and comments are tokens of their own, so
    brackets inside them do not count); None when the nesting stays within it."""
    depth = 0
    for m in pattern.finditer(text):
        c = m.group(0)
        if c in opens:
            depth += 1
            if depth > limit:
                return m.start(), depth
        elif c in closes:
            depth = max(0, depth - 1)
    return None


def compose_json(text: str, path: str, limits: Limits) -> yaml.Node:
    lines = _Lines(text, path)
    if hit := too_deep(_BRACKETS, text, "[{", "]}", limits.depth):    # first: json.loads recurses
        mk = lines.mark(hit[0])
        raise DutyboundError(limits.problem("depth", f"the values here are nested {hit[1]} levels deep",
                                            path, mk.line + 1, mk.column + 1))
    try:
        json.loads(text, parse_int=str, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as e:
        raise DutyboundError(Problem(f"invalid JSON: {e.msg}", path, e.lineno, e.colno,
                                     hint="check commas, quotes and brackets near this place")) from None
    root = _json_nodes(text, lines)
    check_scalars(root, path, limits)
    return root


def _json_nodes(text: str, lines: _Lines) -> yaml.Node:
    """The nodes of a text json.loads accepted (so its grammar is not checked again)."""
    stack: list = []          # [node, pending key node or None]
    root = None
    i = 0
    while True:
        m = _TOKEN.match(text, i)
        if m is None:
            break
        start, i = m.start(m.lastgroup), m.end()
        kind = m.lastgroup
        if kind == "sep":
            continue
        if kind == "close":
            node = stack.pop()[0]
            node.end_mark = lines.mark(i)
            if not stack:
                break
            continue
        if kind == "open":
            cls, tag = (yaml.MappingNode, "map") if m.group("open") == "{" else (yaml.SequenceNode, "seq")
            node = cls(T + tag, [], lines.mark(start), None, flow_style=True)
        elif kind == "str":
            value, i = scanstring(text, i)
            node = yaml.ScalarNode(T + "str", value, lines.mark(start), lines.mark(i), style='"')
        elif kind == "num":
            tag = "int" if re.fullmatch(r"-?\d+", m.group("num")) else "float"
            node = yaml.ScalarNode(T + tag, m.group("num"), lines.mark(start), lines.mark(i))
        else:
            word = m.group("word")
            if word not in _WORD_TAG:
                raise DutyboundError(problem_at(
                    lines.mark(start), f"'{word}' is not a number", lines.path,
                    hint="write a finite number; NaN and Infinity are not JSON", length=len(word)))
            node = yaml.ScalarNode(_WORD_TAG[word], word, lines.mark(start), lines.mark(i))
        if not stack:
            root = node
            if not isinstance(node, yaml.CollectionNode):
                break
        else:
            parent = stack[-1]
            if isinstance(parent[0], yaml.MappingNode):
                if parent[1] is None:
                    parent[1] = node
                else:
                    parent[0].value.append((parent[1], node))
                    parent[1] = None
            else:
                parent[0].value.append(node)
        if isinstance(node, yaml.CollectionNode):
            stack.append([node, None])
    return root


# ------------------------------------------------------------------ checks

def check_scalars(root: yaml.Node, path: str, limits: Limits) -> None:
    """Every value once (aliases make the tree a graph): its length, its
    characters, and no key given twice in one mapping."""
    problems: list[Problem] = []
    seen: set = set()
    todo = [root]
    while todo and len(problems) < 20:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            value = node.value
            if len(value) > limits.text_chars:
                problems.append(limits.problem("text_chars", f"this value has {len(value):,} characters",
                                               path, node.start_mark.line + 1, node.start_mark.column + 1))
            elif m := _BAD_CHAR.search(value):
                ch = m.group(0)
                what = ("a NUL character (\\0), which text in an incident cannot hold" if ch == "\x00"
                        else f"a lone surrogate \\u{ord(ch):04x}, which is not a character")
                problems.append(problem_at(
                    node.start_mark, f"this text holds {what}", path,
                    hint="remove it; an escape such as \\ud83d must be followed by its other half "
                         "(or write the character itself)"))
        elif isinstance(node, yaml.MappingNode):
            keys: dict = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in keys:
                        first = keys[k.value]
                        problems.append(problem_at(
                            k.start_mark, f"'{k.value}' is given twice in this mapping "
                                          f"(first on line {first.start_mark.line + 1})", path,
                            hint="merge the two entries into one; a second one would silently "
                                 "replace the first", length=len(k.value)))
                    keys.setdefault(k.value, k)
                todo += (k, v)
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.col or 0))
        raise DutyboundError(problems)


# ------------------------------------------------------------------ values

def to_plain(node: yaml.Node, path: str, problems: list[Problem]):
    """A node's value as plain Python (as yaml.safe_load would build it), with
    a positioned problem for any scalar that cannot be built (a bad date, an
    integer too long to convert). Nesting is already bounded by the limits."""
    if isinstance(node, yaml.MappingNode):
        out = {}
        for k, v in node.value:
            key = to_plain(k, path, problems)
            try:
                out[key] = to_plain(v, path, problems)
            except TypeError:
                problems.append(problem_at(k.start_mark, "a key must be a single value, not a list or "
                                           "mapping", path, hint="write 'key: value'"))
        return out
    if isinstance(node, yaml.SequenceNode):
        return [to_plain(v, path, problems) for v in node.value]
    try:
        return SafeConstructor().construct_object(node)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as e:
        what = getattr(e, "problem", None) or str(e)
        short = node.value if len(node.value) <= 40 else node.value[:40] + "…"
        problems.append(problem_at(node.start_mark, f"cannot read {short!r}: {what[:200]}", path,
                                   hint=f"quote it if it is meant as text: \"{short}\"",
                                   length=max(1, len(node.value))))
        return None
