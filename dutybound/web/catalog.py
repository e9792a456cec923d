"""What the Law, Ontology and example pages show, read off the knowledge base
once at start-up: an adapter over the engine, which it never changes.

Three things the engine does not give directly are computed here: the source
text of each rule (read back from its rule file at its position), the terms
each rule uses (by walking its syntax tree), and which bundled examples
exercise each provision (the provisions in the example's `law_applied`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from pathlib import Path

from dutybound.errors import DutyboundError
from dutybound.rules import ast

log = logging.getLogger(__name__)
JURISDICTIONS = ("CN", "DE", "EU", "US")
EXAMPLE_SUFFIXES = (".yaml", ".yml", ".json", ".ttl", ".jsonld")
KIND_ORDER = ("class", "object_property", "datatype_property", "individual", "datatype")
# The home page's topic filter: a provision id prefix -> the field it belongs to.
TOPICS = (("payments", ("ECL-53", "ECL-54", "ECL-55", "ECL-56", "ECL-57", "SPC-BANKCARD", "PSD2",
                        "BGB-675", "REGE")),
          ("data", ("PIPL", "CSL", "CRPL-29")),
          ("premises", ("CC-1198", "TLL-37", "BGB-823", "BGB-840", "BGB-254")),
          ("online-content", ("CC-1194", "CC-1195", "CC-1196", "CC-1197", "TLL-36")),
          ("platforms", ("ECL-27", "ECL-30", "ECL-31", "ECL-38", "CRPL-25", "CRPL-44")),
          ("torts", ("CC-1165", "CC-1168", "CC-1169", "CC-1171", "CC-1172", "CC-1173")))


def topics_of(provisions) -> list[str]:
    """The fields an example's law belongs to (TOPICS), in TOPICS order."""
    return [t for t, prefixes in TOPICS
            if any(p == x or p.startswith(x + "-") or p.startswith(x + ".") or p.startswith(x)
                   for p in provisions for x in prefixes)]


