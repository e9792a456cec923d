"""Untrusted input never makes the program fetch from the network, and nothing
is ever unpickled: the caches are JSON that builds only an allow-list of
classes, live where XDG says, and a corrupt or forged entry is rebuilt."""
from __future__ import annotations

import json
import pickle
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from dutybound import cache
from dutybound.errors import DutyboundError

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "incidents" / "bad"


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection is recorded and refused."""
    attempts = []

    def refuse(self, address, *a, **k):
        attempts.append(address)
        raise OSError("network refused by the test")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: refuse(None, address))
    return attempts


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.glob("jsonld-remote-*.jsonld")))
def test_a_remote_json_ld_context_is_refused_without_a_connection(kb, no_network, name):
    with pytest.raises(DutyboundError) as e:
        kb.load_incident(BAD / name)
    assert "fetches nothing from the network" in e.value.problems[0].message
    assert no_network == []


def test_the_shipped_context_is_read_from_disk(kb, no_network, tmp_path):
    doc = {"@context": "https://dutybound.org/ontology/context.jsonld",
           "@graph": [{"@id": "http://example.org/i", "@type": "Incident",
                       "date": {"@value": "2022-03-14", "@type": "xsd:date"},
                       "inJurisdiction": {"@id": "db:CN"}},
                      {"@id": "http://example.org/alice", "@type": "Consumer", "label": "Alice"}]}
    p = tmp_path / "shipped.jsonld"
    p.write_text(json.dumps(doc))
    inc = kb.load_incident(p)
    assert ("alice", "a", "Consumer") in inc.facts.true and inc.labels["alice"] == "Alice"
    assert inc.jurisdiction == "CN" and no_network == []


def test_the_turtle_example_and_its_json_ld_twin_agree(kb, tmp_path):
    """JSON-LD goes through pyld (not rdflib's fetching parser) and gives the same facts."""
    from rdflib import Graph
    ttl = ROOT / "examples" / "cn" / "account-takeover-2022-in-turtle.ttl"
    g = Graph().parse(ttl, format="turtle")
    p = tmp_path / "twin.jsonld"
    p.write_text(g.serialize(format="json-ld"))
    assert kb.load_incident(p).facts.true.keys() == kb.load_incident(ttl).facts.true.keys()


# ------------------------------------------------------------------ caches

def test_nothing_is_unpickled_when_the_knowledge_base_loads(tmp_path):
    """A fresh process with a cache full of (malicious) pickles: pickle is never used."""
    evil = tmp_path / "cache"
    (evil / "rules").mkdir(parents=True)
    marker = tmp_path / "owned"
    payload = pickle.dumps(_Exploit(str(marker)))
    for name in ("vocabulary-x.pickle", "rules/x.pickle", "vocabulary-x.json", "rules/x.json"):
        (evil / name).write_bytes(payload)
    code = ("import pickle, sys\n"
            "def boom(*a, **k): raise SystemExit('pickle used')\n"
            "pickle.loads = pickle.load = pickle.Unpickler = boom\n"
            "from dutybound.engine.kb import KnowledgeBase\n"
            "KnowledgeBase.load(); KnowledgeBase.load(); print('ok')\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "DUTYBOUND_CACHE": str(evil),
           "HOME": str(tmp_path)}
    for _ in range(2):                       # cold, then warm from the JSON entries
        r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr[-3000:]
    assert not marker.exists()
    assert list((evil / "rules").glob("*.json")) and list(evil.glob("vocabulary-*.json"))


class _Exploit:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_an_entry_naming_any_other_class_is_refused():
    key = "k"
    forged = cache.FORMAT
    body = json.dumps({"key": key, "value": {"o": ["os.system", "touch /tmp/owned"]}}).encode()
    import hashlib
    forged += hashlib.sha256(body).hexdigest().encode() + b"\n" + body
    with pytest.raises(cache.CacheError):
        cache.loads(forged, key)


def test_a_value_round_trips(tmp_path):
    from dutybound.rules.parser import parse_file
    import dutybound.rules.loader  # noqa: F401 - registers the syntax tree's classes
    rf = parse_file(ROOT / "dutybound" / "knowledge" / "rules" / "cn" / "ecommerce-law-57.md")
    path = tmp_path / "x.json"
    cache.store(path, rf, "key-1")
    assert cache.load(path, "key-1") == rf
    assert cache.load(path, "another key") is None
    assert oct(path.parent.stat().st_mode & 0o777) in ("0o700", oct(0o777 & ~0o022))


def test_the_cache_lives_under_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.delenv("DUTYBOUND_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "dutybound"
    monkeypatch.setenv("DUTYBOUND_CACHE", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("DUTYBOUND_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")      # not absolute: ignored (XDG spec)
    assert cache.cache_dir() == Path.home() / ".cache" / "dutybound"


RDF_XML = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [{entities}]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:db="https://dutybound.org/ontology#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
  <db:Incident rdf:about="http://x/i">
    <db:date rdf:datatype="http://www.w3.org/2001/XMLSchema#date">2022-03-14</db:date>
  </db:Incident>
  <db:Consumer rdf:about="http://x/alice"><rdfs:label>{use}</rdfs:label></db:Consumer>
</rdf:RDF>
"""


def test_an_rdf_xml_incident_with_a_doctype_is_refused_unread(kb, tmp_path, no_network):
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret")
    p = tmp_path / "xxe.rdf"
    p.write_text(RDF_XML.format(entities=f'<!ENTITY s SYSTEM "file://{secret}"><!ENTITY r SYSTEM '
                                         '"http://127.0.0.1:9/x">', use="&s;&r;"))
    with pytest.raises(DutyboundError) as e:
        kb.load_incident(p)
    assert "DOCTYPE or entity declarations is not read" in e.value.problems[0].message
    assert "the secret" not in e.value.render() and no_network == []


def test_an_rdf_xml_entity_bomb_is_refused(kb, tmp_path):
    levels = ['<!ENTITY a0 "xxxxxxxxxx">'] + [
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    p = tmp_path / "bomb.rdf"
    p.write_text(RDF_XML.format(entities="".join(levels), use="&a9;"))
    with pytest.raises(DutyboundError) as e:
        kb.load_incident(p)
    assert "DOCTYPE or entity declarations is not read" in e.value.problems[0].message
