"""Fixtures for the web tests: one app per session (the knowledge base is
loaded once) and a test client with a CSRF token."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def app(kb):
    from dutybound.web.app import create_app
    return create_app(kb, {"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def token(client):
    """A CSRF token of the client's session."""
    client.get("/")
    with client.session_transaction() as s:
        return s["csrf_token"]
