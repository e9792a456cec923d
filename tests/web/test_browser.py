"""End-to-end tests in a real browser: Playwright driving Debian's Chromium
(/usr/bin/chromium, `apt-get install chromium`; never `playwright install`).

Without Chromium or Playwright these tests FAIL with a message saying what
to install: a browser test that silently skips proves nothing.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from webcases import EXAMPLE, MALICIOUS, MALICIOUS_LABEL, malicious_incident

CHROMIUM = os.environ.get("DUTYBOUND_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ZFB_LIABLE = "liable|zfb|alice|Sole|8000.00|ECL-57-2"


@pytest.fixture(scope="module")
def server(app):
    """The app on 127.0.0.1 at a free port, in a thread."""
    from werkzeug.serving import make_server
    srv = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install it with "
                    "`apt-get update && apt-get install -y chromium` (./run-tests does this)", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing: pip install 'playwright>=1.40,<2' (the [test] extra); "
                    "do not run `playwright install`, the tests use Debian's Chromium", pytrace=False)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records every request and every dialog; at the end,
    nothing was loaded from another site and no script opened a dialog."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    pg = context.new_page()
    pg.requests_seen, pg.dialogs = [], []
    pg.on("request", lambda req: pg.requests_seen.append(req.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.base = server
    yield pg
    foreign = [u for u in pg.requests_seen if not u.startswith(server) and not u.startswith("data:")]
    context.close()
    assert not foreign, f"loaded from another site: {foreign}"
    assert not pg.dialogs, f"a script opened a dialog: {pg.dialogs}"


def open_example(page):
    page.goto(page.base + "/")
    page.locator(f'li[data-example="{EXAMPLE}"] a.example-link').click()
    page.wait_for_selector('table[data-party="zfb"]')


def test_a_newcomer_assesses_an_example_and_expands_a_proof(page):
    open_example(page)
    row = page.locator(f'tr[data-key="{ZFB_LIABLE}"]')
    assert row.is_visible()
    assert "8000.00" in row.inner_text() and "Sole" in row.inner_text()
    proof = page.locator('table[data-party="zfb"] details.proof').first
    assert not proof.locator(".proof-node").first.is_visible()
    proof.locator(":scope > summary").click()
    node = proof.locator(".proof-node").first
    node.wait_for(state="visible")
    text = node.inner_text()
    assert "psp-bears-unauthorised-loss" in text
    assert "未经授权的支付造成的损失" in text                 # the provision's own text
    assert "pay1 causedByFaultOf alice" in text             # the exception, with its burden
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "result.png"), full_page=True)


def test_a_whatif_toggle_reassesses_in_place_and_highlights_the_change(page):
    open_example(page)
    page.evaluate("window.__samePage = true")
    toggle = page.locator('label.toggle[data-fact="pay1 causedByFaultOf alice"] select')
    toggle.select_option("pay1 causedByFaultOf alice=true")
    page.wait_for_selector("#changes")
    assert page.evaluate("window.__samePage") is True, "the page was reloaded, not updated in place"
    assert page.locator(f'tr[data-key="{ZFB_LIABLE}"]').count() == 0
    lost = page.locator("#changes li.lost").all_inner_texts()
    assert any("zfb liable to alice" in t for t in lost)
    assert page.locator("#result .changed").count() >= 1        # what was gained is highlighted
    assert "causedByFaultOf" in page.url                        # a shareable address
    page.screenshot(path=str(ARTIFACTS / "whatif.png"), full_page=True)
    toggle.select_option("")
    page.wait_for_selector(f'tr[data-key="{ZFB_LIABLE}"]')


def test_switching_the_language(page):
    open_example(page)
    page.locator("#lang-switch").click()
    page.wait_for_selector('html[lang="zh-Hans"]')
    assert "评估" in page.locator("nav.main").inner_text()
    assert "责任" in page.locator("#result").inner_text()
    assert page.locator(f'tr[data-key="{ZFB_LIABLE}"]').is_visible()   # the same assessment
    page.locator("#lang-switch").click()
    page.wait_for_selector('html[lang="en"]')
    assert "Assess" in page.locator("nav.main").inner_text()


def test_a_malicious_party_name_is_inert(page):
    page.goto(page.base + "/")
    page.locator("#incident-text").fill(malicious_incident())
    page.locator("#paste-submit").click()
    page.wait_for_selector("table.party-table")
    caption = page.locator("table.party-table caption", has_text="__pwned=1")
    assert caption.count() == 1
    assert MALICIOUS in caption.inner_text() and MALICIOUS_LABEL in caption.inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("table.party-table caption script, table.party-table caption img").count() == 0
    # toggling a what-if re-renders through the API: still inert
    page.locator('label.toggle[data-fact="pay1 causedByFaultOf alice"] select').select_option(
        "pay1 causedByFaultOf alice=true")
    page.wait_for_selector("#changes")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert MALICIOUS in page.locator("#result").inner_text()
    # switching the language re-submits the pasted incident (it is not lost), still inert
    page.locator("#lang-switch").click()
    page.wait_for_selector('html[lang="zh-Hans"]')
    assert MALICIOUS in page.locator("#result").inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_compare_jurisdictions_side_by_side(page):
    open_example(page)
    page.locator("#compare-link").click()
    page.wait_for_selector("table.compare")
    heads = page.locator("table.compare thead th[data-jurisdiction]").all_inner_texts()
    assert [h.split()[0] for h in heads] == ["CN", "DE", "EU", "US"]
    assert "zfb" in page.locator("table.compare tbody td.own").first.inner_text()


def test_the_guided_interview_leads_to_an_assessment(page):
    page.goto(page.base + "/interview")
    page.locator("#interview-next").click()
    for _ in range(40):
        page.wait_for_selector("#interview-question, #interview-done")
        if page.locator("#interview-done").count():
            break
        page.locator("#answer-unknown").click()
    page.locator("#interview-finish").click()
    page.wait_for_selector("#result")
    assert page.locator('table[data-party="provider"]').count() == 1
