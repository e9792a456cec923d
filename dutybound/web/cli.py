"""`dutybound serve`: the web app under waitress, a production WSGI server.

    dutybound serve                       # http://127.0.0.1:8000
    dutybound serve --host 0.0.0.0 --port 8080

Defaults come from the environment: DUTYBOUND_HOST or HOST, DUTYBOUND_PORT
or PORT, DUTYBOUND_THREADS, DUTYBOUND_QUEUE, DUTYBOUND_RETRY_AFTER;
DUTYBOUND_SECRET_KEY signs the session cookie (a random key per process
otherwise, so sessions end with the process).

Capacity (web/serving.py): --threads requests are served at once and up to
--queue more wait; past that a request gets 503 with Retry-After at once.
"""
from __future__ import annotations

import os
import sys

from dutybound.errors import DutyboundError, Problem
from dutybound.web.serving import Capacity


def _env(*names: str, default: str) -> str:
    for n in names:
        if os.environ.get(n):
            return os.environ[n]
    return default


def register(subparsers) -> None:
    s = subparsers.add_parser("serve", help="serve the web app (waitress) on 127.0.0.1:8000")
    s.add_argument("--host", default=_env("DUTYBOUND_HOST", "HOST", default="127.0.0.1"),
                   help="address to listen on (default: $DUTYBOUND_HOST, $HOST or 127.0.0.1)")
    s.add_argument("--port", default=_env("DUTYBOUND_PORT", "PORT", default="8000"),
                   help="port (default: $DUTYBOUND_PORT, $PORT or 8000)")
    s.add_argument("--threads", default=_env("DUTYBOUND_THREADS", default=str(Capacity.threads)),
                   help=f"requests served at once (default: $DUTYBOUND_THREADS or {Capacity.threads})")
    s.add_argument("--queue", default=_env("DUTYBOUND_QUEUE", default=str(Capacity.queue)),
                   help="requests that may wait for a thread; past them a request gets 503 with "
                        f"Retry-After (default: $DUTYBOUND_QUEUE or {Capacity.queue})")
    s.add_argument("--retry-after", default=_env("DUTYBOUND_RETRY_AFTER", default=str(Capacity.retry_after)),
                   help=f"seconds in the 503's Retry-After (default: $DUTYBOUND_RETRY_AFTER or "
                        f"{Capacity.retry_after})")
    s.set_defaults(func=cmd_serve)


def _int(name: str, text, low: int, high: int) -> int:
    try:
        value = int(str(text))
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise DutyboundError(Problem(f"--{name}: expected a whole number from {low} to {high}, got {text!r}"),
                             kind="usage")
    return value


def cmd_serve(args) -> int:
    port = _int("port", args.port, 0, 65535)
    capacity = Capacity(_int("threads", args.threads, 1, 64), _int("queue", args.queue, 0, 10_000),
                        _int("retry-after", args.retry_after, 1, 3600))
    from dutybound.web.app import create_app
    from dutybound.web.serving import create_server
    app = create_app()
    try:
        server = create_server(app, args.host, port, capacity, ident="waitress", expose_tracebacks=False,
                               max_request_body_size=app.config["MAX_CONTENT_LENGTH"] * 2)
    except OSError as e:
        raise DutyboundError(Problem(f"cannot listen on {args.host}:{port}: {e.strerror or e}",
                                     hint="choose another --port, or stop what is using it"),
                             kind="usage") from None
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Dutybound: serving on http://{shown}:{server.effective_port}/ with {capacity.threads} threads "
          f"and a queue of {capacity.queue}  (Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        server.run()
    finally:
        server.close()
    return 0
