"""Reading the incident and the options out of a request: query string
(GET, bundled examples), form with paste or upload (POST from a page), or a
JSON body (POST to /api).
"""
from __future__ import annotations

from flask import abort, current_app, g, request
from werkzeug.datastructures import MultiDict

from dutybound.web import handlers


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        abort(400, description="the upload is not UTF-8 text")


def _library():
    from dutybound.store.web import shared_library
    return shared_library()


def from_form():
    """(Source, options) of a page request: GET names an example; POST
    carries an example, pasted text or an uploaded file."""
    catalog = current_app.extensions["dutybound.catalog"]
    args = request.form if request.method == "POST" else request.args
    try:
        upload = request.files.get("file") if request.method == "POST" else None
        if upload is not None and upload.filename:
            src = handlers.source_from(catalog, text=_decode(upload.read()),
                                       fmt=args.get("format"), filename=upload.filename)
        else:
            src = handlers.source_from(catalog, example=args.get("example"), text=args.get("text"),
                                       fmt=args.get("format"), filename=args.get("filename"),
                                       case=args.get("case"), library=_library)
    except handlers.InputError as e:
        abort(400, description=str(e))
    g.source = src          # so that an error page can show the bad line
    return src, handlers.options(args)


def from_json():
    """(Source, options, body) of an /api request (GET query or JSON body)."""
    catalog = current_app.extensions["dutybound.catalog"]
    if request.method == "GET":
        body, args = {}, request.args
    else:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            abort(400, description="the body must be a JSON object")
        args = MultiDict()
        for key in ("example", "case", "jurisdiction", "as_of", "query", "lang"):
            if body.get(key) is not None:
                args.add(key, str(body[key]))
        assume = body.get("assume") or []
        if not isinstance(assume, list):
            abort(400, description="'assume' must be a list of strings")
        for a in assume:
            args.add("assume", str(a))
    inc = body.get("incident") if isinstance(body.get("incident"), dict) else {}
    try:
        src = handlers.source_from(catalog, example=args.get("example"), text=inc.get("text"),
                                   fmt=inc.get("format"), filename=inc.get("filename"),
                                   case=args.get("case"), library=_library)
    except handlers.InputError as e:
        abort(400, description=str(e))
    g.source = src
    return src, handlers.options(args), args
