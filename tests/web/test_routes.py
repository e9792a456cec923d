"""Every route of the web app and its JSON twin, through Flask's test client."""
from __future__ import annotations

import json
import re

import pytest

from webcases import EXAMPLE, ROOT, TURTLE, example_text

PAGE_ARGS = {"pid": "ECL-57-2", "name": "SafeguardDuty"}
NEEDS_EXAMPLE = {"assess", "report", "compare", "download", "similar"}


def page_rules(app):
    """The HTML pages: GET rules outside /api and /static that are not twins.
    The case library's pages (blueprint `cases.`) are tested in tests/store."""
    out = []
    for rule in app.url_map.iter_rules():
        path = rule.rule
        if rule.endpoint.startswith("cases."):
            continue
        if ("GET" not in rule.methods or path.startswith(("/api/", "/static", "/lang/"))
                or path.endswith(".json") or rule.endpoint == "download"):
            continue
        out.append(rule)
    return out


def url_of(rule, twin=False) -> str:
    path = rule.rule
    for arg, value in PAGE_ARGS.items():
        path = path.replace(f"<{arg}>", value)
    if twin:
        path = "/index.json" if path == "/" else path + ".json"
    if rule.endpoint in NEEDS_EXAMPLE:
        path += f"?example={EXAMPLE}"
    return path


def test_the_app_has_the_pages_of_the_issue(app):
    endpoints = {r.endpoint for r in page_rules(app)}
    assert {"home", "assess", "report", "compare", "interview", "law", "provision",
            "ontology", "term", "api_page"} <= endpoints


def test_every_page_has_a_json_twin_in_the_url_map(app):
    rules = {r.rule for r in app.url_map.iter_rules()}
    for rule in page_rules(app):
        twin = "/index.json" if rule.rule == "/" else rule.rule + ".json"
        assert twin in rules, f"{rule.rule} has no JSON twin"


def test_every_page_renders_as_html(app, client):
    for rule in page_rules(app):
        r = client.get(url_of(rule))
        assert r.status_code == 200, (url_of(rule), r.status_code)
        assert r.mimetype == "text/html"
        assert b"<!doctype html>" in r.data[:100]


def test_every_json_twin_answers_json(app, client):
    for rule in page_rules(app):
        r = client.get(url_of(rule, twin=True))
        assert r.status_code == 200, (url_of(rule, twin=True), r.status_code)
        assert r.mimetype == "application/json"
        assert isinstance(r.get_json(), dict)


def test_format_json_is_the_same_twin(client):
    a = client.get("/law.json").get_json()
    b = client.get("/law?format=json").get_json()
    assert a == b


def test_every_page_links_its_twin(client):
    html = client.get("/law/ECL-57-2").data.decode()
    assert 'href="/law/ECL-57-2.json"' in html


def test_every_api_get_route_answers_json(app, client):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or "GET" not in rule.methods:
            continue
        path = rule.rule.replace("<pid>", "ECL-57-2").replace("<name>", "SafeguardDuty")
        query = {"/api/assess": f"?example={EXAMPLE}", "/api/compare": f"?example={EXAMPLE}",
                 "/api/explain": f"?example={EXAMPLE}&query=liable zfb to alice"}.get(path, "")
        r = client.get(path + query)
        assert r.status_code == 200, (path, r.status_code, r.data[:300])
        assert r.mimetype == "application/json"


def test_openapi_describes_every_api_route(app, client):
    doc = client.get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        assert path in doc["paths"], f"{path} is not in the OpenAPI document"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in doc["paths"][path], f"{method} {path} is not described"


