"""JSON-LD incidents, expanded by pyld with a document loader that never
touches the network.

A remote `@context` in an incident would make the engine fetch a URL of the
author's choosing (server-side request forgery through the web app). The only
context that may be named by URL is the shipped one,
https://dutybound.org/ontology/context.jsonld (ontology/context.jsonld of the
knowledge base, read from disk); any other is refused with an error that
says to write the context inline. The text goes through the same JSON checks
as a JSON incident first (nesting, lengths, characters, keys given twice).
"""
from __future__ import annotations

import json
from pathlib import Path

from dutybound.errors import DutyboundError, Problem
from dutybound.load.limits import Limits
from dutybound.load.nodes import compose_json

SHIPPED_CONTEXT = "https://dutybound.org/ontology/context.jsonld"


def _shipped_context() -> dict:
    from dutybound.kb.locate import default_root
    path = default_root() / "ontology" / "context.jsonld"
    if not path.is_file():      # a knowledge base without one: the package's own
        path = Path(__file__).resolve().parents[1] / "knowledge" / "ontology" / "context.jsonld"
    return json.loads(path.read_text(encoding="utf-8"))


def to_graph(text: str, path: str, limits: Limits):
    """The incident's triples (of every graph in the document) as an rdflib Graph."""
    from rdflib import BNode, Graph, Literal, URIRef
    g = Graph()

    def term(t):
        if t["type"] == "blank node":
            return BNode(t["value"].removeprefix("_:"))
        if t["type"] == "IRI":
            return URIRef(t["value"])
        if t.get("language"):
            return Literal(t["value"], lang=t["language"])
        return Literal(t["value"], datatype=URIRef(t["datatype"]) if t.get("datatype") else None)
    for triples in _dataset(text, path, limits).values():
        for t in triples:
            g.add((term(t["subject"]), term(t["predicate"]), term(t["object"])))
    return g


def _dataset(text: str, path: str, limits: Limits) -> dict:
    """pyld's RDF dataset of the document, or DutyboundError."""
    compose_json(text, path, limits)
    from pyld import jsonld
    refused: list[str] = []

    def loader(url, options=None):
        if url.split("#", 1)[0].rstrip("/") == SHIPPED_CONTEXT:
            return {"contextUrl": None, "documentUrl": url, "document": _shipped_context()}
        refused.append(url)
        raise jsonld.JsonLdError(f"remote document refused: {url}", "jsonld.LoadDocumentError",
                                 {"url": url}, code="loading remote context failed")

    doc = json.loads(text)
    try:
        return jsonld.to_rdf(doc, {"documentLoader": loader, "base": f"file:///{Path(path).name}"})
    except jsonld.JsonLdError as e:
        if refused:
            raise DutyboundError(Problem(
                f"the @context {refused[0]} is not read: Dutybound fetches nothing from the "
                "network while reading an incident", path, where="@context",
                hint=f"write the context inline (a JSON object under \"@context\"), or name the "
                     f"shipped one, \"{SHIPPED_CONTEXT}\""), kind="incident") from None
        raise DutyboundError(Problem(f"cannot read the JSON-LD incident: {_reason(e)}", path,
                                     hint="check the @context, @id and @type entries "
                                          "(docs/incident-format.md, 'RDF')")) from None
    except (RecursionError, ValueError, TypeError, KeyError) as e:
        raise DutyboundError(Problem(f"cannot read the JSON-LD incident: {e}", path,
                                     hint="check the @context, @id and @type entries "
                                          "(docs/incident-format.md, 'RDF')")) from None


def _reason(e) -> str:
    """The innermost message of pyld's chain of errors (raised `from` each other)."""
    for _ in range(20):
        inner = e.__cause__ or e.__context__
        if inner is None:
            break
        e = inner
    return str(e.args[0] if e.args else e)
