"""Fixtures for the web tests: one app per session (the knowledge base is
loaded once) with its own case library in a temporary directory (seeded with
a few bundled examples), and a test client with a CSRF token."""
from __future__ import annotations

import pytest

from webcases import ROOT

SEEDED = ("cn/account-takeover-2022-provider-bears-the-loss-and-platform-is-supplementary.yaml",
          "cn/user-disclosed-the-code-so-the-provider-proves-fault-and-the-platform-share-may-be-reduced.yaml",
          "de/icy-shop-steps-the-owner-is-liable-in-full-and-the-customers-own-fault-may-reduce-it.yaml")


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory, kb):
    from dutybound.store.library import CaseLibrary
    where = tmp_path_factory.mktemp("web-store")
    with CaseLibrary.open(str(where), kb=kb) as lib:
        for name in SEEDED:
            lib.add(kb.assess(str(ROOT / "examples" / name)))
    return str(where)


@pytest.fixture(scope="session")
def app(kb, store_dir):
    from dutybound.web.app import create_app
    yield create_app(kb, {"TESTING": True, "DUTYBOUND_STORE": store_dir})
    from dutybound.store.web import close_shared_libraries
    close_shared_libraries()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def token(client):
    """A CSRF token of the client's session."""
    client.get("/")
    with client.session_transaction() as s:
        return s["csrf_token"]
