"""`dutybound serve`: the app under waitress, on the host and port asked for."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from webcases import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc, deadline_s: float = 180.0):
    """Polls until the server answers (or the process dies); no timing is asserted.
    The deadline only catches a hang: on a loaded machine (tests in parallel with
    other work) loading the knowledge base took over a minute."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if proc.poll() is not None:
            out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            pytest.fail(f"dutybound serve exited with {proc.returncode}:\n{out}")
        try:
            return urllib.request.urlopen(url, timeout=5)
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    pytest.fail(f"dutybound serve did not answer at {url}")


@pytest.fixture
def serve():
    procs = []

    def start(*args, env=None):
        e = {**os.environ, **(env or {})}
        p = subprocess.Popen([sys.executable, "-m", "dutybound.cli", "serve", *args], cwd=ROOT, env=e,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        procs.append(p)
        return p
    yield start
    for p in procs:
        p.terminate()
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()


def test_serve_uses_waitress_on_the_port_given(serve):
    port = free_port()
    proc = serve("--host", "127.0.0.1", "--port", str(port))
    resp = wait_for(f"http://127.0.0.1:{port}/", proc)
    assert resp.status == 200
    assert resp.headers["Server"] == "waitress"
    assert b"Dutybound" in resp.read()


def test_serve_honours_the_port_environment_variable(serve):
    port = free_port()
    proc = serve(env={"PORT": str(port), "DUTYBOUND_PORT": ""})
    resp = wait_for(f"http://127.0.0.1:{port}/api/examples", proc)
    assert resp.status == 200 and resp.headers["Content-Type"].startswith("application/json")


def test_a_bad_port_is_a_usage_error_without_a_trace():
    r = subprocess.run([sys.executable, "-m", "dutybound.cli", "serve", "--port", "eighty"],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert "--port" in r.stderr and "Traceback" not in r.stderr


def test_serve_defaults_to_localhost_8000():
    from dutybound.cli import build_parser
    env = {k: os.environ.pop(k) for k in ("HOST", "PORT", "DUTYBOUND_HOST", "DUTYBOUND_PORT")
           if k in os.environ}
    try:
        args = build_parser().parse_args(["serve"])
    finally:
        os.environ.update(env)
    assert (args.host, str(args.port)) == ("127.0.0.1", "8000")
