"""Kill -9 in the middle of a batch of saves: every case acknowledged before
the kill is there and complete, no case is there in part, and the store
opens cleanly and takes new cases."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dutybound.store import vocab as V
from dutybound.store.library import CaseLibrary

WRITER = Path(__file__).with_name("kill_writer.py")
# (acks to wait for, pause before the kill): the pauses move the kill across
# the phases of the next save (building the graph, the update, the ack).
ROUNDS = [(1, 0.0), (3, 0.004), (2, 0.009), (5, 0.002), (2, 0.013), (4, 0.006)]


def _graph_counts(lib) -> tuple[dict, dict]:
    res = lib.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    actual = {r[0].value: int(r[1].value) for r in res.rows}
    res = lib.query("SELECT ?g ?e WHERE { GRAPH ?g { ?g db:tripleCount ?e } }")
    expected = {r[0].value: int(r[1].value) for r in res.rows}
    return actual, expected


def _check_store(location, kb, acked: list) -> set:
    with CaseLibrary.open(location, kb=kb) as lib:          # opens cleanly after the kill
        actual, expected = _graph_counts(lib)
        for g, n in actual.items():       # cases, and the ontology and law graphs
            assert g in expected, f"graph {g} has triples but no db:tripleCount: a partial write"
            assert n == expected[g], f"graph {g} is partial: {n} of {expected[g]} triples"
        assert str(V.LAW_GRAPH) in actual
        ids = set(lib.ids())
        missing = [c for c in acked if c not in ids]
        assert not missing, f"acknowledged but lost: {missing}"
        return ids


@pytest.mark.parametrize("target", ["embedded", "server"])
def test_sigkill_mid_batch_loses_nothing_acknowledged(target, tmp_path, kb, files, request):
    if target == "embedded":
        location = str(tmp_path / "store")
    else:
        location = request.getfixturevalue("server_store")
    sources = [str(files[k]) for k in ("t-takeover-2022", "t-disclosed-2022", "t-takeover-2020")]
    acked: list[str] = []
    nxt = 0
    for wait_for, pause in ROUNDS:
        proc = subprocess.Popen([sys.executable, str(WRITER), location, str(nxt), *sources],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        got = 0
        try:
            for line in proc.stdout:
                if line.startswith("ack "):
                    acked.append(line.split()[1])
                    got += 1
                    if got >= wait_for:
                        break
            else:
                pytest.fail(f"the writer stopped by itself ({proc.wait()}): {proc.stderr.read()[-2000:]}")
            time.sleep(pause)
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        assert proc.returncode == -signal.SIGKILL
        # lines printed before the kill were acknowledgements too
        acked += [l.split()[1] for l in proc.stdout.read().splitlines() if l.startswith("ack ")]
        proc.stdout.close()
        proc.stderr.close()
        ids = _check_store(location, kb, acked)
        nxt = max(int(c.split("-")[1]) for c in ids | set(acked)) + 1
    with CaseLibrary.open(location, kb=kb) as lib:           # and it still takes new cases
        lib.add(str(files["t-warned-scam-2022"]))
        assert lib.show("t-warned-scam-2022")["complete"]
    assert len(acked) >= sum(w for w, _ in ROUNDS)


BIG = 20_000          # padding triples: the update of one case takes about a second


@pytest.mark.parametrize("target", ["embedded", "server"])
def test_sigkill_during_the_write_itself_loses_nothing_acknowledged(target, tmp_path, kb, files, request):
    """The kill lands after the update started (`begin`) and before it returned
    (`ack` never printed for that case): the case is there whole or not at all,
    every acknowledged case is there, and the store opens cleanly."""
    location = str(tmp_path / "store") if target == "embedded" else request.getfixturevalue("server_store")
    sources = [str(files[k]) for k in ("t-takeover-2022", "t-disclosed-2022")]
    acked: list[str] = []
    mid_write = 0
    for round_, fraction in enumerate((0.25, 0.5, 0.75)):
        proc = subprocess.Popen([sys.executable, str(WRITER), "--big", str(BIG), location,
                                 str(1000 * (round_ + 1)), *sources],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        killed_during = None
        try:
            took = None
            for line in proc.stdout:
                if line.startswith("calibrated "):
                    took = float(line.split()[1])
                elif line.startswith("ack "):
                    acked.append(line.split()[1])
                elif line.startswith("begin ") and len(acked) > round_:   # one ack this round first
                    killed_during = line.split()[1]
                    time.sleep(took * fraction)
                    break
            else:
                pytest.fail(f"the writer stopped by itself ({proc.wait()}): {proc.stderr.read()[-2000:]}")
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        rest = proc.stdout.read().splitlines()
        proc.stdout.close()
        proc.stderr.close()
        acked += [l.split()[1] for l in rest if l.startswith("ack ")]
        if killed_during not in acked:
            mid_write += 1             # the update had begun and had not returned
        _check_store(location, kb, acked)
    assert mid_write >= 2, "the kills did not land inside the writes"
