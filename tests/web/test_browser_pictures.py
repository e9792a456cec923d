"""The pictures in a real browser (Playwright driving Debian's Chromium, as in
test_browser.py): the timeline, who pays whom and the argument map render on
the bundled examples and show what the assessment states (read from the SVG),
redraw after a what-if toggle, open their proof step, fit a phone, and the
Chinese ones hold no English generated text. Screenshots go to tests/artifacts/."""
from __future__ import annotations


import pytest

from test_browser import (GENERATED_TEXT, LATIN_OK, english_words, PHONE, _checked, _page, browser, page, phone,  # noqa: F401
                          server, shot)
from webcases import EXAMPLE

US_LATE = "us/late-notice-the-consumer-bears-50-dollars-plus-the-preventable-transfers-after-two-business-days.yaml"
EU_13 = "eu/a-payer-who-first-complains-fourteen-months-after-a-debit-loses-its-refund-but-not-the-recent-ones.yaml"


def svg_text(page, selector) -> str:
    return " ".join(page.locator(f"{selector} text").all_text_contents()).replace("\u00a0", " ")


def assessment(page, example) -> dict:
    return page.request.get(page.base + f"/assess.json?example={example}").json()["assessment"]


@pytest.mark.parametrize("example", [EXAMPLE, US_LATE, EU_13])
def test_the_pictures_show_what_the_assessment_states(page, example):
    page.goto(page.base + f"/assess?example={example}")
    page.wait_for_selector("#pictures svg.timeline")
    data = assessment(page, example)
    assert page.locator("#pictures svg.timeline").is_visible()
    assert page.locator("#pictures svg.payments").is_visible()
    timeline = svg_text(page, "#pictures svg.timeline")
    pays = svg_text(page, "#pictures svg.payments")
    # every deadline a proof computed is drawn, with its provision
    for node in data["proofs"].values():
        for c in node.get("computed", []):
            assert c["value"][:10] in timeline and node["provision"]["title"] in timeline
    drawn = page.locator("#pictures svg.timeline g.deadline").evaluate_all(
        "gs => gs.map(g => [g.dataset.date, g.dataset.provision])")
    computed = {(c["value"][:10], n["provision"]["id"]) for n in data["proofs"].values() for c in n.get("computed", [])}
    limits = {(lim["runs_out"], c) for lim in data["law_in_time"]["limitation"] for c in lim["cites"]}
    assert drawn and all(tuple(d) in computed | limits for d in drawn)
    # every party the bottom line makes pay first is in the diagram, with the law
    for c in data["bottom_line"]["claimants"]:
        for loss in c["losses"]:
            for p in loss["first"]:
                assert p["provision_title"].split(",")[0] in pays
    assert len(page.locator("#pictures svg.payments g.edge.arrow").all()) >= 1
    # the text alternative is there, and the SVGs name it
    alt_id = page.locator("#pictures svg.timeline").get_attribute("aria-describedby")
    assert page.locator(f"#{alt_id} li").count() >= len(drawn)
    # each event a rule compared with a deadline says whether it met or missed it
    marked = page.locator("#pictures svg.timeline g.event").evaluate_all(
        "gs => gs.map(g => (g.dataset.met || '') + ' ' + (g.dataset.missed || ''))")
    assert {day for days in marked for day in days.split()} <= {d for d, _p in drawn}
    if example == US_LATE:
        call = page.locator('#pictures svg.timeline g.event[data-subject="call"]')
        assert call.get_attribute("data-missed") == "2024-07-03"
        assert "✗ missed the deadline of 2024-07-03" in " ".join(call.locator("text").all_text_contents())
    name = example.split("/")[0]
    shot(page, f"pictures-{name}")


def test_who_pays_whom_reads_the_amounts_and_the_order(page):
    page.goto(page.base + f"/assess?example={EXAMPLE}")
    page.wait_for_selector("#pictures svg.payments")
    pays = svg_text(page, "#pictures svg.payments")
    assert "CNY 8,000.00" in pays and "1. pays first" in pays
    assert "2. pays only what the first leave unpaid" in pays and "3. recourse" in pays
    assert "Civil Code (PRC), Art. 1198(2)" in pays
    page.locator("#pictures figure[data-picture=payments]").screenshot(path=_artifact("payments-cn"))


def _artifact(name):
    from test_browser import ARTIFACTS
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return str(ARTIFACTS / f"{name}.png")


def test_the_argument_map_opens_its_proof_step_and_statute(page):
    page.goto(page.base + f"/assess?example={EXAMPLE}")
    issue = page.locator('article.issue[data-party="zfb"]')
    arg = issue.locator("details.argument-map")
    if not arg.evaluate("d => d.open"):
        arg.locator(":scope > summary").click()
    svg = arg.locator("svg.argument")
    text = svg_text(page, 'article.issue[data-party="zfb"] svg.argument')
    assert "ZFB Payment Co. is liable to Alice" in text and "E-Commerce Law (PRC), Art. 57(2)" in text
    assert "burden: ZFB Payment Co." in text                        # the exception the provider had to prove
    assert svg.locator("g.premise.status-established").count() >= 3
    law = svg.locator("g.argument a").first
    assert law.get_attribute("xlink:href") == "/law/ECL-57-2" or law.get_attribute("href") == "/law/ECL-57-2"
    arg.screenshot(path=_artifact("argument-map"))
    svg.locator("g.premise a").first.click()                       # a premise opens its proof step
    proof = issue.locator("details.proof").first
    assert proof.evaluate("d => d.open")
    assert "#proof-psp-bears-unauthorised-loss" in page.url


