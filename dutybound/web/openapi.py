"""The OpenAPI 3.1 document of the JSON API under /api, served at
/api/openapi.json. A test checks that every /api route is described here.
"""
from __future__ import annotations

from dutybound import __version__

_EXAMPLE = {"name": "example", "in": "query", "schema": {"type": "string"},
            "description": "a bundled example, as listed by /api/examples (e.g. "
                           "cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml)"}
_ASSUME = {"name": "assume", "in": "query", "schema": {"type": "array", "items": {"type": "string"}},
           "style": "form", "explode": True,
           "description": "what-if toggle 'SUBJECT PROPERTY OBJECT=true|false|unknown' (repeatable)"}
_JURIS = {"name": "jurisdiction", "in": "query",
          "schema": {"type": "string", "enum": ["CN", "DE", "EU", "US"]},
          "description": "whose law decides (default: the incident's)"}
_AS_OF = {"name": "as_of", "in": "query", "schema": {"type": "string", "format": "date"},
          "description": "decide under the law in force on this date (default: the incident's date)"}
_QUERY = {"name": "query", "in": "query", "required": True, "schema": {"type": "string"},
          "description": "a proof id or a conclusion: 'liable P to V', 'breach P Duty', 'duty P Duty', 'S P O'"}
_DOWNLOAD = {"name": "download", "in": "query", "schema": {"type": "string", "enum": ["1"]},
             "description": "send as an attachment"}

_REQUEST = {
    "type": "object",
    "description": "an incident (a bundled example or its text) and the assessment options",
    "properties": {
        "example": {"type": "string"},
        "incident": {"type": "object", "properties": {
            "text": {"type": "string", "description": "the incident: YAML, JSON, Turtle or JSON-LD"},
            "format": {"type": "string", "enum": ["yaml", "json", "turtle", "jsonld"]},
            "filename": {"type": "string"}}, "required": ["text"]},
        "assume": {"type": "array", "items": {"type": "string"}},
        "jurisdiction": {"type": "string", "enum": ["CN", "DE", "EU", "US"]},
        "as_of": {"type": "string", "format": "date"},
    },
}
_ERROR = {"type": "object", "properties": {"error": {"type": "object", "properties": {
    "status": {"type": "integer"}, "message": {"type": "string"},
    "problems": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}}}}}}


def _ok(description, schema=None):
    return {"description": description,
            "content": {"application/json": {"schema": schema or {"type": "object"}}}}


