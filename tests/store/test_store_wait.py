"""A second process that opens the embedded store while another holds it waits
for the lock (up to $DUTYBOUND_STORE_WAIT seconds) instead of failing at once;
past the wait it gets an error that says what to do, and no traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOLDER = """
import sys
from dutybound.store.backends import open_backend
b = open_backend(sys.argv[1])
print("open", flush=True)
sys.stdin.readline()          # hold the store until told to let go
b.close()
print("closed", flush=True)
"""


def _holder(location):
    p = subprocess.Popen([sys.executable, "-c", HOLDER, location], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert p.stdout.readline().strip() == "open"
    return p


def _add(location, files, wait):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DUTYBOUND_STORE_WAIT": wait}
    return subprocess.Popen([sys.executable, "-m", "dutybound.cli", "cases", "add", "--store", location,
                             str(files["t-takeover-2022"])], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_second_writer_waits_for_the_first(tmp_path, files):
    location = str(tmp_path / "store")
    holder = _holder(location)
    writer = _add(location, files, "120")
    try:
        for line in writer.stderr:           # the writer found the store locked and waits...
            if "is open in another process: waiting up to 120 s" in line:
                break
        else:
            raise AssertionError(f"the writer did not wait: {writer.wait()}")
        holder.stdin.write("\n")              # ...until the holder lets go
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "closed"
        out, err = writer.communicate(timeout=300)
    finally:
        holder.kill()
        writer.kill()
    assert writer.returncode == 0, err
    assert "t-takeover-2022" in out and "Traceback" not in err


def test_past_the_wait_the_second_writer_gets_a_clear_error(tmp_path, files):
    location = str(tmp_path / "store")
    holder = _holder(location)
    try:
        writer = _add(location, files, "0.5")
        out, err = writer.communicate(timeout=300)
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(60)
    assert writer.returncode == 2, err
    assert "is open in another process (waited 0.5 s for it)" in err
    assert "DUTYBOUND_STORE_WAIT" in err and "hint:" in err and "Traceback" not in err
