"""The Dutybound web app: routes only; the work is in handlers.py.

    from dutybound.web.app import create_app
    app = create_app()              # loads the knowledge base once

Every HTML page at /x has a JSON twin at /x.json (the home page's is
/index.json; ?format=json works too). The JSON API is under /api (api.py).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import secrets

from flask import Flask, Response, current_app, g, jsonify, redirect, render_template, request, session
from markupsafe import Markup

from dutybound.errors import DutyboundError
from dutybound.web import handlers, i18n, interview, security, urls
from dutybound.web.catalog import JURISDICTIONS, Catalog
from dutybound.web.inputs import from_form

MAX_BYTES = 1024 * 1024


def create_app(kb=None, config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=os.environ.get("DUTYBOUND_SECRET_KEY") or secrets.token_hex(32),
        MAX_CONTENT_LENGTH=MAX_BYTES, MAX_FORM_MEMORY_SIZE=MAX_BYTES,
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        PROPAGATE_EXCEPTIONS=False, TRAP_HTTP_EXCEPTIONS=False)
    app.config.update(config or {})
    if kb is None:
        from dutybound.engine.kb import KnowledgeBase
        kb = KnowledgeBase.load()
    app.extensions["dutybound.kb"] = kb
    app.extensions["dutybound.catalog"] = Catalog(kb)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    i18n.setup(app)
    app.before_request(_language)        # first, so that even a refusal speaks the user's language
    security.install(app)
    app.context_processor(_template_globals)
    app.register_error_handler(DutyboundError, _bad_input)
    _routes(app)
    from dutybound.web.api import bp
    app.register_blueprint(bp)
    from dutybound.store.web import cases_blueprint, shared_library
    app.register_blueprint(cases_blueprint(shared_library))
    return app


def _language():
    requested = request.args.get("lang")
    if requested is None and request.method == "POST" and request.mimetype != "application/json":
        requested = request.form.get("lang")     # the switch on a page that was POSTed
    if requested in i18n.LANGUAGES:
        session["lang"] = requested
    g.lang = i18n.pick(session.get("lang"), request.headers.get("Accept-Language"))


def _template_globals():
    from dutybound.explain.catalogues import knowledge
    from dutybound.explain.markup import html as markup_html, plain
    from dutybound.explain.titles import provision_title
    lang = getattr(g, "lang", i18n.DEFAULT)
    vocab = current_app.extensions["dutybound.kb"].vocab
    return {"lang": lang, "urls": urls, "csrf_token": security.csrf_token, "twin_url": urls.twin(),
            "term_label": lambda name: vocab.label(name, lang) if name else name,
            "say": lambda text: Markup(markup_html(text, urls.ref)),
            "prose": knowledge(lang), "plain": plain,
            "law_title": lambda p: provision_title(p, lang),
            "other_lang": "zh" if lang == "en" else "en", "jurisdictions": JURISDICTIONS}


def _bad_input(err: DutyboundError):
    """An incident, assumption or option that cannot be read: each problem
    with its line, never a trace."""
    status = 400 if err.kind == "usage" else 422
    view = handlers.error_view(err, g.get("source"))
    if security.wants_json():
        return jsonify({"error": {"status": status, "message": err.problems[0].message,
                                  "problems": view["problems"]}}), status
    return render_template("incident_error.html", d=view, status=status), status


def respond(template: str, data: dict, status: int = 200):
    """The page, or its JSON twin (without the keys meant for templates only: '_...')."""
    if security.wants_json():
        return jsonify(_public(data)), status
    return render_template(template, d=data), status


def _public(x):
    if isinstance(x, dict):
        return {k: _public(v) for k, v in x.items() if not str(k).startswith("_")}
    if isinstance(x, list):
        return [_public(v) for v in x]
    return x


def _kb():
    return current_app.extensions["dutybound.kb"]


def _catalog() -> Catalog:
    return current_app.extensions["dutybound.catalog"]


def _routes(app: Flask) -> None:
    def page(rule, endpoint, methods=("GET",)):
        """Registers the page and its JSON twin (rule + '.json')."""
        def deco(view):
            app.add_url_rule(rule, endpoint, view, methods=list(methods))
            twin = "/index.json" if rule == "/" else rule + ".json"
            app.add_url_rule(twin, endpoint + "_json", view, methods=list(methods))
            return view
        return deco

    @page("/", "home")
    def home():
        examples = _catalog().example_list()
        q = (request.args.get("q") or "").strip().lower()[:200]
        juris = (request.args.get("jurisdiction") or "").strip()
        topic = (request.args.get("topic") or "").strip()
        shown = [e for e in examples
                 if (not q or all(w in f"{e['title']} {e['id']} {e['description']} {e['date']}".lower()
                                  for w in q.split()))
                 and (not juris or (e["jurisdiction"] or "none") == juris)
                 and (not topic or topic in e["topics"])]
        return respond("index.html", {"examples": shown, "total": len(examples), "query": q,
                                      "filter_jurisdiction": juris, "filter_topic": topic,
                                      "formats": list(handlers.FORMATS),
                                      "max_upload_kb": app.config["MAX_CONTENT_LENGTH"] // 1024})

    @page("/assess", "assess", methods=("GET", "POST"))
    def assess():
        if request.method == "GET" and not (request.args.get("example") or request.args.get("case")):
            if security.wants_json():
                return security.error_response(400, "name an example, or POST an incident")
            return redirect(urls.home())
        src, opts = from_form()
        view = handlers.assess_view(_kb(), src, opts, g.lang)
        return respond("assess.html" if view["mode"] == "assess" else "compare.html", view)

    @app.route("/download.<any(json, md):fmt>", methods=["GET", "POST"], endpoint="download")
    def download(fmt):
        """The assessment as a file (not a page, so no twin)."""
        src, opts = from_form()
        stem = src.label.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if fmt == "md":
            body, mime = handlers.markdown(_kb(), src, opts, g.lang), "text/markdown; charset=utf-8"
        else:
            data = handlers.assessment_json(_kb(), src, opts)
            body, mime = json.dumps(data, ensure_ascii=False, indent=2), "application/json"
        return Response(body, mimetype=mime, headers={
            "Content-Disposition": f'attachment; filename="{stem}.assessment.{fmt}"'})

    @page("/report", "report", methods=("GET", "POST"))
    def report():
        src, opts = from_form()
        view = handlers.assess_view(_kb(), src, opts, g.lang)
        return respond("report.html" if view["mode"] == "assess" else "compare.html", view)

    @page("/compare", "compare", methods=("GET", "POST"))
    def compare():
        src, opts = from_form()
        return respond("compare.html", handlers.compare_view(_kb(), src, opts, g.lang))

    @page("/similar", "similar", methods=("GET", "POST"))
    def similar():
        from dutybound.store.web import shared_library
        from dutybound.web.results import similar_view
        src, opts = from_form()
        return respond("similar.html", similar_view(_kb(), src, opts, shared_library(), g.lang))

    @page("/comply", "comply", methods=("GET", "POST"))
    def comply():
        from dutybound.web import comply as review
        text = request.form.get("text") if request.method == "POST" else None
        chosen = request.args.get("profile")
        if text is None and not chosen:
            return respond("comply.html", {"profiles": review.profiles(_kb()), "review": None})
        data = review.review_view(_kb(), chosen, text, g.lang)
        return respond("comply.html", {"profiles": None, **data})

    @page("/glossary", "glossary")
    def glossary():
        return respond("glossary.html", _catalog().glossary())

    @page("/interview", "interview", methods=("GET", "POST"))
    def interview_page():
        if request.method == "GET":
            basics = {**interview.BASICS, "date": dt.date.today().isoformat()}
            return respond("interview.html", {"basics": basics, "step": None,
                                              "currencies": list(interview.CURRENCIES)})
        step = interview.step(_kb(), request.form, g.lang)
        return respond("interview.html", {"basics": step["basics"], "step": step,
                                          "edit_basics": bool(request.form.get("edit_basics")),
                                          "currencies": list(interview.CURRENCIES)})

    @page("/law", "law")
    def law():
        return respond("law.html", _catalog().law_index())

    @page("/law/<pid>", "provision")
    def provision(pid):
        data = _catalog().provision(pid)
        if data is None:
            return security.error_response(404, f"no provision {pid!r}")
        return respond("provision.html", data)

    @page("/ontology", "ontology")
    def ontology():
        return respond("ontology.html", _catalog().ontology_index())

    @page("/ontology/<name>", "term")
    def term(name):
        data = _catalog().term(name)
        if data is None:
            return security.error_response(404, f"no term {name!r}")
        return respond("term.html", data)

    @page("/api", "api_page")
    def api_page():
        from dutybound.web.openapi import document
        doc = document()
        ops = [{"path": path, "method": method.upper(), "summary": op["summary"]}
               for path, item in doc["paths"].items() for method, op in item.items()]
        return respond("api.html", {"openapi": urls.openapi(), "operations": ops, "info": doc["info"],
                                    "example": next(iter(_catalog().examples), None)})

    @app.get("/lang/<code>", endpoint="set_language")
    def set_language(code):
        if code in i18n.LANGUAGES:
            session["lang"] = code
        return redirect(urls.safe_next(request.args.get("next")))
