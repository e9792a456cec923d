"""The case-library blueprint in a minimal Flask app, on both backends."""
from __future__ import annotations

import threading
from urllib.parse import quote

import pytest
from flask import Flask
from rdflib import Graph

from dutybound.store.web import cases_blueprint, close_shared_libraries, shared_library


@pytest.fixture
def app(seeded):
    app = Flask("store-web-test")
    app.config.update(TESTING=True, DUTYBOUND_SPARQL_MAX_ROWS=50, DUTYBOUND_SPARQL_TIMEOUT=30)
    app.register_blueprint(cases_blueprint(lambda: seeded))
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def q(text: str) -> str:
    return quote(text, safe="")


def test_cases_page_lists_and_filters(client):
    r = client.get("/cases")
    assert r.status_code == 200 and r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert "The user disclosed her one-time code (2022)" in html and 'href="/cases/t-takeover-2022"' in html
    assert 'href="/cases.json"' in html
    data = client.get("/cases.json").get_json()
    assert data["count"] == 3 and "PlatformOperator" in data["options"]["party_type"]
    assert "Supplementary" in data["options"]["form"]
    data = client.get("/cases.json?form=Supplementary&party_type=PlatformOperator&provision=CC-1198").get_json()
    assert [c["id"] for c in data["cases"]] == ["t-takeover-2022", "t-disclosed-2022"]
    assert client.get("/cases.json?jurisdiction=DE").get_json()["count"] == 0
    html = client.get("/cases?jurisdiction=CN&form=Supplementary").get_data(as_text=True)
    assert '<option value="Supplementary" selected>' in html


def test_a_bad_filter_is_a_400_with_a_hint(client):
    r = client.get("/cases.json?form=Supplementry")
    assert r.status_code == 400
    assert "did you mean 'Supplementary'" in r.get_json()["problems"][0]["hint"]
    assert client.get("/cases?party_type=Nobody").status_code == 400


def test_case_page_and_its_twins(client):
    html = client.get("/cases/t-disclosed-2022").get_data(as_text=True)
    assert "Supplementary" in html and "the user disclosed a password or code" in html
    assert "宾馆、商场" in html                              # the statute's own words
    data = client.get("/cases/t-disclosed-2022.json").get_json()
    assert data["complete"] and data["exports"]["ttl"] == "/cases/t-disclosed-2022.ttl"
    for fmt, parse, mime in (("ttl", "turtle", "text/turtle"), ("jsonld", "json-ld", "application/ld+json"),
                             ("nt", "nt", "application/n-triples")):
        r = client.get(f"/cases/t-disclosed-2022.{fmt}")
        assert r.status_code == 200 and r.mimetype == mime
        assert len(Graph().parse(data=r.get_data(as_text=True), format=parse)) == data["triples"]
    assert client.get("/cases/nope").status_code == 404
    r = client.get("/cases/nope.json")
    assert r.status_code == 404 and "no case 'nope'" in r.get_json()["problems"][0]["message"]


def test_console_runs_select_ask_and_construct(client):
    html = client.get("/sparql").get_data(as_text=True)
    assert "<textarea" in html and "Cases decided by the burden of proof" in html
    sel = "SELECT ?id WHERE { GRAPH ?c { ?c db:incidentId ?id } } ORDER BY ?id"
    data = client.get("/sparql.json?query=" + q(sel)).get_json()
    assert [b["id"]["value"] for b in data["result"]["results"]["bindings"]] == \
        ["t-disclosed-2022", "t-takeover-2020", "t-takeover-2022"]
    html = client.get("/sparql?query=" + q(sel)).get_data(as_text=True)
    assert "<td>t-takeover-2020</td>" in html
    assert client.get("/sparql.json?query=" + q("ASK { GRAPH ?c { ?c a db:Case } }")).get_json()["result"] == \
        {"head": {}, "boolean": True}
    data = client.get("/sparql.json?query=" + q("CONSTRUCT { ?c db:title ?t } WHERE { GRAPH ?c { ?c db:title ?t } }"))
    assert data.get_json()["result"]["head"]["vars"] == ["subject", "predicate", "object"]
    html = client.get("/sparql?named=platform-supplementary-under-cc-1198").get_data(as_text=True)
    assert "law:CC-1198-2" in html


