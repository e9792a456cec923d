import pytest


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    # Keep the compiled-vocabulary cache of these tests out of ~/.cache.
    monkeypatch.setenv("DUTYBOUND_CACHE", str(tmp_path_factory.getbasetemp() / "vocab-cache"))
