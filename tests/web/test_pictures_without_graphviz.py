"""Without Graphviz on the server (`dot` not on PATH) the pages still answer:
the timeline is drawn (plain SVG), and a note says that who pays whom and the
argument maps are missing and how to install what draws them."""
from __future__ import annotations

import pytest

from webcases import EXAMPLE

NOTE_EN = "Graphviz (its dot program) is not installed on this server"
NOTE_ZH = "本服务器未安装 Graphviz"


@pytest.fixture
def no_dot(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))


@pytest.mark.parametrize("path", [f"/assess?example={EXAMPLE}", f"/report?example={EXAMPLE}"])
def test_the_result_and_the_report_draw_the_timeline_and_say_what_is_missing(client, no_dot, path):
    r = client.get(path)
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert '<svg' in html and 'data-picture="timeline"' in html
    assert 'data-picture="payments"' not in html and 'data-picture="argument"' not in html
    assert NOTE_EN in html and "apt-get install graphviz" in html


def test_the_comparison_says_what_is_missing(client, no_dot):
    html = client.get(f"/compare?example={EXAMPLE}").get_data(as_text=True)
    assert NOTE_EN in html and 'data-picture="payments"' not in html


def test_the_note_is_chinese_on_chinese_pages(client, no_dot):
    client.get("/lang/zh")
    html = client.get(f"/assess?example={EXAMPLE}").get_data(as_text=True)
    assert NOTE_ZH in html and NOTE_EN not in html


def test_with_graphviz_there_is_no_note(client):
    html = client.get(f"/assess?example={EXAMPLE}").get_data(as_text=True)
    assert 'data-picture="payments"' in html and NOTE_EN not in html
