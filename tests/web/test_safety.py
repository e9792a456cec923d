"""Safety of the web app: CSRF, request size, escaping, errors with their
line and never with a trace, no asset from another site."""
from __future__ import annotations

import re

import pytest

from webcases import EXAMPLE, MALICIOUS, MALICIOUS_LABEL, bad_incident, malicious_incident


def post_rules(app):
    return [r for r in app.url_map.iter_rules() if "POST" in r.methods and not r.rule.startswith("/api/")]


def test_every_form_post_without_a_csrf_token_is_refused(app, client):
    client.get("/")
    for rule in post_rules(app):
        path = rule.rule.replace("<any(json, md):fmt>", "json")
        r = client.post(path, data={"example": EXAMPLE})
        assert r.status_code == 403, (path, r.status_code)
        r = client.post(path, data={"example": EXAMPLE, "csrf_token": "forged"})
        assert r.status_code == 403, (path, r.status_code)


def test_a_form_post_with_the_token_is_accepted(client, token):
    r = client.post("/assess", data={"csrf_token": token, "example": EXAMPLE})
    assert r.status_code == 200


def test_every_form_carries_the_token(client):
    for url in ("/", f"/assess?example={EXAMPLE}", "/interview"):
        html = client.get(url).data.decode()
        for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", html, re.S | re.I):
            assert 'name="csrf_token"' in form, (url, form[:200])


def test_api_posts_must_be_json(client):
    r = client.post("/api/assess", data={"example": EXAMPLE})
    assert r.status_code == 415
    assert r.get_json()["error"]["status"] == 415
    assert client.post("/api/assess", json={"example": EXAMPLE}).status_code == 200


def test_a_wrong_csrf_header_on_the_api_is_refused(client, token):
    r = client.post("/api/whatif", json={"example": EXAMPLE}, headers={"X-CSRF-Token": "forged"})
    assert r.status_code == 403
    r = client.post("/api/whatif", json={"example": EXAMPLE}, headers={"X-CSRF-Token": token})
    assert r.status_code == 200


def test_requests_over_the_size_limit_are_413(app, client, token):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    r = client.post("/assess", data={"csrf_token": token, "text": big})
    assert r.status_code == 413
    assert b"Traceback" not in r.data
    r = client.post("/api/assess", data='{"incident": {"text": "' + big + '"}}',
                    content_type="application/json")
    assert r.status_code == 413
    assert r.get_json()["error"]["status"] == 413


def test_a_party_named_script_is_shown_as_text(client, token):
    r = client.post("/assess", data={"csrf_token": token, "text": malicious_incident(), "format": "yaml"})
    assert r.status_code == 200, r.data[:3000]
    html = r.data.decode()
    assert MALICIOUS not in html and MALICIOUS_LABEL not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    # and the same through the in-place what-if fragment
    body = client.post("/api/whatif", json={"incident": {"text": malicious_incident(), "format": "yaml"}}).get_json()
    assert MALICIOUS not in body["html"] and "&lt;script&gt;" in body["html"]


def test_a_bad_incident_shows_its_error_with_the_line(client, token):
    text, line = bad_incident()
    r = client.post("/assess", data={"csrf_token": token, "text": text, "format": "yaml"})
    assert r.status_code == 422
    html = r.data.decode()
    assert "unknown class &#39;TradingPlatfrm&#39;" in html
    assert f"line {line}" in html and f'data-line="{line}"' in html
    assert f'<span id="L{line}" class="line bad">' in html
    assert "did you mean &#39;TradingPlatform&#39;" in html
    r = client.post("/api/assess", json={"incident": {"text": text, "format": "yaml"}})
    assert r.status_code == 422
    problem = r.get_json()["error"]["problems"][0]
    assert problem["line"] == line and "TradingPlatfrm" in problem["rendered"]


@pytest.mark.parametrize("text, fmt, line", [
    ("incident: x\ndate: 2022-01-01\nindividuals:\n  a: {a: Consumer\n", "yaml", None),
    ('{"incident": "x",\n "date": "2022-01-01",\n "individuals": {,}}', "json", 3),
    ("@prefix db: <https://dutybound.org/ontology#> .\n[] a db:Incident ;\n  db:date \"2022-01-01\" \n", "turtle", None),
])
def test_broken_syntax_is_422_with_the_problem(client, token, text, fmt, line):
    r = client.post("/assess", data={"csrf_token": token, "text": text, "format": fmt})
    assert r.status_code == 422, r.data[:2000]
    assert b"problem-card" in r.data and b"Traceback" not in r.data
    if line:
        assert f'data-line="{line}"'.encode() in r.data


def test_no_incident_at_all_is_a_400(client, token):
    r = client.post("/assess", data={"csrf_token": token, "text": "   "})
    assert r.status_code == 400


def test_an_unexpected_error_never_shows_a_trace(app, client, monkeypatch):
    from dutybound.web import handlers

    def boom(*a, **k):
        raise RuntimeError("secret internal detail")
    monkeypatch.setattr(handlers, "assess_view", boom)
    for url in (f"/assess?example={EXAMPLE}", f"/assess.json?example={EXAMPLE}"):
        r = client.get(url)
        assert r.status_code == 500
        assert b"Traceback" not in r.data and b"secret internal detail" not in r.data
    r = client.post("/api/whatif", json={"example": EXAMPLE})
    assert r.status_code == 500 and r.get_json()["error"]["message"] == "internal error"


def test_errors_are_pages_not_traces(client):
    for url, status in (("/nope", 404), ("/api/nope", 404)):
        r = client.get(url)
        assert r.status_code == status and b"Traceback" not in r.data
    assert client.get("/api/nope").get_json()["error"]["status"] == 404
    assert client.delete("/law").status_code == 405


def test_no_open_redirect_from_the_language_switch(client):
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        r = client.get("/lang/zh", query_string={"next": target})
        assert r.status_code == 302 and r.headers["Location"] in ("/", "http://localhost/")


def test_every_asset_is_served_by_the_app(app, client):
    for url in ("/", f"/assess?example={EXAMPLE}", f"/report?example={EXAMPLE}", "/law/ECL-57-2",
                "/ontology", "/interview", "/api", f"/compare?example={EXAMPLE}"):
        html = client.get(url).data.decode()
        for tag, attr, value in re.findall(r"<(script|link|img|iframe|source|video|audio)\b[^>]*?\b(src|href)=\"([^\"]*)\"", html):
            assert value.startswith("/"), (url, tag, value)
            assert client.get(value).status_code == 200, value
        assert "@import" not in html


def test_security_headers(client):
    r = client.get("/")
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"


def test_templates_escape_everything(app):
    assert app.jinja_env.autoescape is True
    import pathlib
    for path in pathlib.Path(app.root_path, "templates").glob("*.html"):
        assert "|safe" not in path.read_text(encoding="utf-8").replace(" ", ""), path.name
