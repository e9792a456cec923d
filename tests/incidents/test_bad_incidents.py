"""Every bad input in tests/incidents/bad/ gives its error: on the command line
(exit 2 or 3, the file and the place, a hint how to fix it, no traceback) and
in the web app (a 4xx with the same message: pasted text takes the same
checks and shapes as a file). Files that are not bad input (a byte-order mark
in JSON) are read; a FIFO or a directory is refused without blocking."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from corpus import expectation, files
from dutybound.cli import main

ROOT = Path(__file__).resolve().parents[2]
WEB_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".ttl": "turtle", ".jsonld": "jsonld"}


@pytest.fixture(scope="module")
def client(kb):
    from dutybound.web.app import create_app
    return create_app(kb, {"TESTING": True}).test_client()


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize("path", files(), ids=lambda p: p.name)
def test_a_bad_incident_names_file_place_and_fix(capsys, monkeypatch, path):
    e = expectation(path)
    for name, value in e.env.items():
        monkeypatch.setenv(name, value)
    code, _, err = run(capsys, "assess", path)
    assert code == e.exit, err
    first = err.splitlines()[0]
    assert first.startswith(e.location(str(path))), err
    assert "error:" in first and e.words in err, err
    assert "\nhint: " in err, f"no hint how to fix it:\n{err}"


def _web_cases():
    out = []
    for p in files():
        if p.suffix not in WEB_FORMATS:
            continue                  # the web app takes YAML, JSON, Turtle and JSON-LD
        try:
            p.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue                  # not text: an upload of it is refused as not UTF-8 (400)
        out.append(p)
    return out


@pytest.mark.parametrize("path", _web_cases(), ids=lambda p: p.name)
def test_the_same_text_pasted_into_the_web_app_gives_the_same_error(client, monkeypatch, path):
    e = expectation(path)
    for name, value in e.env.items():
        monkeypatch.setenv(name, value)
    text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    resp = client.post("/api/assess", json={"incident": {
        "text": text, "format": WEB_FORMATS[path.suffix], "filename": path.name}})
    assert resp.status_code in (400, 422), resp.get_data(as_text=True)[:2000]
    problems = resp.get_json()["error"].get("problems") or []
    assert any(e.words in p["message"] for p in problems), problems
    first = problems[0]
    if e.line and not e.where:
        assert first.get("line") == e.line, first
    assert first.get("hint"), first
    assert "Traceback" not in resp.get_data(as_text=True)


def test_a_fifo_is_refused_at_once_not_read(capsys, tmp_path):
    fifo = tmp_path / "incident.yaml"
    os.mkfifo(fifo)
    result: dict = {}
    worker = threading.Thread(target=lambda: result.update(zip(("code", "out", "err"),
                                                               run(capsys, "assess", fifo))))
    worker.start()
    worker.join(timeout=60)
    if worker.is_alive():         # unblock the reader so that the test run can end
        with open(fifo, "w"):
            pass
        worker.join()
        pytest.fail("reading a FIFO blocked")
    assert result["code"] == 2
    assert f"{fifo} is a named pipe (FIFO), not a regular file" in result["err"]
    assert "hint:" in result["err"]


def test_a_directory_is_refused(capsys, tmp_path):
    d = tmp_path / "incident.yaml"
    d.mkdir()
    code, _, err = run(capsys, "assess", d)
    assert code == 2 and "is a directory, not a regular file" in err


def test_a_byte_order_mark_is_read_in_json_as_in_yaml(kb, tmp_path):
    body = '{"incident": "bom", "date": "2022-03-14", "individuals": {"alice": {"a": "Consumer"}}}'
    for suffix, text in ((".json", body), (".yaml", "incident: bom\ndate: 2022-03-14\n"
                                                    "individuals:\n  alice: {a: Consumer}\n")):
        p = tmp_path / f"bom{suffix}"
        p.write_bytes(b"\xef\xbb\xbf" + text.encode())
        inc = kb.load_incident(p)
        assert inc.id == "bom" and ("alice", "a", "Consumer") in inc.facts.true


def test_json_is_read_as_json_not_as_yaml(kb, tmp_path):
    """Tabs and the escape \\/ are JSON, not YAML 1.1: JSON has its own reader."""
    p = tmp_path / "tabs.json"
    p.write_text('{\n\t"incident": "tabs",\n\t"title": "a\\/b",\n\t"date": "2022-03-14",\n'
                 '\t"individuals": {"alice": {"a": "Consumer", "label": "Alice"}}\n}\n')
    inc = kb.load_incident(p)
    assert inc.title == "a/b" and inc.labels["alice"] == "Alice"
    assert inc.facts.individuals["alice"].line == 5


def test_a_limit_set_to_nonsense_is_a_usage_error(capsys, monkeypatch):
    monkeypatch.setenv("DUTYBOUND_MAX_DEPTH", "lots")
    code, _, err = run(capsys, "assess", ROOT / "tests" / "incidents" / "bad" / "bad-date.yaml")
    assert code == 2 and "DUTYBOUND_MAX_DEPTH='lots'" in err and "hint:" in err


def test_a_limit_can_be_raised(capsys, monkeypatch):
    path = ROOT / "tests" / "incidents" / "bad" / "too-many-individuals.yaml"
    monkeypatch.setenv("DUTYBOUND_MAX_INDIVIDUALS", "3")
    code, _, err = run(capsys, "assess", path)
    assert "over the limit" not in err and code == 0, err


@pytest.mark.parametrize("name", ["nested-too-deep.yaml", "alias-bomb-under-calendars.yaml",
                                  "turtle-ill-typed-datetime.ttl", "turtle-iri-with-a-space.ttl",
                                  "jsonld-remote-context.jsonld", "latin1-text.yaml",
                                  "json-lone-surrogate.json"])
def test_the_real_command_prints_no_traceback(name):
    """The README's promise, in a process of its own (real stderr, interpreter exit,
    rdflib's logging): the error, its exit code, nothing else."""
    import subprocess
    import sys
    path = Path(__file__).parent / "bad" / name
    e = expectation(path)
    r = subprocess.run([sys.executable, "-m", "dutybound.cli", "assess", str(path)], cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT), **e.env}, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == e.exit and r.stdout == ""
    assert "Traceback" not in r.stderr and "Warning" not in r.stderr, r.stderr
    assert r.stderr.startswith(e.location(str(path))) and e.words in r.stderr