class Catalog:
    def __init__(self, kb):
        self.kb = kb
        self.root = Path(kb.root)
        self._lines: dict = {}
        self.rule_terms = {r.id: sorted(_names(r) & set(kb.vocab.terms)) for r in kb.rules}
        self.term_rules: dict = {}
        for rid, names in self.rule_terms.items():
            for n in names:
                self.term_rules.setdefault(n, []).append(rid)
        self.examples = self._load_examples()
        self.exercised: dict = {}
        for ex in self.examples.values():
            for pid in ex["law_applied"]:
                self.exercised.setdefault(pid, []).append(ex["id"])

    # -- examples ------------------------------------------------------
    def _load_examples(self) -> dict:
        out = {}
        base = self.root / "examples"
        from dutybound.kb.examples import incident_files
        paths = incident_files(base, EXAMPLE_SUFFIXES)      # rule packs' cases need their pack
        for path in paths:
            ex_id = path.relative_to(base).as_posix()
            entry = {"id": ex_id, "path": str(path), "title": path.stem, "description": "",
                     "date": None, "jurisdiction": None, "expect": None, "law_applied": [],
                     "topics": [], "error": None}
            try:
                inc = self.kb.load_incident(str(path))
                a = self.kb.assess(inc, open_questions=False)
                entry.update(title=inc.title, description=inc.description.strip(),
                             date=inc.date.isoformat(), jurisdiction=inc.jurisdiction,
                             expect=_plain(inc.expect),
                             law_applied=[p["id"] for p in a.law_applied],
                             topics=topics_of([p["id"] for p in a.law_applied]))
            except DutyboundError as e:
                entry["error"] = e.render()
            except Exception as e:          # an example being written by someone else
                log.exception("example %s could not be assessed", ex_id)
                entry["error"] = f"{type(e).__name__}: {e}"
            out[ex_id] = entry
        return out

    def example_list(self) -> list:
        return [{k: v for k, v in e.items() if k != "path"} for e in self.examples.values()]

    # -- law -----------------------------------------------------------
    def rule_source(self, rule) -> str:
        """The rule as written in its file, `rule ...` to `end`."""
        path = rule.pos.path if rule.pos else None
        if not path:
            return ""
        if path not in self._lines:
            try:
                self._lines[path] = Path(path).read_text(encoding="utf-8").splitlines()
            except OSError:
                self._lines[path] = []
        lines, out = self._lines[path], []
        for line in lines[rule.pos.line - 1:]:
            out.append(line)
            if line.strip() == "end":
                break
        return "\n".join(out)

    def _relative(self, path: str | None) -> str | None:
        if not path:
            return None
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return Path(path).name

    def source_title(self, p) -> tuple[str, str | None]:
        text = self.kb.law_texts.get(p.source or "", {})
        return (text.get("source_title") or p.source or p.title,
                text.get("source_title_original"))

    def provision_summary(self, p, today: dt.date) -> dict:
        return {"id": p.id, "title": p.title, "jurisdiction": p.jurisdiction, "rank": p.rank,
                "effective": p.effective.isoformat(),
                "repealed": p.repealed.isoformat() if p.repealed else None,
                "in_force": self.kb.in_force(p, today), "verified": p.verified,
                "rules": [r.id for r in self.kb.rules if r.cites == p.id],
                "golden_cases": self.exercised.get(p.id, [])}

    def law_index(self, today: dt.date | None = None) -> dict:
        today = today or dt.date.today()
        groups = []
        for j in JURISDICTIONS + tuple(sorted({p.jurisdiction for p in self.kb.provisions.values()}
                                              - set(JURISDICTIONS))):
            sources: dict = {}
            for p in sorted(self.kb.provisions.values(), key=lambda p: _natural(p.id)):
                if p.jurisdiction != j:
                    continue
                title, original = self.source_title(p)
                src = sources.setdefault(title, {"title": title, "title_original": original,
                                                 "provisions": []})
                src["provisions"].append(self.provision_summary(p, today))
            groups.append({"jurisdiction": j, "label_en": self.kb.vocab.label(j, "en"),
                           "label_zh": self.kb.vocab.label(j, "zh"),
                           "sources": list(sources.values()),
                           "count": sum(len(s["provisions"]) for s in sources.values())})
        return {"jurisdictions": groups}

    def provision(self, pid: str, today: dt.date | None = None) -> dict | None:
        p = self.kb.provisions.get(pid)
        if p is None:
            return None
        today = today or dt.date.today()
        title, original = self.source_title(p)
        replaced_by = [q.id for q in self.kb.provisions.values() if p.id in q.replaces]
        special = [q.id for q in self.kb.provisions.values() if p.id in q.specialises]
        rules = [{"id": r.id, "note": r.note, "text": self.rule_source(r),
                  "file": self._relative(r.pos.path if r.pos else None),
                  "line": r.pos.line if r.pos else None,
                  "terms": self.rule_terms.get(r.id, [])}
                 for r in self.kb.rules if r.cites == p.id]
        golden = [{"id": e, "title": self.examples[e]["title"]} for e in self.exercised.get(p.id, [])]
        return {**self.provision_summary(p, today), "source": p.source, "source_title": title,
                "source_title_original": original, "language": p.language,
                "original": p.text_original, "en": " ".join(p.text_en.split()),
                "burden": p.burden, "url": p.url, "replaces": list(p.replaces),
                "replaced_by": replaced_by, "specialises": list(p.specialises),
                "specialised_by": special, "rules": rules, "golden_cases": golden}

    # -- glossary ------------------------------------------------------
    def glossary(self) -> dict:
        """Each liability form, defined in both languages with its legal source,
        and the provisions whose rules give it."""
        from dutybound.explain.glossary import glossary
        entries = glossary(self.kb.vocab)
        for e in entries:
            pids = sorted({self.kb.rules_by_id[r].cites for r in self.term_rules.get(e["form"], [])},
                          key=_natural)
            e["provisions"] = [{"id": pid, "title": self.kb.provisions[pid].title} for pid in pids]
        return {"forms": entries}

    # -- ontology ------------------------------------------------------
    def _direct(self, supers: dict, name: str) -> list:
        above = supers.get(name, frozenset()) - {name}
        strict = lambda lo, hi: hi in supers.get(lo, ()) and lo not in supers.get(hi, ())  # noqa: E731
        return sorted(s for s in above if not any(t != s and strict(t, s) for t in above))

    def _tree(self, supers: dict, names: list) -> list:
        names = sorted(n for n in names if n in supers)
        children: dict = {n: [] for n in names}
        roots = []
        for n in names:
            parents = [p for p in self._direct(supers, n) if p in children]
            for p in parents:
                children[p].append(n)
            if not parents:
                roots.append(n)

        def node(n, depth=0):
            kids = [node(c, depth + 1) for c in sorted(children[n])] if depth < 20 else []
            return {"name": n, **self._labels(n), "rules": len(self.term_rules.get(n, [])),
                    "children": kids}
        return [node(r) for r in roots]

    def _labels(self, n) -> dict:
        t = self.kb.vocab.terms.get(n)
        return {"label_en": t.label_en if t else None, "label_zh": t.label_zh if t else None}

    def ontology_index(self) -> dict:
        v = self.kb.vocab
        by_kind: dict = {k: [] for k in KIND_ORDER}
        for name, t in v.terms.items():
            by_kind.setdefault(t.kind, []).append(name)
        return {
            "classes": self._tree(v.superclasses, by_kind["class"]),
            "object_properties": self._tree(v.superproperties, by_kind["object_property"]),
            "datatype_properties": self._tree(v.superproperties, by_kind["datatype_property"]),
            "individuals": [{"name": n, **self._labels(n),
                             "classes": sorted(v.individuals.get(n, ()))}
                            for n in sorted(by_kind["individual"])],
        }

    def term(self, name: str) -> dict | None:
        v = self.kb.vocab
        t = v.terms.get(name)
        if t is None:
            return None
        supers = v.superclasses if t.kind == "class" else v.superproperties
        subs = sorted(n for n, s in supers.items() if name in s and n != name
                      and name in self._direct(supers, n))
        inherited = sorted({r for s in supers.get(name, ()) if s != name
                            for r in self.term_rules.get(s, [])} - set(self.term_rules.get(name, [])))
        return {"name": name, "kind": t.kind, "iri": t.iri,
                "label_en": t.label_en, "label_zh": t.label_zh,
                "comment_en": t.comment_en, "comment_zh": t.comment_zh,
                "sentence_en": getattr(t, "sentence_en", None), "sentence_zh": getattr(t, "sentence_zh", None),
                "superterms": self._direct(supers, name) if t.kind != "individual" else [],
                "subterms": subs if t.kind != "individual" else [],
                "domain": sorted(v.domain.get(name, ())), "range": sorted(v.range.get(name, ())),
                "classes": sorted(v.individuals.get(name, ())) if t.kind == "individual" else [],
                "rules": [{"id": r, "cites": self.kb.rules_by_id[r].cites}
                          for r in self.term_rules.get(name, [])],
                "rules_via_superterm": [{"id": r, "cites": self.kb.rules_by_id[r].cites}
                                        for r in inherited]}


def _names(node) -> set:
    """Every vocabulary name written in a rule (classes, properties,
    individuals such as liability forms)."""
    out: set = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Name):
            if n.name != "a":
                out.add(n.name)
        elif isinstance(n, (tuple, list)):
            stack.extend(n)
        elif dataclasses.is_dataclass(n) and not isinstance(n, (ast.Pos, ast.Provision)):
            stack.extend(getattr(n, f.name) for f in dataclasses.fields(n)
                         if f.name not in ("pos", "refs"))
    return out


def _natural(s: str):
    import re
    return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", s)]


def _plain(data):
    """YAML data as JSON-able values (dates become ISO strings)."""
    if isinstance(data, dict):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if isinstance(data, (dt.date, dt.datetime)):
        return data.isoformat()
    return data
