"""Every URL the app builds, in one place (templates get this module as
`urls`). A page at /x has its JSON twin at /x.json; the home page's twin is
/index.json.
"""
from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from flask import request, url_for


def _q(example=None, assume=(), jurisdiction=None, as_of=None, **more) -> dict:
    out = {"example": example, "assume": [a for a in assume or () if a],
           "jurisdiction": jurisdiction or None, "as_of": as_of or None}
    out.update(more)
    return {k: v for k, v in out.items() if v not in (None, "", [])}


def home() -> str:
    return url_for("home")


def assess(**kw) -> str:
    return url_for("assess", **_q(**kw))


def assess_json(**kw) -> str:
    return url_for("assess_json", **_q(**kw))


def download(fmt: str, **kw) -> str:
    """The assessment as a file: 'json' (docs/assessment-format.md) or 'md'."""
    return url_for("download", fmt=fmt, **_q(**kw))


def report(**kw) -> str:
    return url_for("report", **_q(**kw))


def compare(**kw) -> str:
    return url_for("compare", **_q(**kw))


def comply(profile: str | None = None) -> str:
    return url_for("comply", **({"profile": profile} if profile else {}))


def interview() -> str:
    return url_for("interview")


def law() -> str:
    return url_for("law")


def provision(pid: str) -> str:
    return url_for("provision", pid=pid)


def ontology() -> str:
    return url_for("ontology")


def term(name: str) -> str:
    return url_for("term", name=name)


def api_page() -> str:
    return url_for("api_page")


def openapi() -> str:
    return url_for("api.openapi_doc")


def api_assess(**kw) -> str:
    return url_for("api.assess", **_q(**kw))


def api_whatif() -> str:
    return url_for("api.whatif")


def static(filename: str) -> str:
    return url_for("static", filename=filename)


def language(code: str) -> str:
    nxt = request.full_path if request.query_string else request.path
    return url_for("set_language", code=code, next=nxt)


def twin() -> str | None:
    """The JSON twin of the page being shown (GET pages only)."""
    if request.method != "GET" or request.endpoint is None:
        return None
    path = request.path
    if path.endswith(".json") or path.startswith("/api/") or path.startswith("/static/"):
        return None
    path = "/index.json" if path == "/" else path.rstrip("/") + ".json"
    qs = request.query_string.decode("utf-8", "replace")
    return path + ("?" + qs if qs else "")


def safe_next(target: str | None) -> str:
    """Only a path on this site (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for("home")
    return target


def query(**params) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")}, doseq=True)


def glossary(form: str | None = None) -> str:
    return url_for("glossary") + (f"#form-{form}" if form else "")


def similar(**kw) -> str:
    return url_for("similar", **_q(**kw))


def case_assess(case_id: str) -> str:
    """A stored case opened in the assessment view."""
    return url_for("assess", case=case_id)


def ref(kind: str, key: str) -> str | None:
    """Where a part of a generated sentence links (dutybound.explain.markup)."""
    if not key:
        return None
    if kind == "form":
        return glossary(key)
    if kind == "provision":
        return provision(key)
    if kind == "term":
        return term(key)
    return None
