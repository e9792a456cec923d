"""The case library on the web: a Flask blueprint.

    from dutybound.store.web import cases_blueprint, shared_library
    app.register_blueprint(cases_blueprint(shared_library))

Pages (each HTML page has a .json twin):
    /cases                 saved cases; filters ?jurisdiction= &provision= &party_type= &form=
    /cases/<id>            one case (also /cases/<id>.ttl, .jsonld, .nt: the case's graph)
    /cases/reassess        every case judged again under the current knowledge base: the
                           cases whose outcome changes, with the provisions that made the
                           difference (?decided_on=DATE to judge them all as of one day)
    /sparql?query=...      a read-only SPARQL console: anything but SELECT, ASK, CONSTRUCT
                           and DESCRIBE is refused, SERVICE too; DUTYBOUND_SPARQL_TIMEOUT
                           seconds (default 10) and DUTYBOUND_SPARQL_MAX_ROWS rows (1000)
    /export/kb.ttl, /export/kb.jsonld, /export/kb.nt      the knowledge base
    /export/cases.trig, .nq, .jsonld, .ttl, .nt           every case

The console runs each query in a worker thread and answers 503 when it
passes the time limit; at most two queries run at once, so a runaway query
cannot take the server with it. (The embedded store cannot interrupt a
query; the thread finishes in the background. Against a server, Oxigraph's
own --timeout-s stops it.) The console is GET only: it changes nothing.
"""
from __future__ import annotations

import os
import threading

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from werkzeug.routing import BuildError

from dutybound.errors import DutyboundError, Problem

MEDIA = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples",
         "trig": "application/trig", "nq": "application/n-quads"}
_SLOTS = threading.BoundedSemaphore(2)
_LIBS: dict = {}
_LIBS_LOCK = threading.Lock()


def shared_library():
    """The app's case library: app.config['DUTYBOUND_STORE'] (a path or a
    SPARQL server URL), else $DUTYBOUND_STORE, else the default path; opened
    once per process and shared by every request (the store is thread-safe)."""
    from dutybound.store.backends import default_location
    from dutybound.store.library import CaseLibrary
    loc = current_app.config.get("DUTYBOUND_STORE") or default_location()
    upd = current_app.config.get("DUTYBOUND_STORE_UPDATE") or os.environ.get("DUTYBOUND_STORE_UPDATE")
    kb = current_app.extensions.get("dutybound.kb")
    with _LIBS_LOCK:
        if (loc, upd) not in _LIBS:
            _LIBS[(loc, upd)] = CaseLibrary.open(loc, upd, kb=kb)
        return _LIBS[(loc, upd)]


def close_shared_libraries() -> None:
    """Closes the libraries shared_library() opened (tests, shutdown)."""
    with _LIBS_LOCK:
        while _LIBS:
            _LIBS.popitem()[1].close()