@pytest.mark.parametrize("update", [
    "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }",
    "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }",
    "DROP ALL",
    "CLEAR GRAPH <https://dutybound.org/law>",
    "LOAD <http://example.org/data.ttl>",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
])
def test_console_refuses_updates(client, seeded, update):
    r = client.get("/sparql.json?query=" + q(update))
    assert r.status_code == 400
    assert r.get_json()["result"] is None
    assert len(seeded.ids()) == 3


def test_console_refuses_federated_queries(client):
    r = client.get("/sparql.json?query=" + q("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"))
    assert r.status_code == 400 and "SERVICE" in r.get_json()["error"]["message"]


def test_console_reports_syntax_errors_with_their_place(client):
    r = client.get("/sparql.json?query=" + q("SELECT ?c WHERE {\n GRAPH ?c { ?c a db:Case \n"))
    assert r.status_code == 400
    p = r.get_json()["error"]["problems"][0]
    assert p["line"] == 3 and "invalid SPARQL" in p["message"]


def test_console_cuts_results_at_the_row_limit(client):
    data = client.get("/sparql.json?query=" + q("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")).get_json()
    assert len(data["result"]["results"]["bindings"]) == 50 and data["result"]["truncated"] is True


def test_console_gives_up_after_the_time_limit(app, client, seeded, monkeypatch):
    release = threading.Event()
    real = seeded.query

    def slow(*a, **kw):
        release.wait(30)
        return real(*a, **kw)
    monkeypatch.setattr(seeded, "query", slow)
    app.config["DUTYBOUND_SPARQL_TIMEOUT"] = 0.2
    try:
        r = client.get("/sparql.json?query=" + q("SELECT * WHERE { ?s ?p ?o }"))
        assert r.status_code == 503 and "longer than 0.2 s" in r.get_json()["error"]["message"]
    finally:
        release.set()


def test_console_escapes_what_it_shows(client):
    html = client.get("/sparql?query=" + q('SELECT ("<script>alert(1)</script>" AS ?x) WHERE {}')).get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_exports(client):
    for fmt, parse in (("ttl", "turtle"), ("jsonld", "json-ld")):
        r = client.get(f"/export/kb.{fmt}")
        assert r.status_code == 200
        assert len(Graph().parse(data=r.get_data(as_text=True), format=parse)) > 1000
    assert client.get("/export/kb.xml").status_code == 404
    r = client.get("/export/cases.nq")
    assert r.status_code == 200 and r.mimetype == "application/n-quads"
    assert len({line.rsplit(" ", 2)[-2] for line in r.get_data(as_text=True).splitlines() if line}) == 3


def test_shared_library_follows_the_app_config(tmp_path, kb, files):
    app = Flask("store-web-config")
    app.config.update(TESTING=True, DUTYBOUND_STORE=str(tmp_path / "store"))
    app.extensions["dutybound.kb"] = kb
    app.register_blueprint(cases_blueprint(shared_library), url_prefix="/library")
    with app.app_context():
        shared_library().add(str(files["t-takeover-2022"]))
    c = app.test_client()
    assert c.get("/library/cases.json").get_json()["count"] == 1
    assert 'href="/library/cases/t-takeover-2022"' in c.get("/library/cases").get_data(as_text=True)
    close_shared_libraries()


def test_the_blueprint_in_the_dutybound_web_app(seeded, kb):
    """Registered in the project's own app (dutybound.web.app.create_app),
    its pages pass that app's security hooks and keep their own error pages."""
    from dutybound.web.app import create_app
    app = create_app(kb, {"TESTING": True})
    if "cases" not in app.blueprints:
        app.register_blueprint(cases_blueprint(lambda: seeded))
    else:
        app.config["DUTYBOUND_STORE"] = seeded.backend.location
    c = app.test_client()
    r = c.get("/cases")
    assert r.status_code == 200 and "t-takeover-2022" in r.get_data(as_text=True)
    assert c.get("/cases/nope").status_code == 404
    r = c.get("/sparql.json?query=" + q("DROP ALL"))
    assert r.status_code == 400
    assert c.get("/export/kb.ttl").status_code == 200
