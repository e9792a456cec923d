"""End-to-end tests in a real browser: Playwright driving Debian's Chromium
(/usr/bin/chromium, `apt-get install chromium`; never `playwright install`),
as the three users use the app: a compliance officer (an example, its bottom
line, what-if across jurisdictions, the report), a researcher (a pasted
incident compared across jurisdictions, the case library), an educator (the
interview, back and edit, in Chinese). Screenshots go to tests/artifacts/.

Without Chromium or Playwright these tests FAIL with a message saying what
to install: a browser test that silently skips proves nothing.
"""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

from webcases import EXAMPLE, MALICIOUS, MALICIOUS_LABEL, ROOT, example_text, malicious_incident

CHROMIUM = os.environ.get("DUTYBOUND_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ZFB_LIABLE = "liable|zfb|alice|Sole|8000.00|ECL-57-2"
EXAMPLES = sorted(p.relative_to(ROOT / "examples").as_posix() for p in (ROOT / "examples").rglob("*")
                  if p.suffix in (".yaml", ".ttl") and "cases" not in p.parts
                  and p.relative_to(ROOT / "examples").parts[0] != "kb")    # rule packs, not incidents
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# Text a Chinese page may show in Latin letters: codes, formats, acronyms of the law.
LATIN_OK = set("CNY EUR USD GBP CN DE EU US JSON API SPARQL YAML yaml ttl json jsonld Markdown OpenAPI Dutybound "
               "PSD PSD2 PRC Reg BGB CFR SCA RDF Turtle JSON-LD TriG N-Quads HTML KB GRAPH SELECT ASK CONSTRUCT "
               "DESCRIBE Content-Type application db Case https dutybound org law rdf rdfs xsd owl prov rule "
               "factor case".split())
# The visible text the interface generated: not the law as written or our English paraphrase
# (marked with their language), not what the user wrote (translate="no"), not code.
GENERATED_TEXT = """() => {
  const skip = (el) => el.closest('[lang]:not([lang^="zh"]), [translate="no"], code, pre, script, style, textarea');
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || skip(el)) continue;
    const t = walker.currentNode.textContent.trim();
    if (t) out.push(t);
  }
  return out;
}"""


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


def _page(browser, server, viewport=DESKTOP, locale="en-GB"):
    context = browser.new_context(viewport=viewport, locale=locale)
    pg = context.new_page()
    pg.requests_seen, pg.dialogs = [], []
    pg.on("request", lambda req: pg.requests_seen.append(req.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.base = server
    return context, pg


def _checked(context, pg, server):
    foreign = [u for u in pg.requests_seen if not u.startswith(server) and not u.startswith("data:")]
    context.close()
    assert not foreign, f"loaded from another site: {foreign}"
    assert not pg.dialogs, f"a script opened a dialog: {pg.dialogs}"


@pytest.fixture
def page(browser, server):
    """A fresh desktop page that records every request and every dialog; at the
    end, nothing was loaded from another site and no script opened a dialog."""
    context, pg = _page(browser, server)
    yield pg
    _checked(context, pg, server)


@pytest.fixture
def phone(browser, server):
    context, pg = _page(browser, server, PHONE)
    yield pg
    _checked(context, pg, server)


def shot(pg, name: str, full: bool = True):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def open_example(page, example=EXAMPLE):
    page.goto(page.base + "/")
    page.locator(f'li[data-example="{example}"] a.example-link').click()
    page.wait_for_selector("#bottom-line, #bottom-lines")


def in_view(page, selector) -> bool:
    box = page.locator(selector).first.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


# -- the compliance officer ---------------------------------------------------
@pytest.mark.parametrize("example", EXAMPLES)
def test_the_bottom_line_is_visible_without_scrolling(page, example):
    page.goto(page.base + f"/assess?example={example}")
    page.wait_for_selector("#bottom-line .headline, #bottom-lines .jurisdiction-card")
    first = "#bottom-line .headline" if page.locator("#bottom-line").count() else "#bottom-lines h2"
    assert in_view(page, first), f"{example}: the bottom line starts below the first screen"
    assert page.evaluate("window.scrollY") == 0
    text = page.locator("#bottom-line, #bottom-lines").first.inner_text()
    assert re.search(r"recover|bears|liable|no one|reaches", text), text[:300]
    if example == EXAMPLE:
        shot(page, "bottom-line", full=False)


def test_the_bottom_line_says_who_pays_whom_once_and_who_bears_it(page):
    open_example(page)
    bottom = page.locator("#bottom-line").inner_text()
    assert "Alice can recover CNY 8,000.00 in all, once." in bottom
    assert "pays only what an unknown fraudster leaves unpaid" in bottom       # supplementary: after
    assert "may recover it from an unknown fraudster" in bottom               # recourse
    form = page.locator('#bottom-line a.ref-form', has_text="supplementary liability")
    assert form.get_attribute("href") == "/glossary#form-Supplementary"        # forms link the glossary
    issue = page.locator('article.issue[data-party="zfb"]')
    assert "Is ZFB Payment Co. liable to Alice?" in issue.inner_text()
    proof = issue.locator("details.proof").first
    proof.locator(":scope > summary").click()
    node = proof.locator(".proof-node").first
    node.wait_for(state="visible")
    text = node.inner_text()
    assert "未经授权的支付造成的损失" in text                                 # the law as written
    assert "The unauthorised payment pay1 was caused by the fault of Alice" in text   # the defence, a sentence
    assert "incident, line 60" in text and "examples/cn/" not in text          # sources short
    internals = node.locator("details.internals").first
    assert not internals.locator("dl").is_visible()                           # rule internals folded
    internals.locator("summary").click()
    assert "psp-bears-unauthorised-loss" in internals.inner_text()
    shot(page, "result")


def test_a_whatif_toggle_reassesses_in_place_and_highlights_the_change(page):
    open_example(page)
    page.evaluate("window.__samePage = true")
    toggle = page.locator('label.toggle[data-fact="pay1 causedByFaultOf alice"] select')
    assert "Is it true that the unauthorised payment pay1 was caused by the fault of Alice?" in \
        page.locator('label.toggle[data-fact="pay1 causedByFaultOf alice"]').inner_text()
    toggle.select_option("pay1 causedByFaultOf alice=true")
    page.wait_for_selector("#changes")
    assert page.evaluate("window.__samePage") is True, "the page was reloaded, not updated in place"
    assert page.locator(f'#issues [data-key="{ZFB_LIABLE}"]').count() == 0
    lost = page.locator("#changes li.lost").all_inner_texts()
    assert any("ZFB Payment Co. is liable to Alice" in t for t in lost)
    assert "causedByFaultOf" in page.url                                        # a shareable address
    shot(page, "whatif")
    toggle.select_option("")
    page.wait_for_selector(f'#issues [data-key="{ZFB_LIABLE}"]', state="attached")


def test_whatif_across_jurisdictions_recomputes_the_outcome_and_the_questions(page):
    open_example(page)
    assert page.locator('label.toggle[data-fact="zfb fellShortOfSecurityRequirementsIn pay1"]').count() == 1
    page.locator("#whatif-jurisdiction").select_option("DE")
    page.wait_for_selector("#changes")
    changes = page.locator("#changes").inner_text()
    assert "Nothing in the outcome changed" not in changes
    assert "BGB (Germany), § 675u" in changes and "E-Commerce Law (PRC), Art. 57(2)" in changes
    assert "Germany (DE)" in page.locator("#bottom-line").inner_text()
    # the open questions are Germany's now: ECL 54's question is gone from the panel and the page
    page.wait_for_selector('[data-fact="zfb fellShortOfSecurityRequirementsIn pay1"]', state="detached")
    # all of them, side by side: the page becomes the comparison
    page.locator("#whatif-jurisdiction").select_option("all")
    page.wait_for_selector("#bottom-lines .jurisdiction-card")
    assert page.locator(".jurisdiction-card").count() == 4
    shot(page, "whatif-jurisdictions")


def test_the_report_leads_with_a_one_page_summary(page):
    open_example(page)
    page.locator("#report-link").click()
    page.wait_for_selector("#summary")
    page.emulate_media(media="print")
    summary = page.locator("#summary")
    assert "Alice can recover CNY 8,000.00 in all, once." in summary.inner_text()
    assert summary.evaluate("el => getComputedStyle(el).breakAfter") in ("page", "always")
    assert summary.bounding_box()["height"] < 1123 * 1.1          # about one A4 page at 96 dpi
    shot(page, "report-summary", full=False)


# -- the researcher -----------------------------------------------------------
def test_compare_a_pasted_incident_that_names_no_jurisdiction(page):
    text = example_text().replace("jurisdiction: CN\n", "")
    page.goto(page.base + "/")
    page.locator("#incident-text").fill(text)
    page.locator("#paste-submit").click()
    page.wait_for_selector("#bottom-lines")
    cards = page.locator(".jurisdiction-card")
    assert [c.get_attribute("data-jurisdiction") for c in cards.all()] == ["CN", "DE", "EU", "US"]
    assert "E-Commerce Law (PRC), Art. 57(2)" in cards.nth(0).inner_text()
    assert "BGB (Germany), § 675u" in cards.nth(1).inner_text()           # never merged into one table
    heads = page.locator("table.compare thead th[data-jurisdiction]").all_inner_texts()
    assert [h.split()[0] for h in heads] == ["CN", "DE", "EU", "US"]
    shot(page, "compare-pasted")
    # the comparison of a pasted incident through the button too
    page.goto(page.base + "/")
    page.locator("#incident-text").fill(example_text())
    page.locator("#paste-compare").click()
    page.wait_for_selector(".jurisdiction-card")
    assert page.locator(".jurisdiction-card.own").get_attribute("data-jurisdiction") == "CN"


def test_the_case_library_shares_the_layout_and_opens_a_case_in_the_assessment_view(page):
    page.goto(page.base + "/cases")
    assert page.locator("nav.main").count() == 1 and page.locator("#lang-switch").count() == 1
    page.locator('tr[data-case="cn-account-takeover-2022"] a', has_text="Account takeover").first.click()
    page.wait_for_selector("#case-assess")
    assert "Alice can recover CNY 8,000.00 in all, once." in page.locator("#bottom-line").inner_text()
    page.locator("#case-assess").click()
    page.wait_for_selector("#bottom-line .headline")
    assert "case=cn-account-takeover-2022" in page.url
    page.locator("#similar-link").click()
    page.wait_for_selector("ol.similar")
    assert page.locator('li[data-case="cn-user-disclosed-code-2022"], li[data-case]').count() >= 1
    page.goto(page.base + "/sparql?query=" + "SELECT ?l WHERE { ?l a db:Liability } LIMIT 5")
    assert page.locator("nav.main").count() == 1
    assert page.locator("table.results tbody tr").count() == 5          # the default graph holds the cases
    shot(page, "cases")


def test_the_home_page_filters_examples_by_search_jurisdiction_and_topic(page):
    page.goto(page.base + "/")
    total = page.locator("li.example").count()
    page.locator("#example-jurisdiction").select_option("US")
    shown = page.locator("li.example:not([hidden])")
    assert 0 < shown.count() < total
    assert all(x == "US" for x in [li.get_attribute("data-jurisdiction") for li in shown.all()])
    page.locator("#example-jurisdiction").select_option("")
    page.locator("#example-topic").select_option("data")
    assert 0 < shown.count() < total
    page.locator("#example-search").fill("leak")
    assert all("leak" in li.get_attribute("data-text") for li in shown.all())
    assert page.evaluate("document.documentElement.scrollHeight") < 8000
    shot(page, "home-filtered")


# -- the educator -------------------------------------------------------------
def test_the_interview_shows_progress_goes_back_edits_and_ends_with_a_review(page):
    page.goto(page.base + "/interview")
    page.locator("#interview-next").click()
    page.wait_for_selector("#interview-question")
    assert page.locator("#interview-progress progress").count() == 1
    first = page.locator(".question-text").inner_text()
    assert "?" in first and "causedByFaultOf" not in first                # a question, a sentence
    why = page.locator(".why-asked").inner_text()      # what an answer would change
    assert "If yes:" in why or "If no:" in why or "does not change" in why, why
    page.locator("#answer-yes").click()
    page.wait_for_selector("#interview-answers")
    assert page.locator("#interview-answers li").count() == 1
    second = page.locator(".question-text").inner_text()
    page.locator("#interview-back").click()                              # back: the first question again
    page.wait_for_selector("#interview-question")
    assert page.locator(".question-text").inner_text() == first
    assert page.locator("#interview-answers").count() == 0
    page.locator("#answer-no").click()
    page.wait_for_selector("#interview-answers")
    select = page.locator("#interview-answers select").first
    assert select.input_value().endswith("=false")
    fact = select.get_attribute("data-fact")
    select.select_option(f"{fact}=true")                                 # edit an earlier answer
    page.locator("#interview-update").click()
    page.wait_for_selector("#interview-answers")
    assert page.locator("#interview-answers select").first.input_value() == f"{fact}=true"
    assert second
    page.locator("#interview-review-now").click()                        # stop and review
    page.wait_for_selector("#interview-done")
    assert page.locator("#interview-answers select").count() >= 1
    shot(page, "interview-review")
    page.locator("#interview-finish").click()
    page.wait_for_selector("#bottom-line .headline")


PAGES_TO_SCAN = ["/", f"/assess?example={EXAMPLE}", f"/compare?example={EXAMPLE}", f"/report?example={EXAMPLE}",
                 "/assess?example=us/late-notice-the-consumer-bears-50-dollars-plus-the-preventable-transfers-after-two-business-days.yaml",
                 "/assess?example=de/broken-hotel-lock-the-hotel-and-the-thief-are-joint-and-several-debtors.yaml",
                 "/assess?example=cn/a-forum-user-whose-fault-is-not-shown-is-not-liable-and-neither-is-the-forum-2022.yaml",
                 "/glossary", "/interview", "/cases", "/cases/cn-account-takeover-2022", "/sparql",
                 f"/similar?example={EXAMPLE}", "/no-such-page"]


def english_words(text: str) -> list[str]:
    """The English words of a generated text, names aside: a proof's id is the rule's
    digest (#3f2a9c01) and a rule's variable (?named) stands in a condition shown in
    its notation; neither is English."""
    bare = re.sub(r"#[0-9a-f]{8}(-[0-9]+)?|\?[A-Za-z][\w-]*", "", text)
    return [w for w in re.findall(r"[A-Za-z][A-Za-z-]{2,}", bare) if w not in LATIN_OK]


def english_on(page, path, english: dict) -> None:
    """The page's generated texts with English words in them (names aside), under `path`."""
    for text in page.evaluate(GENERATED_TEXT):
        if english_words(text):
            english.setdefault(path, []).append(text[:100])


def test_the_chinese_interface_leaves_no_english_in_generated_text(browser, server):
    context, page = _page(browser, server, locale="zh-CN")
    page.goto(server + "/lang/zh")
    english = {}
    for path in PAGES_TO_SCAN:
        page.goto(server + path)
        assert page.locator('html[lang="zh-Hans"]').count() == 1
        english_on(page, path, english)
        if path == f"/assess?example={EXAMPLE}":
            bottom = page.locator("#bottom-line").inner_text()
            assert "总共可以获得人民币8,000.00元的赔偿" in bottom and "补充责任" in bottom
            shot(page, "result-zh", full=False)
    # an interview question, in Chinese
    page.goto(server + "/interview")
    page.locator("#interview-next").click()
    page.wait_for_selector("#interview-question")
    for text in page.evaluate(GENERATED_TEXT):
        if english_words(text):
            english.setdefault("/interview (a question)", []).append(text[:100])
    _checked(context, page, server)
    assert not english, f"English left in the Chinese interface: {english}"


@pytest.mark.parametrize("path", ["/", f"/assess?example={EXAMPLE}", f"/compare?example={EXAMPLE}",
                                  f"/report?example={EXAMPLE}", "/interview", "/glossary", "/cases",
                                  "/sparql", "/law", "/law/ECL-57-2", "/ontology", "/api"])
def test_pages_fit_a_phone_without_horizontal_overflow(phone, path):
    phone.goto(phone.base + path)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width}px wide on a {PHONE['width']}px phone"
    if path == f"/assess?example={EXAMPLE}":
        assert in_view(phone, "#bottom-line .headline")
        shot(phone, "phone-result", full=False)


# -- safety -------------------------------------------------------------------
def test_a_malicious_party_name_is_inert(page):
    page.goto(page.base + "/")
    page.locator("#incident-text").fill(malicious_incident())
    page.locator("#paste-submit").click()
    page.wait_for_selector("#bottom-line")
    assert MALICIOUS_LABEL in page.locator("#bottom-line").inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#result script, #result img").count() == 0
    # toggling a what-if re-renders through the API: still inert
    page.locator('label.toggle[data-fact="pay1 causedByFaultOf alice"] select').select_option(
        "pay1 causedByFaultOf alice=true")
    page.wait_for_selector("#changes")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert MALICIOUS in page.locator("#result").inner_text() or MALICIOUS_LABEL in page.locator("#result").inner_text()
    # switching the language re-submits the pasted incident (it is not lost), still inert
    page.locator("#lang-switch").click()
    page.wait_for_selector('html[lang="zh-Hans"]')
    assert MALICIOUS_LABEL in page.locator("#result").inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
