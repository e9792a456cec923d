"""`dutybound batch`: many incidents, a line each, failures kept, resumable; the same on a
Dask LocalCluster with the knowledge base loaded once per worker."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dutybound.cli import main

ROOT = Path(__file__).resolve().parents[2]
US = ROOT / "examples" / "us"
CROSS = ROOT / "examples" / "cross-border"
FIRST = "cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def folder(tmp_path):
    """Three US examples, one broken incident and a rule pack (which a batch leaves out)."""
    d = tmp_path / "incidents"
    d.mkdir()
    for p in sorted(US.glob("*.yaml"))[:3]:
        shutil.copy(p, d / p.name)
    (d / "broken.yaml").write_text("incident: x\ndate: 2024-01-01\nindividuals:\n  a: {a: Consumr}\n",
                                   encoding="utf-8")
    shutil.copytree(ROOT / "examples" / "kb" / "call-back-policy", d / "pack")
    return d


def test_a_folder_gives_a_line_per_incident_and_a_failure_does_not_stop_it(capsys, folder, tmp_path):
    out = tmp_path / "r.jsonl"
    code, text, err = run(capsys, "batch", folder, "--out", out, "--workers", "1", "--no-progress")
    assert code == 1, err            # one incident failed
    got = {r["key"]: r for r in lines(out)}
    assert sorted(got) == sorted(p.name for p in folder.glob("*.yaml"))
    bad = got["broken.yaml"]
    assert bad["status"] == "error" and "broken.yaml:4:10" in bad["error"] and "Consumr" in bad["error"]
    ok = [r for r in got.values() if r["status"] == "ok"]
    assert len(ok) == 3 and all(r["jurisdiction"] == "US" and r["knowledge_base"] for r in ok)
    # Regulation E, in the current numbering (REGE-…) or the former 12 CFR 205 (REGE205-…)
    assert all(l["basis"].startswith("REGE") for r in ok for l in r["liabilities"])
    assert "4 incidents" in text and "3 ok, 1 failed" in text and "failed: broken.yaml" in text


def test_the_same_results_as_assess_on_two_worker_processes(capsys, tmp_path, kb):
    out = tmp_path / "r.jsonl"
    code, text, err = run(capsys, "batch", ROOT / "examples" / "cn", "--out", out, "--workers", "2",
                          "--no-progress", "--chunk", "3")
    assert code == 0, err
    assert "2 local worker processes" in text
    [r] = [r for r in lines(out) if r["key"] == FIRST.split("/", 1)[1]]
    a = kb.assess(ROOT / "examples" / FIRST, open_questions=False)
    assert r["liabilities"] == [{k: l[k] for k in ("party", "to", "form", "amount", "currency", "share",
                                                   "basis")} for l in a.liabilities]


def test_rerunning_skips_what_is_done_and_a_cut_last_line_is_redone(capsys, folder, tmp_path):
    out = tmp_path / "r.jsonl"
    run(capsys, "batch", folder, "--out", out, "--workers", "1", "--no-progress")
    first = out.read_text(encoding="utf-8").splitlines()
    # a batch stopped while writing its third line: two whole lines and half of one
    out.write_text("\n".join(first[:2]) + "\n" + first[2][:40], encoding="utf-8")
    code, text, _ = run(capsys, "batch", folder, "--out", out, "--workers", "1", "--no-progress")
    assert "2 assessed now, 2 already done" in text
    again = lines(out)
    assert sorted(r["key"] for r in again) == sorted(json.loads(x)["key"] for x in first)
    code, text, _ = run(capsys, "batch", folder, "--out", out, "--workers", "1", "--no-progress")
    assert "0 assessed now, 4 already done" in text and len(lines(out)) == 4
    code, text, _ = run(capsys, "batch", folder, "--out", out, "--retry-failed", "--no-progress")
    assert "1 assessed now, 3 already done" in text and lines(out)[-1]["key"] == "broken.yaml"


def test_a_jsonl_file_one_incident_a_line_with_errors_at_their_line(capsys, tmp_path):
    import yaml
    src = tmp_path / "incidents.jsonl"
    good = yaml.safe_load((ROOT / "examples" / FIRST).read_text(encoding="utf-8"))
    row = json.dumps(good, default=str)
    src.write_text(row + "\n\n" + '{"incident": "x", "date": "2024-01-01",\n' + row + "\n",
                   encoding="utf-8")
    out = tmp_path / "r.jsonl"
    code, text, _ = run(capsys, "batch", src, "--out", out, "--workers", "1", "--no-progress")
    got = {r["key"]: r for r in lines(out)}
    assert list(got) == ["incidents.jsonl:1", "incidents.jsonl:3", "incidents.jsonl:4"]
    assert got["incidents.jsonl:1"]["liabilities"] == got["incidents.jsonl:4"]["liabilities"]
    bad = got["incidents.jsonl:3"]
    assert bad["status"] == "error" and f"{src}:3:" in bad["error"] and "invalid JSON" in bad["error"]


def test_jurisdiction_for_all_and_an_incident_that_names_none_is_compared(capsys, tmp_path):
    out = tmp_path / "r.jsonl"
    run(capsys, "batch", CROSS, "--out", out, "--workers", "1", "--no-progress")
    [r] = lines(out)
    assert sorted(r["by_jurisdiction"]) == ["CN", "DE", "EU", "US"]
    out2 = tmp_path / "r2.jsonl"
    run(capsys, "batch", CROSS, "--out", out2, "--jurisdiction", "de", "--workers", "1",
        "--no-progress", "--open-questions")
    [r2] = lines(out2)
    assert r2["jurisdiction"] == "DE" and r2["liabilities"] == r["by_jurisdiction"]["DE"]["liabilities"]
    assert "open_questions" in r2


def test_bad_arguments_are_usage_errors(capsys, tmp_path):
    assert run(capsys, "batch", tmp_path / "none", "--out", tmp_path / "r.jsonl")[0] == 2
    assert run(capsys, "batch", US, "--out", tmp_path, "--no-progress")[0] == 2
    assert run(capsys, "batch", US, "--out", tmp_path / "r.jsonl", "--jurisdiction", "XX")[0] == 2
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "batch", tmp_path / "a.txt", "--out", tmp_path / "r.jsonl")
    assert code == 2 and ".jsonl" in err


def test_on_a_dask_local_cluster_the_kb_is_loaded_once_per_worker(tmp_path, kb):
    from distributed import Client, LocalCluster

    from dutybound.batch.dask import PLUGIN, DaskCluster
    from dutybound.batch.run import run_batch
    from dutybound.batch.work import Options
    out = tmp_path / "r.jsonl"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        executor = DaskCluster(client, Options())
        assert executor.describe().startswith("Dask cluster") and executor.workers == 2
        tally = run_batch(ROOT / "examples" / "eu", out, executor, Options(), kb.digest,
                          chunk_size=2, progress=False)
        loads = client.run(lambda dask_worker: dask_worker.plugins[PLUGIN].loads)
        pids = client.run(lambda: __import__("os").getpid())
    assert sorted(loads.values()) == [1, 1] and len(set(pids.values())) == 2
    results = lines(out)
    assert tally.ok == len(results) == len(list((ROOT / "examples" / "eu").glob("*.yaml")))
    local = {r["key"]: r["liabilities"] for r in results}
    for key, liabilities in local.items():
        a = kb.assess(ROOT / "examples" / "eu" / key, open_questions=False)
        assert [l["basis"] for l in liabilities] == [l["basis"] for l in a.liabilities]


def test_the_batch_command_reaches_a_scheduler_by_address(capsys, tmp_path):
    from distributed import LocalCluster
    out = tmp_path / "r.jsonl"
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None,
                      silence_logs=40) as cluster:
        code, text, err = run(capsys, "batch", US, "--out", out, "--scheduler", cluster.scheduler_address,
                              "--no-progress")
    assert code == 0, err
    assert "Dask cluster" in text and f"{len(list(US.glob('*.yaml')))} ok, 0 failed" in text