def test_a_whatif_toggle_redraws_the_pictures(page):
    page.goto(page.base + f"/assess?example={EXAMPLE}")
    page.wait_for_selector("#pictures svg.payments")
    before = svg_text(page, "#pictures svg.payments")
    assert "E-Commerce Law (PRC), Art. 57(2)" in before
    page.evaluate("window.__samePage = true")
    page.locator('label.toggle[data-fact="pay1 causedByFaultOf alice"] select').select_option(
        "pay1 causedByFaultOf alice=true")
    page.wait_for_selector("#changes")
    assert page.evaluate("window.__samePage") is True
    after = svg_text(page, "#pictures svg.payments")
    assert "E-Commerce Law (PRC), Art. 57(2)" not in after                 # the provider's arrow is gone
    arg = page.locator('article.issue[data-party="zfb"] svg.argument')
    assert arg.locator("g.con.exception.status-established").count() == 1     # the defence, now proved
    shot(page, "pictures-whatif")


def test_the_comparison_draws_who_pays_whom_in_each_jurisdiction(page):
    page.goto(page.base + f"/compare?example={EXAMPLE}")
    cells = page.locator("#payments-side-by-side .picture-cell")
    assert [c.get_attribute("data-jurisdiction") for c in cells.all()] == ["CN", "DE", "EU", "US"]
    assert "E-Commerce Law (PRC), Art. 57(2)" in svg_text(page, '.picture-cell[data-jurisdiction="CN"] svg')
    assert "BGB (Germany), § 675u" in svg_text(page, '.picture-cell[data-jurisdiction="DE"] svg')
    shot(page, "pictures-compare")


def test_the_report_prints_the_pictures(page):
    page.goto(page.base + f"/report?example={US_LATE}")
    page.emulate_media(media="print")
    assert page.locator("#details svg.timeline").is_visible()
    assert "Deadline: 2 business days after" in svg_text(page, "#details svg.timeline")
    assert page.locator("#details svg.argument").count() >= 1
    page.locator("#pictures").screenshot(path=_artifact("report-pictures"))


def test_the_case_library_in_charts(page):
    page.goto(page.base + "/cases/charts")
    assert page.locator("figure[data-picture] svg").count() == 5
    text = svg_text(page, "figure[data-picture=chart-provision] svg")
    assert "E-Commerce Law (PRC), Art. 57(2)" in text
    data = page.request.get(page.base + "/cases/charts.json").json()
    rows = page.locator("svg.matrix g.matrix-row").evaluate_all("gs => gs.map(g => [g.dataset.row, +g.dataset.count])")
    coverage = data["coverage"]["cells"]
    assert {r: n for r, n in rows if r in coverage} == {p: len(c) for p, c in coverage.items()}
    shot(page, "cases-charts")


@pytest.mark.parametrize("path", [f"/assess?example={EXAMPLE}", f"/assess?example={US_LATE}",
                                  f"/report?example={US_LATE}", f"/compare?example={EXAMPLE}", "/cases/charts"])
def test_the_pictures_fit_a_phone(phone, path):
    phone.goto(phone.base + path)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width}px wide on a {PHONE['width']}px phone"
    for box in phone.locator("svg.picture").evaluate_all("ss => ss.map(s => s.getBoundingClientRect().right)"):
        assert box <= PHONE["width"] + 1
    if path == f"/assess?example={US_LATE}":
        phone.locator("#pictures").screenshot(path=_artifact("phone-pictures"))


def test_the_chinese_pictures_hold_no_english_generated_text(browser, server):
    """What the pictures write themselves; a provision's title (marked ref-provision) is
    the knowledge catalogue's to translate (tests/explain/test_explain_catalogues.py)."""
    context, page = _page(browser, server, locale="zh-CN")
    page.goto(server + "/lang/zh")
    english = {}
    for path in (f"/assess?example={EXAMPLE}", f"/assess?example={US_LATE}", f"/compare?example={EXAMPLE}",
                 "/cases/charts"):
        page.goto(server + path)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        texts = page.evaluate(GENERATED_TEXT.replace("document.body", "document.querySelector('main') || document.body")
                              .replace("NodeFilter.SHOW_TEXT);", "NodeFilter.SHOW_TEXT);"))
        pictures = page.evaluate("""() => Array.from(document.querySelectorAll('svg.picture, .picture-text'))
            .flatMap(el => { const out = []; const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
              while (w.nextNode()) { const p = w.currentNode.parentElement;
                if (p && !p.closest('[translate="no"], [lang]:not([lang^="zh"]), .ref-provision')) {
                  const t = w.currentNode.textContent.trim(); if (t) out.push(t); } } return out; })""")
        assert texts
        for text in pictures:
            if english_words(text):
                english.setdefault(path, []).append(text[:100])
        if path == f"/assess?example={EXAMPLE}":
            assert "谁向谁支付" in page.locator("#pictures").inner_text()
            shot(page, "pictures-zh")
    _checked(context, page, server)
    assert not english, f"English left in the Chinese pictures: {english}"


def test_the_pictures_keep_their_size_and_break_no_content_security_policy(page):
    """The pages allow no inline style: a picture's size is in its attributes, so
    on a wide screen it is drawn at its natural size, never stretched."""
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    for path in (f"/assess?example={US_LATE}", "/cases/charts"):
        page.goto(page.base + path)
        sizes = page.locator("svg.picture").evaluate_all(
            "ss => ss.map(s => [s.id, s.getBoundingClientRect().width, +s.getAttribute('width')])")
        assert sizes
        for name, shown, natural in sizes:
            assert natural > 0 and shown <= natural + 1, (path, name, shown, natural)
    assert not refused, refused
