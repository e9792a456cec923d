"""The JSON API under /api, described by /api/openapi.json (openapi.py)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g, jsonify, render_template, request

from dutybound.web import handlers, i18n, openapi
from dutybound.web.inputs import from_json

bp = Blueprint("api", __name__, url_prefix="/api")


def _kb():
    return current_app.extensions["dutybound.kb"]


def _catalog():
    return current_app.extensions["dutybound.catalog"]


def _download(resp, name: str):
    if request.args.get("download"):
        resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


@bp.get("/openapi.json")
def openapi_doc():
    return jsonify(openapi.document())


@bp.route("/assess", methods=["GET", "POST"])
def assess():
    src, opts, _ = from_json()
    data = handlers.assessment_json(_kb(), src, opts)      # or {incident, comparison} (no jurisdiction)
    return _download(jsonify(data), f"{data['incident']['id']}.assessment.json")


@bp.post("/whatif")
def whatif():
    """The result page's in-place re-assessment: the new assessment, what
    changed against the incident as stated, and the result as HTML."""
    src, opts, args = from_json()
    if args.get("lang") in i18n.LANGUAGES:
        g.lang = args.get("lang")
    view = handlers.assess_view(_kb(), src, opts, g.lang)
    if view["mode"] == "compare":
        html = render_template("_compare_result.html", d=view)
        from dutybound.web.app import _public
        return jsonify({"mode": "compare", "columns": _public(view["columns"]), "html": html})
    html = render_template("_result.html", d=view)
    questions = render_template("_whatif_questions.html", d=view)      # the law's own open questions
    return jsonify({"mode": "assess", "assessment": view["assessment"], "changes": view["changes"],
                    "html": html, "questions_html": questions})


@bp.route("/explain", methods=["GET", "POST"])
def explain():
    src, opts, args = from_json()
    query = (args.get("query") or "").strip()
    if not query:
        abort(400, description="give the conclusion to explain in 'query'")
    return jsonify(handlers.explain(_kb(), src, opts, query))


@bp.route("/compare", methods=["GET", "POST"])
def compare():
    src, opts, _ = from_json()
    from dutybound.web.app import _public
    return jsonify(_public(handlers.compare_view(_kb(), src, opts, g.lang)))


@bp.get("/examples")
def examples():
    return jsonify(_catalog().example_list())


@bp.get("/provisions")
def provisions():
    return jsonify(_catalog().law_index())


@bp.get("/provisions/<pid>")
def provision(pid):
    data = _catalog().provision(pid)
    if data is None:
        abort(404, description=f"no provision {pid!r}")
    return jsonify(data)


@bp.get("/ontology/terms")
def terms():
    return jsonify(_catalog().ontology_index())


@bp.get("/ontology/terms/<name>")
def term(name):
    data = _catalog().term(name)
    if data is None:
        abort(404, description=f"no term {name!r}")
    return jsonify(data)
