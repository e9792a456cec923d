"""The time facts of an incident (docs/incident-format.md, "Dates"): the
`proceedings:` block (when the claim was filed and decided, and the
limitation facts) and the individuals whose date is stated unknown.

Kept apart from the incident loader: it reads the YAML nodes the loader
composed and reports problems through the loader's reader (`r.problem`).
"""
from __future__ import annotations

import yaml

from dutybound.errors import did_you_mean
from dutybound.values import ValueError_, parse_date


def _mapping(node) -> dict:
    return {k.value: (k, v) for k, v in node.value}


def _items(node):
    return node.value if isinstance(node, yaml.SequenceNode) else [node]


DATE_PROPERTIES = ("time", "date")
PROCEEDINGS_KEYS = {"filed", "decided", "limitation"}
LIMITATION_KEYS = {"invoked_by", "knew", "suspended", "interrupted"}


def unknown_dates(plain: dict) -> frozenset:
    """Individuals whose `unknown:` list names their date (`time` or `date`):
    their date is an unknown, not the incident's."""
    out = set()
    for name, body in ((plain or {}).get("individuals") or {}).items():
        listed = body.get("unknown") if isinstance(body, dict) else None
        listed = listed if isinstance(listed, list) else [listed]
        if any(str(x) in DATE_PROPERTIES for x in listed if x is not None):
            out.add(str(name))
    return frozenset(out)


def read_proceedings(r, top) -> dict:
    """The `proceedings:` block: when the claim was filed and decided, and the
    limitation facts (who invokes it, when the claimant knew, suspensions,
    interruptions). Dates are datetime.date; problems go to r."""
    if "proceedings" not in top:
        return {}
    node = top["proceedings"][1]
    if not isinstance(node, yaml.MappingNode):
        r.problem(node, "'proceedings' must be a mapping such as {filed: 2023-03-01, decided: 2023-09-20}",
                  hint="see docs/incident-format.md, \"Dates\"")
        return {}
    out: dict = {}
    for key, vnode in _known(r, node, "proceedings", PROCEEDINGS_KEYS):
        if key == "limitation":
            out[key] = _limitation_facts(r, vnode)
        else:
            out[key] = _a_date(r, vnode, f"proceedings.{key}")
    if out.get("filed") and out.get("decided") and out["decided"] < out["filed"]:
        r.problem(top["proceedings"][1], f"the claim is decided ({out['decided']}) before it is "
                  f"filed ({out['filed']})", hint="swap the dates or correct one of them")
    return out


def _known(r, node, where, allowed):
    """(key, value node) of a mapping's known keys; an unknown key is a problem."""
    for key, (knode, vnode) in _mapping(node).items():
        if key in allowed:
            yield key, vnode
        else:
            r.problem(knode, f"unknown key '{key}' in '{where}'",
                      hint=did_you_mean(key, allowed) or "expected: " + ", ".join(sorted(allowed)))


def _a_date(r, node, what):
    if isinstance(node, yaml.ScalarNode):
        try:
            return parse_date(str(node.value)[:10])
        except ValueError_ as e:
            r.problem(node, f"{what}: {e}", hint="write a date as YYYY-MM-DD")
            return None
    r.problem(node, f"{what} must be a date (YYYY-MM-DD)")
    return None


def _limitation_facts(r, node) -> dict:
    if not isinstance(node, yaml.MappingNode):
        r.problem(node, "'limitation' must be a mapping: {invoked_by: [bank], knew: 2019-08-03}",
                  hint="see docs/incident-format.md, \"Limitation\"")
        return {}
    out: dict = {"invoked_by": [], "knew": {}, "suspended": [], "interrupted": []}
    for key, vnode in _known(r, node, "limitation", LIMITATION_KEYS):
        if key == "invoked_by":
            out[key] = [str(i.value) for i in _items(vnode) if isinstance(i, yaml.ScalarNode)]
        elif key == "knew":
            if isinstance(vnode, yaml.MappingNode):      # per liable party
                out[key] = {p: _a_date(r, v, f"limitation.knew.{p}")
                            for p, (_, v) in _mapping(vnode).items()}
            else:
                out[key] = {"*": _a_date(r, vnode, "limitation.knew")}
        elif key == "interrupted":
            out[key] = sorted(d for d in (_a_date(r, i, "limitation.interrupted")
                                          for i in _items(vnode)) if d)
        else:
            out[key] = [p for p in (_period(r, i) for i in _items(vnode)) if p]
    return out


def _period(r, node):
    if not isinstance(node, yaml.MappingNode) or {"from", "to"} - set(_mapping(node)):
        r.problem(node, "a suspension is {from: DATE, to: DATE}",
                  hint="e.g. suspended: [{from: 2022-05-01, to: 2022-07-31}]")
        return None
    m = _mapping(node)
    start, end = _a_date(r, m["from"][1], "suspended.from"), _a_date(r, m["to"][1], "suspended.to")
    if start and end and end < start:
        r.problem(node, f"the suspension ends ({end}) before it starts ({start})")
        return None
    return (start, end) if start and end else None
