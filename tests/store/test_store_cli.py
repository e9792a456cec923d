"""`dutybound cases`, `dutybound query` and `dutybound export kb`."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from dutybound.cli import main

INCIDENTS = Path(__file__).parent / "incidents"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_show_delete(capsys, location, files):
    s = ("--store", location)
    code, out, err = run(capsys, "cases", "add", *s, str(files["t-takeover-2022"]), str(files["t-disclosed-2022"]))
    assert code == 0, err
    assert out.splitlines()[0].startswith("saved t-takeover-2022 (") and "saved t-disclosed-2022" in out
    code, out, err = run(capsys, "cases", "list", *s)
    assert code == 0, err
    assert "t-takeover-2022  2022-03-14  CN" in out and "taomall → alice: Supplementary" in out
    assert out.rstrip().endswith("(2 cases)")
    code, out, _ = run(capsys, "cases", "list", *s, "--form", "Sole", "--party-type", "PaymentServiceProvider",
                       "--format", "json")
    assert [c["id"] for c in json.loads(out)] == ["t-takeover-2022"]
    code, out, _ = run(capsys, "cases", "show", *s, "t-disclosed-2022")
    assert code == 0 and "Case t-disclosed-2022" in out and "the user disclosed a password or code" in out
    assert "the defence succeeds" in out              # ECL 57(2): the user's fault was proved
    code, out, _ = run(capsys, "cases", "show", *s, "t-disclosed-2022", "--format", "json")
    assert json.loads(out)["complete"] is True
    code, out, _ = run(capsys, "cases", "delete", *s, "t-disclosed-2022")
    assert code == 0 and out.strip() == "deleted t-disclosed-2022"
    code, _, err = run(capsys, "cases", "delete", *s, "t-disclosed-2022")
    assert code == 2 and "no case 't-disclosed-2022'" in err


def test_add_checks_every_file_before_saving_any(capsys, tmp_path, files):
    bad = tmp_path / "bad.yaml"
    bad.write_text("incident: x\ndate: 2022-01-01\nindividuals:\n  a:\n    a: Consumr\n", encoding="utf-8")
    store = str(tmp_path / "store")
    code, out, err = run(capsys, "cases", "add", "--store", store, str(files["t-takeover-2022"]), str(bad))
    assert code == 3
    assert "bad.yaml:5:" in err and "unknown class 'Consumr'" in err and "nothing was saved" in err
    code, out, _ = run(capsys, "cases", "list", "--store", store)
    assert out.startswith("no cases")


def test_seed_saves_every_example(capsys, tmp_path, files):
    store = str(tmp_path / "store")
    code, out, err = run(capsys, "cases", "seed", "--store", store, "--examples", str(INCIDENTS))
    assert code == 0, err
    assert sorted(l.split()[1] for l in out.splitlines()) == sorted(files)


def test_seed_defaults_to_the_project_examples(capsys, tmp_path, kb):
    store = str(tmp_path / "store")
    code, out, err = run(capsys, "cases", "seed", "--store", store)
    assert code == 0, err
    examples = [p for p in (kb.root / "examples").rglob("*") if p.suffix in (".yaml", ".yml", ".json", ".ttl", ".jsonld")
                and "kb" not in p.relative_to(kb.root / "examples").parts]    # rule packs: with --kb
    assert len(out.splitlines()) == len(examples)
    assert "saved cn-account-takeover-2022 (" in out


@pytest.fixture
def store(capsys, location, files):
    code, _, err = run(capsys, "cases", "add", "--store", location, *(str(files[k]) for k in
                       ("t-takeover-2020", "t-takeover-2022", "t-disclosed-2022")))
    assert code == 0, err
    return location


@pytest.mark.parametrize("fmt,parse", [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")])
def test_export_one_case(capsys, store, fmt, parse):
    code, out, err = run(capsys, "cases", "export", "--store", store, "t-takeover-2022", "--format", fmt)
    assert code == 0, err
    g = Graph().parse(data=out, format=parse)
    assert len(g) > 100


def test_export_all_to_a_file(capsys, store, tmp_path):
    import pyoxigraph as ox
    target = tmp_path / "all.nq"
    code, _, err = run(capsys, "cases", "export", "--store", store, "--all", "--format", "nq", "-o", str(target))
    assert code == 0, err
    graphs = {q.graph_name.value for q in ox.parse(path=str(target), format=ox.RdfFormat.N_QUADS)}
    assert len(graphs) == 3
    code, _, err = run(capsys, "cases", "export", "--store", store)
    assert code == 2 and "give a case ID or --all" in err


def test_query_inline_as_table_csv_and_json(capsys, store):
    q = "SELECT ?id WHERE { GRAPH ?c { ?c db:incidentId ?id } } ORDER BY ?id"
    code, out, _ = run(capsys, "query", "--store", store, q)
    assert out.splitlines()[0] == "id" and "t-takeover-2020" in out and out.rstrip().endswith("(3 rows)")
    code, out, _ = run(capsys, "query", "--store", store, q, "--format", "csv")
    assert list(csv.reader(io.StringIO(out))) == [["id"], ["t-disclosed-2022"], ["t-takeover-2020"],
                                                  ["t-takeover-2022"]]
    code, out, _ = run(capsys, "query", "--store", store, q, "--format", "json")
    data = json.loads(out)
    assert data["head"]["vars"] == ["id"] and data["results"]["bindings"][0]["id"]["value"] == "t-disclosed-2022"
    code, out, _ = run(capsys, "query", "--store", store, "ASK { GRAPH ?c { ?c a db:Case } }")
    assert out.strip() == "yes"


def test_query_from_a_file_and_by_name(capsys, store, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("# cases\nSELECT ?c WHERE { GRAPH ?c { ?c a db:Case } }\n", encoding="utf-8")
    code, out, _ = run(capsys, "query", "--store", store, "--file", str(f), "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 4
    code, out, _ = run(capsys, "query", "--store", store, "platform-supplementary-under-cc-1198")
    assert code == 0 and "case:t-disclosed-2022" in out and "(2 rows)" in out
    code, out, _ = run(capsys, "query", "--list")
    assert "decided-by-burden-of-proof" in out
    code, _, err = run(capsys, "query", "--store", store, "provisions-never-citd")
    assert code == 2 and "did you mean 'provisions-never-cited'" in err


def test_query_errors_name_the_line_and_column(capsys, store, tmp_path):
    f = tmp_path / "bad.rq"
    f.write_text("SELECT ?c WHERE {\n  GRAPH ?c { ?c a db:Case \n", encoding="utf-8")
    code, _, err = run(capsys, "query", "--store", store, "--file", str(f))
    assert code == 2
    assert f"{f}:3:" in err and "invalid SPARQL" in err and "Traceback" not in err
    code, _, err = run(capsys, "query", "--store", store, "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert code == 2 and "this is an update" in err


def test_construct_as_turtle(capsys, store):
    code, out, _ = run(capsys, "query", "--store", store, "--format", "ttl",
                       "CONSTRUCT { ?c db:title ?t } WHERE { GRAPH ?c { ?c db:title ?t } }")
    assert len(Graph().parse(data=out, format="turtle")) == 3
    code, _, err = run(capsys, "query", "--store", store, "--format", "ttl", "ASK {}")
    assert code == 2 and "CONSTRUCT" in err


def test_similar_from_the_command_line(capsys, store, files):
    code, out, err = run(capsys, "cases", "similar", "--store", store, str(INCIDENTS / "takeover-2022.yaml"))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Cases most like t-takeover-2022")
    assert "1. t-takeover-2020" in out and "[most on point]" in out
    code, out, _ = run(capsys, "cases", "similar", "--store", store, str(files["t-warned-scam-2022"]),
                       "--format", "json")
    data = json.loads(out)
    assert data["incident"] == "t-warned-scam-2022" and len(data["similar"]) == 3


@pytest.mark.parametrize("fmt,parse", [("ttl", "turtle"), ("jsonld", "json-ld")])
def test_export_kb(capsys, fmt, parse):
    code, out, err = run(capsys, "export", "kb", "--format", fmt)
    assert code == 0, err
    g = Graph().parse(data=out, format=parse)
    assert len(g) > 1000


def test_a_store_open_in_another_process_is_reported_not_crashed(tmp_path):
    from dutybound.store.library import CaseLibrary
    store = tmp_path / "store"
    with CaseLibrary.open(store):
        p = subprocess.run([sys.executable, "-m", "dutybound.cli", "cases", "list", "--store", str(store)],
                           capture_output=True, text=True, timeout=120)
    assert p.returncode == 2
    assert "open in another process" in p.stderr and "Traceback" not in p.stderr


def test_cases_without_an_action_shows_the_actions(capsys):
    code, _, err = run(capsys, "cases")
    assert code == 2 and "add" in err and "similar" in err


def test_a_server_that_is_not_there_is_reported(capsys):
    code, _, err = run(capsys, "cases", "list", "--store", "http://127.0.0.1:9")
    assert code == 2 and "cannot reach the SPARQL server" in err
