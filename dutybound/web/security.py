"""CSRF tokens, response headers, request limits and error pages.

Every HTML form carries a per-session token, checked on every POST outside
/api. A POST under /api must be `Content-Type: application/json`: a page on
another site cannot send that without a CORS preflight, which this app never
answers, so the JSON API needs no token (the app's own scripts send it in
X-CSRF-Token anyway, and a wrong one is refused).

No error response ever carries a traceback: unexpected exceptions are logged
and answered with a plain 500 page (or JSON under /api and for .json twins).
"""
from __future__ import annotations

import hmac
import logging
import secrets

from flask import g, jsonify, render_template, request, session
from werkzeug.exceptions import Forbidden, HTTPException, UnsupportedMediaType

log = logging.getLogger("dutybound.web")
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"

# Everything is served by the app itself: nothing from another site.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")


def csrf_token() -> str:
    token = session.get(FIELD)
    if not token:
        token = secrets.token_urlsafe(32)
        session[FIELD] = token
    return token


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


def check_request() -> None:
    """before_request: the CSRF rule above."""
    if request.method not in ("POST", "PUT", "PATCH", "DELETE") or request.routing_exception:
        return                  # a 404 or 405 is answered as such
    expected = session.get(FIELD)
    sent_header = request.headers.get(HEADER)
    if request.path.startswith("/api/"):
        if request.mimetype != "application/json":
            raise UnsupportedMediaType("send JSON with Content-Type: application/json")
        if sent_header is not None and not _same(sent_header, expected):
            raise Forbidden("the CSRF token does not match")
        return
    sent = request.form.get(FIELD) or sent_header      # reading the form enforces the size limit
    if not _same(sent, expected):
        raise Forbidden("missing or wrong CSRF token")


def add_headers(resp):
    resp.headers.setdefault("Content-Security-Policy", CSP)
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("X-Frame-Options", "DENY")
    resp.headers.setdefault("Referrer-Policy", "same-origin")
    return resp


def wants_json() -> bool:
    p = request.path
    return p.startswith("/api/") or p.endswith(".json") or request.args.get("format") == "json"


def _friendly(status: int, limit_kb=None) -> str | None:
    """The error in the user's language (the technical message stays below it)."""
    from dutybound.web.i18n import gettext as _
    return {400: _("The request could not be understood."),
            403: _("The form has expired or did not come from this site. Reload the page and try again."),
            404: _("There is no such page."),
            405: _("This page does not accept that kind of request."),
            413: _("The upload is too large (the limit is %(n)s KB).", n=limit_kb),
            415: _("Send JSON (Content-Type: application/json)."),
            500: _("An internal error occurred; it has been logged."),
            503: _("The server is busy; try again shortly.")}.get(status)


def error_response(status: int, message: str, problems=None, extra=None):
    """An error as JSON or as the error page; never with a trace."""
    limit = (extra or {}).get("limit_kb")
    if wants_json():
        body = {"error": {"status": status, "message": message}}
        if problems:
            body["error"]["problems"] = problems
        return jsonify(body), status
    friendly = _friendly(status, limit) or message
    return render_template("error.html", status=status, message=friendly, detail=message,
                           problems=problems or []), status


def install(app) -> None:
    app.before_request(check_request)
    app.after_request(add_headers)

    @app.errorhandler(HTTPException)
    def _http(e):
        limit = app.config["MAX_CONTENT_LENGTH"] // 1024
        return error_response(e.code or 500, e.description or e.name, extra={"limit_kb": limit})

    @app.errorhandler(Exception)
    def _unexpected(e):
        if isinstance(e, HTTPException):
            return _http(e)
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal error")
