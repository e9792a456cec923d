"""The result page's bottom line names the payment each sentence is about where
the bank refunds one payment and not another (dutybound/explain/byharm.py),
in English and in Chinese."""
from __future__ import annotations

import html as htmllib
import re

EMIL = ("eu/a-payer-who-sat-on-a-debit-he-knew-of-loses-its-refund-but-not-the-refund-of-the-one-he-"
        "reported-at-once.yaml")


def _bottom_line(client, query=""):
    page = client.get(f"/assess?example={EMIL}{query}").data.decode()
    start = page.index('id="bottom-line"')
    text = htmllib.unescape(re.sub(r"<[^>]+>", "", page[start:page.index('id="issues"', start)]))
    return re.sub(r"\s+", " ", text)


def test_the_result_page_says_which_payment_is_refunded_and_which_is_not(client):
    text = _bottom_line(client, "&lang=en")
    assert "For the unauthorised payment p2 of 2024-05-01 (EUR 300.00): Emil's bank must pay Emil EUR 300.00" in text
    assert ("For the unauthorised payment p1 of 2024-01-20 (EUR 700.00), Emil's bank is not liable to Emil: "
            "its defence under PSD2 (EU), Art. 73(1) succeeds") in text
    assert "Emil's bank is not liable to Emil: its defence" not in text.replace("(EUR 700.00), Emil's", "")
    text = _bottom_line(client, "&lang=zh")
    assert "就2024-01-20的未经授权的支付p1（700.00欧元）而言" in text and "抗辩成立" in text
    _bottom_line(client, "&lang=en")                      # the session remembers the language
