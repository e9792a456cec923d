"""The web app under load: `dutybound serve` on 127.0.0.1 with its default
capacity, N requests from C concurrent clients (keep-alive connections), a
mix of pages, JSON API calls and pasted incidents. Records every status, the
latency percentiles, the throughput and the server's resident memory after
the warm-up and at each tenth of the run (bench/README.md, "The web app under
load").

    python bench/load.py                      # 10,000 requests, 50 clients
    python bench/load.py --requests 2000 --clients 20 --no-readme

Writes bench/results/<date>-load.json and the table in bench/README.md
between the load markers. Exit 1 if any request got a 5xx or failed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = "cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"
PASTED = (ROOT / "dutybound" / "knowledge" / "examples" / EXAMPLE).read_text(encoding="utf-8")


def requests_mix(i: int):
    """(method, path, body) of request i: pages, API reads, assessments of an example
    and of pasted text, and a bad incident (422). The pasted texts cycle through
    200 variants, more than the app's cache of 128 assessments holds, so every
    pasted one is read, checked and assessed afresh, and once the warm-up has
    filled the cache the memory it uses stays the same: what grows after that
    is a leak."""
    q = urllib.parse.quote(EXAMPLE)
    k = i % 10
    if k == 0:
        return "GET", "/", None
    if k == 1:
        return "GET", "/api/examples", None
    if k in (2, 3):
        return "GET", f"/api/assess?example={q}", None
    if k == 4:
        return "GET", f"/assess?example={q}", None
    if k == 5:
        return "GET", "/law/ECL-57-2", None
    if k == 6:
        text = PASTED.replace("title: ", f"title: variant {(i // 10) % 200} ", 1)
        return "POST", "/api/assess", {"incident": {"text": text, "format": "yaml"}}
    if k == 7:
        return "POST", "/api/assess", {"incident": {"text": "incident: x\ndate: 2022-13-01\n"
                                                            "individuals: {a: {a: Consumer}}\n",
                                                    "format": "yaml"}}
    if k == 8:
        return "GET", "/api/provisions/ECL-57-2", None
    return "GET", f"/compare?example={q}", None


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DUTYBOUND_PORT": str(port), "DUTYBOUND_HOST": "127.0.0.1"}
    log = tempfile.NamedTemporaryFile("w", prefix="dutybound-load-server-", suffix=".log", delete=False)
    # the server's output goes to a file: a pipe nobody reads fills and stops the server
    proc = subprocess.Popen([sys.executable, "-m", "dutybound.cli", "serve"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/api/examples")
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"the server did not start: see {log.name}")


def run(port: int, n: int, clients: int, server_pid: int) -> dict:
    counter = iter(range(n))
    lock = threading.Lock()
    statuses: Counter = Counter()
    by_kind: dict = {}
    latencies: list = []
    errors: list = []
    memory: list = []
    done = [0]

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            method, path, body = requests_mix(i)
            headers = {"Content-Type": "application/json", "Accept": "application/json"} if body else {}
            t = time.perf_counter()
            try:
                conn.request(method, path, body=json.dumps(body) if body else None, headers=headers)
                r = conn.getresponse()
                r.read()
                status = r.status
                if r.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            except (OSError, http.client.HTTPException) as e:
                status = f"error: {type(e).__name__}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            took = time.perf_counter() - t
            kind = f"{method} {path.split('?')[0]}"
            with lock:
                statuses[status] += 1
                by_kind.setdefault(kind, Counter())[status] += 1
                latencies.append(took)
                if not isinstance(status, int):
                    errors.append((i, status))
                done[0] += 1
                if done[0] % (n // 10) == 0:
                    memory.append({"after": done[0], "rss_kb": rss_kb(server_pid)})
        conn.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    lat = sorted(latencies)
    pct = lambda p: round(1000 * lat[min(len(lat) - 1, int(p / 100 * len(lat)))], 1)  # noqa: E731
    return {"requests": n, "clients": clients, "seconds": round(wall, 1),
            "requests_per_second": round(n / wall, 1),
            "statuses": {str(k): v for k, v in sorted(statuses.items(), key=str)},
            "by_request": {k: {str(s): c for s, c in v.items()} for k, v in sorted(by_kind.items())},
            "latency_ms": {"p50": pct(50), "p90": pct(90), "p99": pct(99), "max": round(1000 * lat[-1], 1),
                           "mean": round(1000 * statistics.fmean(lat), 1)},
            "errors": errors[:20], "memory": memory}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=2500, help="requests before the measured run "
                    "(2,500 pass every pasted variant and fill the app's caches)")
    ap.add_argument("--no-readme", action="store_true")
    args = ap.parse_args()
    port = free_port()
    server = start_server(port)
    try:
        warm = run(port, args.warmup, args.clients, server.pid)      # caches, lazy imports
        rss_start = rss_kb(server.pid)
        result = run(port, args.requests, args.clients, server.pid)
        rss_end = rss_kb(server.pid)
    finally:
        server.terminate()
        server.wait(30)
    five = sum(v for k, v in result["statuses"].items() if k.startswith("5"))
    failed = sum(v for k, v in result["statuses"].items() if not k.isdigit())
    result.update({
        "date": dt.date.today().isoformat(), "warmup": {"requests": args.warmup, "statuses": warm["statuses"]},
        "server": "dutybound serve (waitress), default capacity: 8 threads, queue of 64",
        "rss_kb_after_warmup": rss_start, "rss_kb_at_end": rss_end,
        "rss_growth_kb": rss_end - rss_start, "five_xx": five, "failed": failed,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "system": platform.platform()}})
    out = ROOT / "bench" / "results" / f"{result['date']}-load.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: result[k] for k in ("requests", "clients", "seconds", "requests_per_second",
                                             "statuses", "latency_ms", "rss_kb_after_warmup",
                                             "rss_kb_at_end", "rss_growth_kb")}, indent=2))
    if not args.no_readme:
        write_readme(result)
    return 1 if five or failed else 0


def write_readme(r: dict) -> None:
    readme = ROOT / "bench" / "README.md"
    text = readme.read_text(encoding="utf-8")
    mem = ", ".join(f"{m['rss_kb'] // 1024} MB" for m in r["memory"])
    table = "\n".join([
        "<!-- load:start -->",
        f"Run {r['date']}: {r['requests']:,} requests from {r['clients']} concurrent clients after "
        f"{r['warmup']['requests']} warm-up requests; {r['machine']['cpus']} CPUs, Python {r['machine']['python']}.",
        "",
        "| requests | clients | seconds | requests/s | statuses | p50 ms | p90 ms | p99 ms | max ms | 5xx |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {r['requests']:,} | {r['clients']} | {r['seconds']} | {r['requests_per_second']} | "
        + ", ".join(f"{k}: {v:,}" for k, v in r["statuses"].items())
        + f" | {r['latency_ms']['p50']} | {r['latency_ms']['p90']} | {r['latency_ms']['p99']} | "
        f"{r['latency_ms']['max']} | {r['five_xx']} |",
        "",
        f"Server memory (RSS): {r['rss_kb_after_warmup'] // 1024} MB after the warm-up, "
        f"{r['rss_kb_at_end'] // 1024} MB at the end ({r['rss_growth_kb'] / 1024:+.1f} MB); "
        f"at each tenth of the run: {mem}.",
        "<!-- load:end -->"])
    if "<!-- load:start -->" in text:
        text = re.sub(r"<!-- load:start -->.*<!-- load:end -->", lambda m: table, text, flags=re.S)
    else:
        text += "\n" + table + "\n"
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
