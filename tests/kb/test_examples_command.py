"""`dutybound examples`: what someone who installed the wheel runs to find the examples."""
from __future__ import annotations

import json

from dutybound.cli import main
from dutybound.kb.examples import FIRST, examples_root, incident_files


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_the_list_names_every_example_with_its_path_and_not_the_packs_files(capsys):
    code, out, _ = run(capsys, "examples", "--format", "json")
    data = json.loads(out)
    names = [e["name"] for e in data["examples"]]
    assert code == 0 and FIRST in names and len(names) == len(incident_files(examples_root()))
    assert not any(n.startswith("kb/") for n in names)
    first = next(e for e in data["examples"] if e["name"] == FIRST)
    assert first["path"] == str(examples_root() / FIRST) and first["title"].startswith("Account takeover")
    code, text, _ = run(capsys, "examples")
    assert f"dutybound assess {examples_root() / FIRST}" in text and "kb/call-back-policy/" in text


def test_copy_then_assess_the_copy(capsys, tmp_path):
    dest = tmp_path / "my-examples"
    code, out, _ = run(capsys, "examples", "--copy", dest)
    assert code == 0 and (dest / FIRST).read_bytes() == (examples_root() / FIRST).read_bytes()
    assert (dest / "kb" / "call-back-policy" / "pack.yaml").exists()
    code, out, err = run(capsys, "assess", dest / FIRST, "--format", "json")
    assert code == 0, err
    assert ("zfb", "ECL-57-2") in {(l["party"], l["basis"]) for l in json.loads(out)["liabilities"]}
    assert run(capsys, "examples", "--copy", dest)[0] == 0        # the same files again: fine


def test_copy_refuses_to_overwrite_a_changed_file_unless_forced(capsys, tmp_path):
    run(capsys, "examples", "--copy", tmp_path)
    (tmp_path / FIRST).write_text("changed", encoding="utf-8")
    code, _, err = run(capsys, "examples", "--copy", tmp_path)
    assert code == 2 and str(tmp_path / FIRST) in err and "--force" in err
    assert (tmp_path / FIRST).read_text(encoding="utf-8") == "changed"
    assert run(capsys, "examples", "--copy", tmp_path, "--force")[0] == 0
    assert (tmp_path / FIRST).read_bytes() == (examples_root() / FIRST).read_bytes()
