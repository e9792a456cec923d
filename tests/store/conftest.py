"""Fixtures of the case-library tests.

`location` runs a test twice: against the embedded Oxigraph store in a
temporary directory, and against a real `oxigraph serve` process on
127.0.0.1 (PyPI package `oxigraph`, in the [test] extras). A missing
`oxigraph` binary fails those tests; it never skips them.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).parent
INCIDENTS = HERE / "incidents"
FILES = {
    "t-takeover-2022": INCIDENTS / "takeover-2022.yaml",
    "t-takeover-2020": INCIDENTS / "takeover-2020.yaml",
    "t-disclosed-2022": INCIDENTS / "disclosed-code-2022.yaml",
    "t-warned-scam-2022": INCIDENTS / "warned-scam-2fa-2022.yaml",
}


@pytest.fixture(scope="session")
def kb():
    from dutybound.store.library import shared_kb
    return shared_kb()


@pytest.fixture(scope="session")
def files():
    """case id -> the incident file the tests save under that id."""
    return dict(FILES)


@pytest.fixture(scope="session")
def assessments(kb):
    return {cid: kb.assess(str(path)) for cid, path in FILES.items()}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    exe = shutil.which("oxigraph")
    if exe is None:
        pytest.fail("the `oxigraph` server binary is not installed, so the tests against an external "
                    "SPARQL server cannot run: pip install 'oxigraph>=0.4,<1' (it is in the [test] extras)")
    location = tmp_path_factory.mktemp("oxigraph-server")
    port = _free_port()
    log = open(location.parent / f"oxigraph-{port}.log", "w+b")
    proc = subprocess.Popen([exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            log.seek(0)
            pytest.fail(f"oxigraph serve exited with {proc.returncode}: {log.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("oxigraph serve did not answer within 60 s")
        time.sleep(0.1)
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


def clear_server(url: str) -> None:
    req = urllib.request.Request(url + "/update", data=b"DROP ALL", method="POST",
                                 headers={"Content-Type": "application/sparql-update"})
    with urllib.request.urlopen(req, timeout=30):
        pass


@pytest.fixture
def server_store(oxigraph_server):
    """The server's URL, emptied for this test."""
    clear_server(oxigraph_server)
    return oxigraph_server


@pytest.fixture(params=["embedded", "server"])
def location(request, tmp_path):
    """A fresh, empty store: a directory, or the server's URL (emptied)."""
    if request.param == "embedded":
        return str(tmp_path / "store")
    return request.getfixturevalue("server_store")


@pytest.fixture
def library(location, kb):
    from dutybound.store.library import CaseLibrary
    lib = CaseLibrary.open(location, kb=kb)
    yield lib
    lib.close()


@pytest.fixture
def seeded(library, assessments):
    for cid in ("t-takeover-2020", "t-takeover-2022", "t-disclosed-2022"):
        library.add(assessments[cid])
    return library
