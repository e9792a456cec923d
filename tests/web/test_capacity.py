"""The server's capacity (web/serving.py): below `threads + queue` requests at
once nothing is refused; past it a request gets 503 with Retry-After at once,
and the requests already admitted are served."""
from __future__ import annotations

import http.client
import threading

import pytest

from dutybound.web.serving import Capacity, create_server


@pytest.fixture
def slow_server():
    """A server whose app holds every request until `release` is set."""
    release, entered = threading.Event(), threading.Semaphore(0)

    def app(environ, start_response):
        entered.release()
        release.wait(30)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"done"]

    servers, stop = [], threading.Event()

    def loop(server):
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)

    def start(capacity: Capacity):
        server = create_server(app, "127.0.0.1", 0, capacity)
        runner = threading.Thread(target=loop, args=(server,), daemon=True)
        runner.start()
        servers.append((server, runner))
        return server.effective_port, server.task_dispatcher
    yield start, release, entered
    release.set()
    stop.set()
    for server, runner in servers:
        runner.join(10)
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        server.close()


def _get(port, out, i):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", f"/{i}")
    r = conn.getresponse()
    out[i] = (r.status, r.getheader("Retry-After"), r.read())
    conn.close()


def _send(port, out, ids) -> list:
    threads = [threading.Thread(target=_get, args=(port, out, i)) for i in ids]
    for t in threads:
        t.start()
    return threads


def test_past_the_queue_a_request_gets_503_with_retry_after(slow_server):
    start, release, entered = slow_server
    port, dispatcher = start(Capacity(threads=2, queue=3, retry_after=7))
    out: dict = {}
    running = _send(port, out, range(2))
    for _ in range(2):                       # both threads are inside the app
        assert entered.acquire(timeout=30)
    waiting = _send(port, out, range(2, 5))
    _wait_until(lambda: len(dispatcher.queue) == 3)
    extra = _send(port, out, [5])            # threads busy, queue full: refused...
    _wait_until(lambda: 5 in out or len(dispatcher.queue) > 3, release)
    release.set()                            # ...and the admitted ones are served
    for t in running + waiting + extra:
        t.join(60)
    assert out[5][0] == 503 and out[5][1] == "7" and b"at capacity" in out[5][2]
    assert dispatcher.refused == 1
    assert [out[i][0] for i in range(5)] == [200] * 5


def test_within_capacity_nothing_is_refused(slow_server):
    start, release, entered = slow_server
    port, dispatcher = start(Capacity(threads=2, queue=20, retry_after=1))
    out: dict = {}
    clients = _send(port, out, range(22))
    for _ in range(2):
        assert entered.acquire(timeout=30)
    _wait_until(lambda: len(dispatcher.queue) == 20)
    release.set()
    for t in clients:
        t.join(60)
    assert sorted(s for s, _, _ in out.values()) == [200] * 22 and dispatcher.refused == 0


def _wait_until(cond, release=None, seconds: float = 30):
    import time
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.02)
    if release is not None:
        release.set()
    raise AssertionError("timed out waiting for the server")


def test_requests_that_wait_are_not_logged_one_by_one():
    """waitress logs every waiting request while it holds the queue's lock; with
    stderr a pipe nobody reads, the log blocked and stopped the whole server (found by
    bench/load.py). Waiting is the documented queue: only refusals are logged."""
    import logging

    from dutybound.web.serving import BoundedDispatcher
    assert not BoundedDispatcher.queue_logger.isEnabledFor(logging.WARNING)