def _errors(*codes):
    text = {400: "bad request (an unknown example, a malformed assumption)",
            404: "no such item", 413: "request larger than the limit",
            415: "POST bodies must be application/json",
            422: "the incident is invalid: each problem with its line"}
    return {str(c): {"description": text[c],
                     "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            for c in codes}


def _body(extra=None):
    schema = dict(_REQUEST)
    if extra:
        schema = {**schema, "properties": {**schema["properties"], **extra}}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def document() -> dict:
    assessment = {"$ref": "#/components/schemas/Assessment"}
    inc_params = [_EXAMPLE, _ASSUME, _JURIS, _AS_OF]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Dutybound API", "version": __version__,
                 "description": "Assess e-commerce and online-payment incidents: duties, breaches, "
                                "liabilities and the statute behind every step. Every HTML page of "
                                "the app also has a JSON twin at the same path plus '.json'."},
        "paths": {
            "/api/openapi.json": {"get": {"summary": "This document", "operationId": "openapi",
                                          "responses": {"200": _ok("the OpenAPI document")}}},
            "/api/assess": {
                "get": {"summary": "Assess a bundled example", "operationId": "assessExample",
                        "parameters": inc_params + [_DOWNLOAD],
                        "responses": {"200": _ok("the assessment (docs/assessment-format.md) with its bottom_line; for an incident that names no jurisdiction, {incident, comparison: {CN, DE, EU, US}}", assessment),
                                      **_errors(400, 422)}},
                "post": {"summary": "Assess an incident given as text", "operationId": "assess",
                         "requestBody": _body(),
                         "responses": {"200": _ok("the assessment", assessment),
                                       **_errors(400, 413, 415, 422)}}},
            "/api/whatif": {
                "post": {"summary": "Re-assess with what-if toggles, with what changed against the "
                                   "incident as stated, and the result as an HTML fragment",
                         "operationId": "whatif",
                         "requestBody": _body({"lang": {"type": "string", "enum": ["en", "zh"]}}),
                         "responses": {"200": _ok("assessment, changes {gained, lost} and html", {
                             "type": "object", "properties": {
                                 "assessment": assessment,
                                 "changes": {"type": "object"}, "html": {"type": "string"}}}),
                             **_errors(400, 413, 415, 422)}}},
            "/api/explain": {
                "get": {"summary": "One conclusion of an example's assessment and its proof tree",
                        "operationId": "explainExample", "parameters": inc_params + [_QUERY],
                        "responses": {"200": _ok("the explanation: conclusion, status, proofs"),
                                      **_errors(400, 422)}},
                "post": {"summary": "One conclusion and its proof tree, for an incident given as text",
                         "operationId": "explain",
                         "requestBody": _body({"query": {"type": "string"}}),
                         "responses": {"200": _ok("the explanation"), **_errors(400, 413, 415, 422)}}},
            "/api/compare": {
                "get": {"summary": "An example under each jurisdiction's law", "operationId": "compareExample",
                        "parameters": [_EXAMPLE, _ASSUME, _AS_OF],
                        "responses": {"200": _ok("one column per jurisdiction"), **_errors(400, 422)}},
                "post": {"summary": "An incident given as text under each jurisdiction's law",
                         "operationId": "compare", "requestBody": _body(),
                         "responses": {"200": _ok("one column per jurisdiction"),
                                       **_errors(400, 413, 415, 422)}}},
            "/api/examples": {"get": {"summary": "The bundled examples", "operationId": "examples",
                                      "responses": {"200": _ok("examples with title, date and expected outcome",
                                                               {"type": "array", "items": {"type": "object"}})}}},
            "/api/provisions": {"get": {"summary": "Provisions by jurisdiction and source",
                                        "operationId": "provisions",
                                        "responses": {"200": _ok("jurisdictions, sources, provisions")}}},
            "/api/provisions/{pid}": {"get": {
                "summary": "One provision: original text, English paraphrase, rules, golden cases",
                "operationId": "provision",
                "parameters": [{"name": "pid", "in": "path", "required": True, "schema": {"type": "string"},
                                "description": "provision id, e.g. ECL-57-2"}],
                "responses": {"200": _ok("the provision"), **_errors(404)}}},
            "/api/ontology/terms": {"get": {"summary": "The class and property hierarchies",
                                            "operationId": "terms",
                                            "responses": {"200": _ok("classes, properties, individuals")}}},
            "/api/ontology/terms/{name}": {"get": {
                "summary": "One term: labels (en, zh), definition, hierarchy, rules that use it",
                "operationId": "term",
                "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"},
                                "description": "term name, e.g. PaymentServiceProvider"}],
                "responses": {"200": _ok("the term"), **_errors(404)}}},
        },
        "components": {"schemas": {
            "Assessment": {"type": "object", "description": "see docs/assessment-format.md",
                           "properties": {k: {"type": t} for k, t in (
                               ("incident", "object"), ("as_of", "string"), ("jurisdiction", ["string", "null"]),
                               ("assumptions", "array"), ("duties", "array"), ("breaches", "array"),
                               ("liabilities", "array"), ("exemptions", "array"), ("defences", "array"),
                               ("conflicts", "array"), ("open_questions", "array"),
                               ("law_applied", "array"), ("law_not_in_force", "array"),
                               ("problems", "array"), ("proofs", "object"))}},
            "Problem": {"type": "object", "properties": {
                "message": {"type": "string"}, "path": {"type": "string"}, "line": {"type": "integer"},
                "col": {"type": "integer"}, "hint": {"type": "string"}, "rendered": {"type": "string"}}},
            "Error": _ERROR,
        }},
    }
