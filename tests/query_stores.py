"""The rich corpus (tests/graph_fixtures.py) loaded into each real store, once per test module.

Same stores as the shared ``store`` fixture (tests/store_fixtures.py: a SQLite file, the session's
Neo4j server, both opened through ``open_store``), but loaded once per module rather than per
test: the query, export and SPARQL tests only read, and reloading Neo4j for each would be slow."""
from __future__ import annotations

import pytest

from seccoop.graph.model import graph_from_extractions
from seccoop.graph.store import open_store
from tests.graph_fixtures import rich_extractions
from tests.store_fixtures import STORE_KINDS, store_location


@pytest.fixture(scope="module", params=STORE_KINDS)
def rich_store(request, tmp_path_factory):
    """A store of each kind holding the rich corpus."""
    store = open_store(store_location(request, request.param, tmp_path_factory.mktemp("rich")))
    store.clear()
    store.upsert(rich_extractions())
    yield store
    store.clear()
    store.close()


@pytest.fixture(scope="module")
def rich_graph():
    """The reference graph of the rich corpus."""
    return graph_from_extractions(rich_extractions())

