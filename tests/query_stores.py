"""The rich corpus (tests/graph_fixtures.py) loaded into each real store, once per test module:
the query, export and SPARQL tests only read, so they share it."""
from __future__ import annotations

import pytest

from seccoop.graph.model import graph_from_extractions
from tests.graph_fixtures import rich_extractions


@pytest.fixture(scope="module", params=["sqlite", "neo4j"])
def rich_store(request, tmp_path_factory):
    """A store of either kind holding the rich corpus."""
    if request.param == "sqlite":
        from seccoop.graph.sqlite_store import SQLiteStore
        store = SQLiteStore(str(tmp_path_factory.mktemp("rich") / "rich.db"))
    else:
        from seccoop.graph.neo4j_store import Neo4jStore
        store = Neo4jStore.from_uri(request.getfixturevalue("neo4j_uri"))
        store.clear()
    store.upsert(rich_extractions())
    yield store
    if request.param == "neo4j":
        store.clear()
    store.close()


@pytest.fixture(scope="module")
def rich_graph():
    """The reference graph of the rich corpus."""
    return graph_from_extractions(rich_extractions())