class QueryRefused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def run_limited(fn, timeout: float):
    """fn() in a worker thread, given up after `timeout` seconds."""
    if not _SLOTS.acquire(blocking=False):
        raise QueryRefused(503, "the console is busy with other queries; try again shortly")
    box: dict = {}

    def work():
        try:
            box["result"] = fn()
        except BaseException as e:           # handed back to the request thread
            box["error"] = e
        finally:
            _SLOTS.release()

    t = threading.Thread(target=work, name="sparql-console", daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise QueryRefused(503, f"the query ran longer than {timeout:g} s and was abandoned; "
                                "narrow it (LIMIT, fewer OPTIONALs) or run it with `dutybound query`")
    if "error" in box:
        raise box["error"]
    return box["result"]


def cases_blueprint(library_factory, name: str = "cases") -> Blueprint:
    bp = Blueprint(name, __name__, template_folder="templates")

    def page(template, data, status=200, twin=False):
        if twin or request.args.get("format") == "json":
            return jsonify({k: v for k, v in data.items() if not k.startswith("_")}), status
        qs = request.query_string.decode()
        twin_url = request.path + ".json" + ("?" + qs if qs else "")
        return render_template(template, d=data, css=_css(), bp=name, twin=twin_url, **_in_app()), status

    @bp.context_processor
    def _fallbacks():
        """Alone (without the app's Babel and layout) the pages still render, in English."""
        if "gettext" in current_app.jinja_env.globals:
            return {}
        from dutybound.explain.markup import plain
        return {"_": lambda text, **kw: text % kw if kw else text,
                "say": plain}          # an open question's sentence, without the app's links

    @bp.errorhandler(DutyboundError)
    def bad(err):
        status = 404 if getattr(err, "not_found", False) else 400 if err.kind == "usage" else 500
        problems = [{"text": p.render(getattr(err, "source", None)), **p.to_json()} for p in err.problems]
        return page("library_error.html", {"status": status, "problems": problems},
                    status, twin=request.path.endswith(".json"))

    @bp.route("/cases", endpoint="cases")
    @bp.route("/cases.json", endpoint="cases_json")
    def cases():
        lib = library_factory()
        f = {k: request.args.get(k) or None for k in ("jurisdiction", "provision", "party_type", "form")}
        items = lib.list(**f)
        data = {"filters": f, "cases": items, "count": len(items), "options": _options(lib.kb)}
        return page("library_cases.html", data, twin=request.path.endswith(".json"))

    @bp.route("/cases/reassess", endpoint="reassess")
    @bp.route("/cases/reassess.json", endpoint="reassess_json")
    def reassess_cases():
        from dutybound.store.reassess import reassess
        from dutybound.values import ValueError_, parse_date
        raw = (request.args.get("decided_on") or "").strip()
        try:
            decided = parse_date(raw) if raw else None
        except ValueError_ as e:
            raise DutyboundError(Problem(f"decided_on: {e}", hint="write a date as YYYY-MM-DD"),
                                 kind="usage") from None
        lib = library_factory()
        kb = current_app.extensions.get("dutybound.kb") or lib.kb
        data = reassess(lib, kb, decided)
        return page("library_reassess.html", data, twin=request.path.endswith(".json"))

    @bp.route("/cases/charts", endpoint="charts")
    @bp.route("/cases/charts.json", endpoint="charts_json")
    def charts():
        """The case library in charts (store/charts.py counts, render/pictures/charts.py draws)."""
        from dutybound.store.charts import library_counts
        lib = library_factory()
        counts = library_counts(lib)
        data = {**counts, "_charts": _chart_pictures(counts, lib)}
        if not (request.path.endswith(".json") or request.args.get("format") == "json"):
            data["coverage"] = {**counts["coverage"], "cells": {}}       # the pictures say it
        return page("library_charts.html", data, twin=request.path.endswith(".json"))

    @bp.route("/cases/<case_name>", endpoint="case")
    def case(case_name):
        lib = library_factory()
        cid, _, ext = case_name.rpartition(".") if "." in case_name else (case_name, "", "")
        if ext and ext not in MEDIA and ext != "json":
            cid, ext = case_name, ""
        if not lib.exists(cid):
            err = DutyboundError(Problem(f"no case '{cid}'", hint="see the list at /cases"), kind="usage")
            err.not_found = True
            raise err
        if ext in MEDIA:
            return _download(lib.export(cid, ext), ext, f"{cid}.{ext}")
        data = lib.show(cid)
        data["exports"] = {fmt: url_for(f"{name}.case", case_name=f"{cid}.{fmt}") for fmt in ("ttl", "jsonld", "nt")}
        if ext != "json" and data.get("assessment") and "home" in current_app.view_functions:
            data.update(_readable(data["assessment"], lib, data.get("source_text"), data.get("source_path")))
        return page("library_case.html", data, twin=ext == "json")

    @bp.route("/sparql", endpoint="sparql")
    @bp.route("/sparql.json", endpoint="sparql_json")
    def sparql():
        from dutybound.store import sparql as S
        twin = request.path.endswith(".json")
        text = request.args.get("query", "")
        data = {"query": text, "named": list(S.named_queries().values()), "result": None, "error": None}
        named = request.args.get("named")
        if named and not text:
            data["query"] = text = S.load_named(named)[0]
        if not text.strip():
            return page("library_sparql.html", data, twin=twin)
        timeout = float(current_app.config.get("DUTYBOUND_SPARQL_TIMEOUT", 10))
        max_rows = int(current_app.config.get("DUTYBOUND_SPARQL_MAX_ROWS", 1000))
        try:
            kind, _, _ = S.classify(text, "<console>")          # refuses updates, reports syntax
            if S.uses_service(text):
                raise QueryRefused(400, "SERVICE (federated queries) is not allowed in the console")
            lib = library_factory()
            kw = {"timeout": timeout} if lib.backend.kind == "remote" else {}
            res = run_limited(lambda: lib.query(text, "<console>", max_rows=max_rows, **kw), timeout)
        except QueryRefused as e:
            data["error"] = {"status": e.status, "message": e.message}
            return page("library_sparql.html", data, e.status, twin=twin)
        except DutyboundError as e:
            data["error"] = {"status": 400, "message": e.render(),
                             "problems": [p.to_json() for p in e.problems]}
            return page("library_sparql.html", data, 400 if e.kind == "usage" else 500, twin=twin)
        data["result"] = S.to_json(res)
        data["kind"] = kind
        data["table"] = _table(res)
        data["max_rows"] = max_rows
        data["hint"] = S.empty_hint(text, res, lib.backend.kind)
        return page("library_sparql.html", data, twin=twin)

    @bp.route("/export/kb.<fmt>", endpoint="export_kb")
    def export_kb(fmt):
        from dutybound.store.library import export_kb as dump
        if fmt not in ("ttl", "jsonld", "nt"):
            return jsonify({"error": f"no format '{fmt}': use ttl, jsonld or nt"}), 404
        kb = current_app.extensions.get("dutybound.kb") or library_factory().kb
        return _download(_kb_export(kb, fmt, dump), fmt, f"dutybound-kb.{fmt}")

    @bp.route("/export/cases.<fmt>", endpoint="export_cases")
    def export_cases(fmt):
        if fmt not in MEDIA:
            return jsonify({"error": f"no format '{fmt}': use {', '.join(MEDIA)}"}), 404
        return _download(library_factory().export(None, fmt), fmt, f"dutybound-cases.{fmt}")

    return bp


_KB_EXPORTS: dict = {}


def _kb_export(kb, fmt, dump) -> str:
    key = (id(kb), fmt)              # the knowledge base is read-only once loaded
    if key not in _KB_EXPORTS:
        _KB_EXPORTS[key] = dump(kb, fmt)
    return _KB_EXPORTS[key]


def _download(text: str, fmt: str, filename: str) -> Response:
    resp = Response(text, mimetype=MEDIA[fmt])
    resp.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return resp


def _in_app() -> dict:
    """What the pages need from the main app when they are part of it: its
    layout, the assessment view of a stored case, labels of forms."""
    if "home" not in current_app.view_functions:
        return {"main_layout": None, "assess_case": None, "similar_case": None,
                "form_label": lambda n: n, "prose": lambda t: t}
    from flask import g

    from dutybound.explain.catalogues import knowledge
    lang = getattr(g, "lang", "en")
    kb = current_app.extensions.get("dutybound.kb")
    return {"main_layout": "base.html",
            "assess_case": lambda cid: url_for("assess", case=cid),
            "similar_case": lambda cid: url_for("similar", case=cid),
            "form_label": lambda n: kb.vocab.label(n, lang) if kb and n else n,
            "prose": knowledge(lang)}


def _readable(assessment: dict, lib, source_text: str | None = None, source_path: str | None = None) -> dict:
    """A stored assessment read for people: its bottom line, issues, duties and
    open questions as sentences, in the page's language (dutybound.explain)."""
    from flask import g

    from dutybound.explain import explain_assessment, provision_titles
    from dutybound.explain.markup import plain
    kb = current_app.extensions.get("dutybound.kb") or lib.kb
    incident = _stored_incident(kb, source_text, source_path)
    try:
        v = explain_assessment(assessment, kb.vocab, incident, getattr(g, "lang", "en"), markup=True,
                               titles=provision_titles(kb))
    except (KeyError, TypeError, ValueError):        # an assessment saved by an older version
        return {}
    paren = "（%s）" if v["lang"] == "zh" else " (%s)"
    return {"summary": v["summary"], "conclusions": [i["conclusion"] for i in v["issues"]],
            "duty_sentences": [d["text"] + paren % d["law"] for d in v["breach_rows"] + v["duty_rows"]],
            "law_titles": {p["id"]: plain(p["law"]) for p in v["law"]},
            "questions": [{"fact": q["fact"], "question": q["question"]} for q in v["questions"]]}


def _stored_incident(kb, text, path):
    """The incident a case was saved from, read again from its stored text (labels,
    which harm results from which payment); None if it cannot be read."""
    if not text:
        return None
    from dutybound.errors import DutyboundError
    name = (path or "case.yaml").rsplit("/", 1)[-1]
    try:
        if name.endswith((".ttl", ".jsonld")):
            from dutybound.load.incident_rdf import load_rdf_incident
            return load_rdf_incident(name, text, kb.vocab)
        from dutybound.load.incident import parse_incident_text
        return parse_incident_text(text, name, kb.vocab)
    except (DutyboundError, ValueError, TypeError):
        return None


def _chart_pictures(counts: dict, lib) -> list:
    from flask import g

    from dutybound.explain import provision_titles
    from dutybound.explain.phrases import Phrasebook
    from dutybound.render.pictures.charts import charts
    kb = current_app.extensions.get("dutybound.kb") or lib.kb
    book = Phrasebook(kb.vocab, {}, getattr(g, "lang", "en"), markup=True)
    return charts(counts, book, provision_titles(kb))


def _css():
    try:
        return url_for("static", filename="style.css")
    except (BuildError, RuntimeError):
        return None


def _options(kb) -> dict:
    v = kb.vocab
    party = sorted(c for c in v.superclasses if v.is_subclass(c, "Party") and c != "Party")
    forms = sorted(n for n in v.individuals if "LiabilityForm" in _types(v, n))
    return {"jurisdiction": ["CN", "DE", "EU", "US"], "provision": sorted(kb.provisions),
            "party_type": party, "form": forms}


def _types(v, name) -> set:
    t = v.individuals.get(name)
    if isinstance(t, (set, frozenset, list, tuple)):
        return set(t)
    return {t} if isinstance(t, str) else set()


def _table(res) -> dict:
    from dutybound.store import sparql as S
    if res.kind == "ask":
        return {"head": ["boolean"], "rows": [["true" if res.boolean else "false"]], "truncated": False}
    names, rows = S.rows_of(res)
    return {"head": names, "rows": [[S.term_text(v) for v in r] for r in rows], "truncated": res.truncated}
