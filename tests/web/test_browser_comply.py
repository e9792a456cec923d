"""The controls review in a real browser (Playwright driving Debian's
Chromium, as tests/web/test_browser.py): a compliance officer opens a bundled
profile, reads the bottom line first, sees what each gap would cost and opens
the incident behind it; pastes a profile of their own; reads the page in
Chinese without English left in the generated text; and on a phone."""
from __future__ import annotations

import re

from test_browser import (PHONE, english_on, _checked, _page, browser, in_view, page,  # noqa: F401
                          phone, server, shot)

PLATFORM = "cn-platform-with-its-own-payment-licence"
ISSUER = "us-card-issuer"


def test_a_bundled_profile_leads_with_its_bottom_line_and_the_cost_of_each_gap(page):
    page.goto(page.base + "/comply")
    page.locator(f'a[href$="profile={PLATFORM}"]').click()
    page.wait_for_selector("#bottom-line .headline")
    assert in_view(page, "#bottom-line .headline")
    bottom = page.locator("#bottom-line").inner_text()
    assert "Met: 15; not met: 2; unknown: 0" in bottom
    assert "Data Security Law (PRC), Art. 29" in bottom and "Art. 41" in bottom
    gaps = page.locator("#exposure article.gap")
    assert gaps.count() == 2
    assert "Measures Art. 47" in page.locator("#exposure").inner_text()
    # good practice is said to be such, with why
    controls = page.locator("#controls").inner_text()
    assert "Incompatible posts held by different people. good practice without a legal duty" in controls
    assert page.locator("#duties li.status-not-met").count() == 2
    shot(page, "comply-platform")


def test_a_gap_shows_the_what_if_and_opens_the_incident_it_was_run_on(page):
    page.goto(page.base + f"/comply?profile={ISSUER}")
    exposure = page.locator("#exposure").inner_text()
    assert "What if the gap were hit" in exposure
    assert re.search(r"no longer: Dan is liable to Dan's bank \(USD 400\.00\)", exposure)
    page.locator("#exposure a", has_text="Open the incident").click()
    page.wait_for_selector("#bottom-line")
    assert "Late notice of a lost debit card" in page.locator("h1").inner_text()


def test_a_pasted_profile_is_reviewed_and_a_bad_one_names_its_line(page):
    page.goto(page.base + "/comply")
    page.locator("#profile-text").fill(
        "profile: mine\ndate: 2025-06-01\njurisdictions: [US]\noperator: acme\nroles: [bank]\n"
        "individuals:\n  acme:\n    a: Bank\n  holders:\n    a: Consumer\n"
        "  acct:\n    a: PaymentAccount\n    providedBy: acme\n    heldBy: holders\n")
    page.locator("#profile-form button[type=submit]").click()
    page.wait_for_selector("#bottom-line")
    assert "unknown: 1" in page.locator("#bottom-line").inner_text()
    assert "Does acme have a" in page.locator("#questions").inner_text()
    page.goto(page.base + "/comply")
    page.locator("#profile-text").fill("profile: mine\ndate: 2025-06-01\njurisdictions: [FR]\n"
                                       "operator: acme\nindividuals:\n  acme:\n    a: Bank\n")
    page.locator("#profile-form button[type=submit]").click()
    body = page.locator("main").inner_text()
    assert "unknown jurisdiction 'FR'" in body and "3" in body


def test_the_chinese_review_leaves_no_english_in_generated_text(browser, server):
    context, page = _page(browser, server, locale="zh-CN")
    page.goto(server + "/lang/zh")
    english = {}
    for path in ("/comply", f"/comply?profile={PLATFORM}", f"/comply?profile={ISSUER}"):
        page.goto(server + path)
        assert page.locator('html[lang="zh-Hans"]').count() == 1
        english_on(page, path, english)
    assert "结论要点" in page.locator("#bottom-line").inner_text()
    shot(page, "comply-zh", full=False)
    _checked(context, page, server)
    assert not english, f"English left in the Chinese review: {english}"


def test_the_review_fits_a_phone(phone):
    phone.goto(phone.base + f"/comply?profile={PLATFORM}")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the review is {width}px wide on a {PHONE['width']}px phone"
    assert in_view(phone, "#bottom-line .headline")