def test_openapi_describes_no_route_that_does_not_exist(app, client):
    doc = client.get("/api/openapi.json").get_json()
    paths = {re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", r.rule) for r in app.url_map.iter_rules()}
    assert set(doc["paths"]) <= paths


@pytest.mark.parametrize("name", sorted(p.relative_to(ROOT / "examples").as_posix()
                                         for p in (ROOT / "examples").rglob("*")
                                         if p.suffix in (".yaml", ".yml", ".json", ".ttl")
                                         and "kb" not in p.relative_to(ROOT / "examples").parts))
def test_every_bundled_example_can_be_assessed(app, client, name):
    entry = app.extensions["dutybound.catalog"].examples[name]
    r = client.get(f"/assess?example={name}")
    assert r.status_code == (422 if entry["error"] else 200), entry["error"]


def test_the_result_leads_with_the_bottom_line_then_the_issues(client):
    html = client.get(f"/assess?example={EXAMPLE}").data.decode()
    assert html.index('id="bottom-line"') < html.index('id="issues"') < html.index('id="open-questions"')
    text = re.sub(r"<[^>]+>", "", html)
    assert "Alice can recover CNY 8,000.00 in all, once." in text
    assert 'data-party="zfb"' in html and 'data-party="taomall"' in html
    assert 'data-key="liable|zfb|alice|Sole|8000.00|ECL-57-2"' in html
    assert 'href="/law/ECL-57-2"' in html and 'href="/glossary#form-Supplementary"' in html
    assert "pays only what an unknown fraudster leaves unpaid" in text
    assert "未经授权的支付造成的损失" in html                                # the provision's text in the proof
    assert "Is it true that" in text and "fellShortOfSecurityRequirementsIn" not in text   # sentences, not triples


def test_the_result_twin_is_the_engines_assessment_with_its_bottom_line(client, kb):
    data = client.get(f"/assess.json?example={EXAMPLE}").get_json()
    expected = kb.assess(str(ROOT / "examples" / EXAMPLE)).to_json()
    assert data["assessment"]["liabilities"] == expected["liabilities"]
    assert data["assessment"]["open_questions"] == expected["open_questions"]
    bl = data["assessment"]["bottom_line"]
    assert [c["claimant"] for c in bl["claimants"]] == ["alice"]
    assert bl["claimants"][0]["total"]["net"] == {"amount": "8000.00", "currency": "CNY"}
    assert bl["sentences"]["zh"][0][0].startswith("Alice总共可以获得人民币8,000.00元")
    assert not any(k.startswith("_") for k in data)              # template-only parts stay out


def test_a_whatif_toggle_changes_the_outcome_and_says_what_changed(client):
    fact = "pay1 causedByFaultOf alice=true"
    data = client.get(f"/assess.json?example={EXAMPLE}&assume={fact}").get_json()
    assert not any(l["party"] == "zfb" for l in data["assessment"]["liabilities"])
    lost = [c["key"] for c in data["changes"]["lost"]]
    assert "liable|zfb|alice|Sole|8000.00|ECL-57-2" in lost
    assert data["changes"]["gained"], "the defence that succeeded is gained"
    html = client.get(f"/assess?example={EXAMPLE}&assume={fact}").data.decode()
    assert f'<option value="{fact}" selected>' in html           # the toggle stays, set


def test_switching_the_law_in_the_whatif_panel_says_what_changed(client):
    data = client.get(f"/assess.json?example={EXAMPLE}&jurisdiction=DE").get_json()
    assert data["assessment"]["jurisdiction"] == "DE"
    lost = [c["key"] for c in data["changes"]["lost"]]
    assert "liable|zfb|alice|Sole|8000.00|ECL-57-2" in lost            # not "nothing changed"
    assert any(c["key"].endswith("BGB-675u") for c in data["changes"]["gained"])
    html = client.get(f"/assess?example={EXAMPLE}&jurisdiction=DE").data.decode()
    assert 'data-fact="zfb fellShortOfSecurityRequirementsIn pay1"' not in html    # CN's questions are gone
    cn = client.get(f"/assess?example={EXAMPLE}").data.decode()
    assert 'data-fact="zfb fellShortOfSecurityRequirementsIn pay1"' in cn


def test_the_whatif_api_returns_the_fragment_and_the_changes(client):
    r = client.post("/api/whatif", json={"example": EXAMPLE, "assume": ["pay1 causedByFaultOf alice=true"]})
    assert r.status_code == 200, r.data
    body = r.get_json()
    assert 'class="changes"' in body["html"] and "<html" not in body["html"]
    assert body["changes"]["lost"]


def test_a_fact_of_the_incident_can_be_toggled_false(client):
    data = client.get(f"/assess.json?example={EXAMPLE}&assume=taomall operates mall=false").get_json()
    assert not any(b["party"] == "taomall" for b in data["assessment"]["breaches"])


def test_a_bad_assumption_is_a_400_with_a_hint(client):
    r = client.get(f"/assess?example={EXAMPLE}&assume=nobody owes nothing=true")
    assert r.status_code == 400
    assert b"nobody" in r.data and b"Traceback" not in r.data


def test_compare_has_a_column_per_jurisdiction(client, kb):
    data = client.get(f"/compare.json?example={EXAMPLE}").get_json()
    assert [c["jurisdiction"] for c in data["columns"]] == ["CN", "DE", "EU", "US"]
    cn = data["columns"][0]
    assert cn["own"] and any(l["party"] == "zfb" for l in cn["liabilities"])
    for c in data["columns"]:
        assert c["provisions"] == sum(1 for p in kb.provisions.values() if p.jurisdiction == c["jurisdiction"])


def test_the_report_is_printable_with_every_proof(client):
    html = client.get(f"/report?example={EXAMPLE}").data.decode()
    assert "@media print" not in html        # in the stylesheet, not inline
    assert "data-print" in html and "psp-bears-unauthorised-loss" in html


def test_downloads_as_json_and_markdown(client):
    r = client.get(f"/download.json?example={EXAMPLE}")
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    assert json.loads(r.data)["liabilities"]
    r = client.get(f"/download.md?example={EXAMPLE}")
    assert r.status_code == 200 and r.mimetype == "text/markdown"
    assert r.data.decode().startswith("# Assessment")


def test_pasted_json_and_uploaded_turtle_are_assessed(client, token):
    import yaml
    data = yaml.safe_load(example_text())
    r = client.post("/assess", data={"csrf_token": token, "format": "json",
                                     "text": json.dumps(data, default=str)})
    assert r.status_code == 200, r.data[:2000]
    ttl = TURTLE
    if ttl.exists():
        import io
        r = client.post("/assess", data={"csrf_token": token,
                                         "file": (io.BytesIO(ttl.read_bytes()), "takeover.ttl")},
                        content_type="multipart/form-data")
        assert r.status_code == 200, r.data[:2000]


def test_explain_api(client):
    r = client.get(f"/api/explain?example={EXAMPLE}&query=liable zfb to alice")
    body = r.get_json()
    assert body["status"] == "proved" and body["proofs"][0]["rule"] == "psp-bears-unauthorised-loss"
    assert client.get(f"/api/explain?example={EXAMPLE}").status_code == 400


def test_law_page_shows_texts_rules_dates_and_golden_cases(client):
    html = client.get("/law/ECL-57-2").data.decode()
    assert "未经授权的支付" in html and "unauthorised payment" in html
    assert "rule psp-bears-unauthorised-loss cites ECL-57-2" in html
    assert "2019-01-01" in html
    assert f"example={EXAMPLE}" in html.replace("%2F", "/")
    index = client.get("/law.json").get_json()
    assert [j["jurisdiction"] for j in index["jurisdictions"]][:4] == ["CN", "DE", "EU", "US"]


def test_ontology_term_has_both_labels_and_the_rules_using_it(client):
    data = client.get("/ontology/SafeguardDuty.json").get_json()
    assert data["label_en"] and data["label_zh"] and data["comment_en"]
    assert any(r["id"] == "premises-operator-owes-safeguard-duty" for r in data["rules"])
    assert "Duty" in data["superterms"]
    tree = client.get("/ontology.json").get_json()["classes"]
    assert tree and all("children" in n for n in tree)


def test_unknown_things_are_404(client):
    assert client.get("/law/NOPE").status_code == 404
    assert client.get("/ontology/NOPE").status_code == 404
    assert client.get("/api/provisions/NOPE").get_json()["error"]["status"] == 404
    assert client.get("/assess?example=../../etc/passwd").status_code == 400


def test_the_interview_asks_until_nothing_changes_the_outcome(client, token):
    form = {"csrf_token": token, "date": "2022-03-14", "jurisdiction": "CN", "amount": "500",
            "currency": "CNY", "psp": "yes", "platform": "yes", "signal": "yes"}
    step = client.post("/interview.json", data=form).get_json()["step"]
    asked = []
    while step["question"] is not None:
        q = step["question"]
        assert q["fact"] not in asked, "a question answered is never asked again"
        asked.append(q["fact"])
        answer = ("true", "unknown", "false")[len(asked) % 3]
        step = client.post("/interview.json", data={**form, "answers": step["answers"],
                                                    "fact": q["fact"], "answer": answer}).get_json()["step"]
        assert len(asked) < 40
    assert asked and "pay1" not in asked[0]
    assert "payment causedByFaultOf user" in asked
    r = client.post("/assess", data={"csrf_token": token, "text": step["yaml"], "format": "yaml"})
    assert r.status_code == 200


def test_language_switch_and_interface_text(client):
    html = client.get("/law?lang=zh").data.decode()
    assert 'lang="zh-Hans"' in html and "法律" in html
    html = client.get("/law").data.decode()           # remembered in the session
    assert "法律" in html
    r = client.get("/lang/en?next=/ontology")
    assert r.status_code == 302 and r.headers["Location"].endswith("/ontology")
    assert 'lang="en"' in client.get("/ontology").data.decode()


def test_every_interface_string_exists_in_both_languages():
    """Every message the templates and handlers write is in the Chinese catalogue,
    translated (extracted with Babel, as `pybabel extract` does)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po
    po = ROOT / "dutybound" / "web" / "translations" / "zh" / "LC_MESSAGES" / "messages.po"
    catalog = {m.id: m.string for m in read_po(po.open("rb")) if m.id}
    used = set()
    for folder in ("dutybound/web/templates", "dutybound/store/templates"):
        for _, _, message, _, _ in extract_from_dir(ROOT / folder, [("**.html", "jinja2")],
                                                     options_map={"**.html": {"extensions": "jinja2.ext.i18n"}}):
            used.add(message if isinstance(message, str) else message[0])
    missing = sorted(m for m in used if not catalog.get(m))
    assert not missing, f"not in the Chinese catalogue (pybabel update, docs/web.md): {missing}"


def test_sparql_over_the_default_graph_finds_the_cases(client):
    """Each case is a named graph; the default graph is their union, so a query that
    names no graph finds them (it used to return 0 rows without a word)."""
    from urllib.parse import quote
    data = client.get("/sparql.json?query=" + quote("SELECT ?l WHERE { ?l a db:Liability }")).get_json()
    assert len(data["result"]["results"]["bindings"]) >= 3 and data["hint"] is None
    data = client.get("/sparql.json?query=" + quote("SELECT ?x WHERE { ?x a db:NoSuchClass }")).get_json()
    assert data["result"]["results"]["bindings"] == [] and data["hint"]["code"] == "union"
    graphs = client.get("/sparql.json?query=" + quote(
        "SELECT ?l WHERE { GRAPH ?case { ?l a db:Liability } }")).get_json()
    assert graphs["hint"] is None and graphs["result"]["results"]["bindings"]


def test_a_stored_case_opens_in_the_assessment_view_and_has_similar_cases(client):
    html = client.get("/cases/cn-account-takeover-2022").data.decode()
    assert 'href="/assess?case=cn-account-takeover-2022"' in html and 'id="lang-switch"' in html
    data = client.get("/assess.json?case=cn-account-takeover-2022").get_json()
    assert data["source"] == {"case": "cn-account-takeover-2022"}
    assert any(l["basis"] == "ECL-57-2" for l in data["assessment"]["liabilities"])
    similar = client.get(f"/similar.json?example={EXAMPLE}").get_json()
    assert similar["cases"] and all(c["shared"] for c in similar["cases"])
    assert client.get("/assess?case=no-such-case").status_code == 400


def test_an_incident_without_a_jurisdiction_is_compared_not_merged(client, token):
    text = example_text().replace("jurisdiction: CN\n", "")
    r = client.post("/assess.json", data={"csrf_token": token, "text": text, "format": "yaml"})
    data = r.get_json()
    assert data["mode"] == "compare" and [c["jurisdiction"] for c in data["columns"]] == ["CN", "DE", "EU", "US"]
    cn, de = data["columns"][0], data["columns"][1]
    assert {l["basis"] for l in cn["liabilities"]} >= {"ECL-57-2"} and all(
        l["basis"].startswith("BGB") for l in de["liabilities"])
    api = client.post("/api/compare", json={"incident": {"text": text, "format": "yaml"}}).get_json()
    assert [c["jurisdiction"] for c in api["columns"]] == ["CN", "DE", "EU", "US"]
    assessed = client.post("/api/assess", json={"incident": {"text": text, "format": "yaml"}}).get_json()
    assert set(assessed["comparison"]) == {"CN", "DE", "EU", "US"}          # the API compares too
    assert all(l["basis"].startswith("BGB") for l in assessed["comparison"]["DE"]["liabilities"])


def test_the_glossary_defines_every_form_in_both_languages_with_its_source(client):
    data = client.get("/glossary.json").get_json()
    forms = {g["form"]: g for g in data["forms"]}
    assert {"Sole", "JointAndSeveral", "Supplementary", "Proportional", "Capped"} <= set(forms)
    sup = forms["Supplementary"]
    assert sup["label_zh"] == "补充责任" and sup["definition_en"] and sup["definition_zh"]
    assert "1198" in sup["source_en"] and any(p["id"] == "CC-1198-2" for p in sup["provisions"])
    assert 'id="form-Supplementary"' in client.get("/glossary").data.decode()
