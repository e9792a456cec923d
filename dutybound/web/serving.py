"""The web app's capacity under waitress (docs/web.md, "Capacity"; docs/security.md).

`threads` requests are served at once; up to `queue` more wait for a thread,
in the order they came. A request that finds all threads busy and the queue
full is answered at once by the next free thread with 503 Service Unavailable
and `Retry-After: retry_after`, without running the app: past the documented
capacity the server sheds load instead of queueing without bound, and below
it never refuses.

waitress queues every complete request for its worker threads without a bound;
BoundedDispatcher is that queue with one: waitress's own dispatcher, whose
add_task turns a request over capacity into waitress's error response (an
ErrorTask, as for a malformed request) and puts it first in line.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from waitress.server import create_server as _waitress_server
from waitress.task import ThreadedTaskDispatcher
from waitress.utilities import Error


@dataclass(frozen=True)
class Capacity:
    threads: int = 8          # requests served at once
    queue: int = 64           # requests waiting for a thread
    retry_after: int = 2      # seconds, in the 503's Retry-After

    @property
    def total(self) -> int:
        return self.threads + self.queue


class ServiceUnavailable(Error):
    code = 503
    reason = "Service Unavailable"

    def __init__(self, body: str, retry_after: int):
        super().__init__(body)
        self.retry_after = retry_after

    def to_response(self, ident=None):
        status, headers, body = super().to_response(ident)
        return status, headers + [("Retry-After", str(self.retry_after))], body


class BoundedDispatcher(ThreadedTaskDispatcher):
    # waitress warns of every request that waits for a thread ("Task queue depth");
    # here waiting is the documented queue, and a refusal is what is worth a warning
    queue_logger = logging.getLogger("dutybound.web.queue")
    queue_logger.setLevel(logging.ERROR)
    log = logging.getLogger("dutybound.web")

    def __init__(self, capacity: Capacity):
        super().__init__()
        self.capacity = capacity
        self.refused = 0          # requests answered 503 (for tests and the load bench)

    def add_task(self, channel):
        with self.lock:
            idle = len(self.threads) - self.stop_count - self.active_count
            waiting = len(self.queue) - max(0, idle)
            if waiting >= self.capacity.queue and channel.requests and not channel.requests[0].error:
                c = self.capacity
                channel.requests[0].error = ServiceUnavailable(
                    f"The server is at capacity: {c.threads} requests are being served and "
                    f"{c.queue} are waiting. Please retry after {c.retry_after} s.", c.retry_after)
                self.refused += 1
                self.queue.appendleft(channel)
                self.queue_cv.notify()
                refused = self.refused
            else:
                refused = None
        if refused is not None:       # logged outside the lock: a slow log must not stop the server
            self.log.warning("at capacity: request refused with 503 (%d so far)", refused)
            return
        super().add_task(channel)


def create_server(app, host: str, port: int, capacity: Capacity, **kw):
    """A waitress server for `app` with the bounded queue (not yet running:
    call .run(); .close() stops it)."""
    dispatcher = BoundedDispatcher(capacity)
    dispatcher.set_thread_count(capacity.threads)
    # a connection per waiting or running request, and room for idle keep-alive ones
    kw.setdefault("connection_limit", max(100, 2 * capacity.total))
    return _waitress_server(app, host=host, port=port, threads=capacity.threads,
                            _dispatcher=dispatcher, **kw)
