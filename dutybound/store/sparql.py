"""SPARQL text: what kind of query it is, the usual prefixes, errors with
their line and column, results as a table, CSV or JSON, and the named
research queries of queries/*.rq.

Queries may use the prefixes db: prov: law: rule: factor: case: rdf: rdfs:
xsd: owl: without declaring them; the missing declarations are put in front
of the first line, so line numbers in errors stay the user's.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from dutybound.errors import DutyboundError, Problem, did_you_mean
from dutybound.store.vocab import PREFIXES

READ_KINDS = ("select", "ask", "graph")
_ALGEBRA = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "graph",
            "DescribeQuery": "graph"}
_POS = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)


class SourceError(DutyboundError):
    """A DutyboundError that shows the offending line of a text that is not a file."""

    def __init__(self, problem: Problem, source: str, kind: str = "usage"):
        self.source = source
        super().__init__(problem, kind)

    def render(self) -> str:
        return "\n\n".join(p.render(self.source) for p in self.problems)


def with_prefixes(text: str) -> tuple[str, int]:
    """The query with the missing standard PREFIX declarations in front of
    its first line, and how many characters were added to that line."""
    missing = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()
               if not re.search(rf"(?i)\bPREFIX\s+{p}\s*:", text)]
    head = " ".join(missing) + " " if missing else ""
    return head + text, len(head)


def classify(text: str, source: str = "<query>") -> tuple[str, str, int]:
    """(kind, full text, column offset of line 1). kind is select, ask or
    graph (CONSTRUCT, DESCRIBE). Updates and malformed queries raise, the
    latter with the parser's line and column."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    if not text.strip():
        raise DutyboundError(Problem("empty query", source, hint="give a SPARQL SELECT, ASK, "
                                     "CONSTRUCT or DESCRIBE query, or the name of a named query"),
                             kind="usage")
    full, offset = with_prefixes(text)
    try:
        parsed = parseQuery(full)
        return _ALGEBRA[parsed[1].name], full, offset
    except ParseException as e:
        rd_line, rd_col, rd_msg = e.lineno, e.col, e.msg
    except Exception as e:                            # rdflib may fail outside pyparsing
        rd_line, rd_col, rd_msg = None, None, str(e)
    try:
        parseUpdate(full)
        raise DutyboundError(Problem(
            "this is an update; only SELECT, ASK, CONSTRUCT and DESCRIBE queries are run here",
            source, hint="add cases with `dutybound cases add FILE` and remove them with "
                         "`dutybound cases delete ID`"), kind="usage")
    except ParseException:
        pass
    kind, pos = _oxigraph_check(full)
    if kind:
        return kind, full, offset
    line, col, msg = pos or (rd_line, rd_col, rd_msg)
    raise syntax_error(msg, text, source, line, col, offset)


def _oxigraph_check(full: str):
    """Runs the query on an empty in-memory store: its parser reports a
    precise position, and it may accept SPARQL that rdflib's does not."""
    import pyoxigraph as ox
    try:
        answer = ox.Store().query(full)
    except SyntaxError as e:
        m = _POS.match(str(e))
        return None, ((int(m.group(1)), int(m.group(2)), m.group(3).strip()) if m else None)
    if isinstance(answer, ox.QueryBoolean):
        return "ask", None
    return ("select" if isinstance(answer, ox.QuerySolutions) else "graph"), None


def syntax_error(msg, text, source, line, col, offset=0) -> SourceError:
    if line == 1 and col is not None:
        col = max(1, col - offset)
    msg = " ".join(str(msg).split())
    if len(msg) > 160:                     # Oxigraph lists every token it could accept
        msg = msg[:160].rsplit(",", 1)[0] + ", ..."
    return SourceError(Problem(f"invalid SPARQL: {msg}", source, line, col,
                               hint="check the query near this place; prefixes db: prov: law: rule: "
                                    "case: rdf: rdfs: xsd: are predeclared"), text)


def store_error(message: str, text: str, source: str, offset: int) -> SourceError:
    m = _POS.search(message)
    if m:
        return syntax_error(m.group(3).strip(), text, source, int(m.group(1)), int(m.group(2)), offset)
    return SourceError(Problem(f"the store refused the query: {message.strip()[:500]}", source), text)


def uses_service(text: str) -> bool:
    """Whether a query calls out to another endpoint (SERVICE)."""
    bare = re.sub(r'<[^>\s]*>|"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|#[^\n]*', " ", text)
    return re.search(r"(?i)(?<![?$\w])SERVICE\b", bare) is not None


