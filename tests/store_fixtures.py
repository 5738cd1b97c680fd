"""pytest plugin: the ``store`` fixture the store contract suite runs on, once per implementation.

``sqlite`` is a fresh file under the test's tmp_path; ``neo4j`` is the session's throwaway server
(``neo4j_uri`` from tests/neo4j_server.py), cleared before and after each test. Without that
plugin, or without Java/jars locally, the neo4j case is skipped with the reason.
"""
from __future__ import annotations

import pytest

from seccoop.graph.store import open_store

# marked, so ``-m "not neo4j"`` deselects the server's half of the suite
STORE_KINDS = ["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)]


def neo4j_location(request) -> str:
    """The bolt URI of the test server, or a skip when no plugin provides one."""
    try:
        return request.getfixturevalue("neo4j_uri")
    except pytest.FixtureLookupError:
        pytest.skip("Neo4j unavailable: no neo4j_uri fixture (tests/neo4j_server.py not loaded)")


def store_location(request, kind: str, tmp_path) -> str:
    return str(tmp_path / f"{kind}.db") if kind == "sqlite" else neo4j_location(request)


@pytest.fixture(params=STORE_KINDS)
def store(request, tmp_path):
    """An empty store of each kind, opened through ``open_store`` as users open it."""
    opened = open_store(store_location(request, request.param, tmp_path))
    opened.clear()
    yield opened
    if request.param == "neo4j":
        opened.clear()
    opened.close()