def names_a_graph(text: str) -> bool:
    """Whether a query says which graphs it reads (GRAPH, FROM, FROM NAMED)."""
    bare = re.sub(r'<[^>\s]*>|"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|#[^\n]*', " ", text)
    return re.search(r"(?i)(?<![?$\w])(GRAPH|FROM)\b", bare) is not None


def empty_hint(text: str, res, backend_kind: str) -> dict | None:
    """Why a query over the default graph may have found nothing: cases are named
    graphs. The embedded store reads the union of all graphs as the default; a
    SPARQL server may not (its own setting)."""
    rows = getattr(res, "rows", None)
    empty = (res.kind == "ask" and not res.boolean) or (res.kind == "graph" and not res.triples) or \
        (res.kind == "select" and not rows)
    if not empty or names_a_graph(text):
        return None
    if backend_kind == "remote":
        return {"code": "named-graphs", "message": (
            "Nothing found in the default graph. Each case is a named graph: write GRAPH ?case "
            "{ ... } around the patterns, or turn on the server's union default graph.")}
    return {"code": "union", "message": ("Nothing found, in any graph: the default graph here is the "
                                         "union of every case, the law and the ontology.")}


# ------------------------------------------------------------------ results

def term_text(term, compact=True) -> str:
    if term is None:
        return ""
    cls = type(term).__name__
    if cls == "NamedNode":
        return compact_iri(term.value) if compact else term.value
    if cls == "BlankNode":
        return "_:" + term.value
    if cls == "Literal":
        return term.value
    return str(term)


def compact_iri(iri: str) -> str:
    best = None
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = p
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else f"<{iri}>"


def term_json(term):
    if term is None:
        return None
    cls = type(term).__name__
    if cls == "NamedNode":
        return {"type": "uri", "value": term.value}
    if cls == "BlankNode":
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def rows_of(res) -> tuple[list, list]:
    if res.kind == "graph":
        return ["subject", "predicate", "object"], [(t.subject, t.predicate, t.object) for t in res.triples]
    return res.vars, res.rows


def to_json(res) -> dict:
    """SPARQL 1.1 Query Results JSON (graph results as s/p/o bindings)."""
    if res.kind == "ask":
        return {"head": {}, "boolean": res.boolean}
    names, rows = rows_of(res)
    bindings = [{n: term_json(v) for n, v in zip(names, row) if v is not None} for row in rows]
    out = {"head": {"vars": names}, "results": {"bindings": bindings}}
    if res.truncated:
        out["truncated"] = True
    return out


def to_csv(res) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if res.kind == "ask":
        w.writerow(["boolean"])
        w.writerow(["true" if res.boolean else "false"])
        return buf.getvalue()
    names, rows = rows_of(res)
    w.writerow(names)
    for row in rows:
        w.writerow([term_text(v, compact=False) for v in row])
    return buf.getvalue()


def to_table(res, width: int = 60) -> str:
    if res.kind == "ask":
        return ("yes" if res.boolean else "no") + "\n"
    names, rows = rows_of(res)
    cells = [[_clip(term_text(v), width) for v in row] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in cells]
    note = f"({len(rows)} row{'s' if len(rows) != 1 else ''}"
    note += ", truncated)" if res.truncated else ")"
    return "\n".join(out + [note]) + "\n"


def _clip(s: str, width: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1] + "…"


def dumps(res, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(to_json(res), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return to_csv(res)
    if fmt in ("ttl", "nt", "jsonld"):
        from dutybound.store.library import serialize_triples
        if res.kind != "graph":
            raise DutyboundError(Problem(f"--format {fmt} needs a CONSTRUCT or DESCRIBE query",
                                         hint="use table, csv or json for SELECT and ASK"), kind="usage")
        return serialize_triples(res.triples, fmt)
    return to_table(res)


# ------------------------------------------------------------------ named queries

def queries_dir() -> Path:
    from dutybound.kb.locate import default_root
    return default_root() / "queries"


def named_queries() -> dict:
    """name -> {name, title, description, path} for every queries/*.rq."""
    out = {}
    for p in sorted(queries_dir().glob("*.rq")):
        header = []
        for line in p.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                break
            header.append(line.lstrip("#").strip())
        title = header[0] if header else p.stem
        out[p.stem] = {"name": p.stem, "title": title,
                       "description": " ".join(h for h in header[1:] if h), "path": str(p)}
    return out


def load_named(name: str) -> tuple[str, str]:
    qs = named_queries()
    if name not in qs:
        raise DutyboundError(Problem(f"no named query '{name}'", hint=did_you_mean(name, qs) or
                                     "list them with `dutybound query --list`"), kind="usage")
    path = qs[name]["path"]
    return Path(path).read_text(encoding="utf-8"), path


def looks_like_name(text: str) -> bool:
    return re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", text.strip()) is not None
