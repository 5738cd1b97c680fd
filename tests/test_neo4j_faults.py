"""Neo4j failures, for real: a closed port, a server that refuses the credentials, and a server
killed (SIGKILL) in the middle of a multi-batch upsert, which must leave only whole batches and
let a re-run on the restarted server complete the graph without duplicates."""
from __future__ import annotations

import threading
import time

import pytest
from neo4j import GraphDatabase

from seccoop.errors import StoreUnavailable
from seccoop.graph.model import graph_from_extractions, graphs_equal
from seccoop.graph.neo4j_store import Neo4jStore
from seccoop.graph.store import open_store
from seccoop.graph.synthetic import synthetic_corpus
from tests.neo4j_server import load_launcher, start_server

pytestmark = pytest.mark.neo4j
PASSWORD = "seccoop-fault-test"
SEEN_WRITE = "SHOW TRANSACTIONS YIELD metaData WHERE metaData.app = 'seccoop' AND metaData.op = 'upsert' RETURN count(*) AS n"


@pytest.fixture(scope="module")
def auth_server(request, tmp_path_factory):
    """A second server of our own, with authentication on, that these tests may kill."""
    server = start_server(request, home=tmp_path_factory.mktemp("neo4j-auth"), password=PASSWORD)
    yield server
    server.stop()


@pytest.fixture
def credentials(monkeypatch):
    def use(user, password):
        monkeypatch.setenv("NEO4J_USER", user)
        monkeypatch.setenv("NEO4J_PASSWORD", password)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    return use


def test_a_closed_port_is_reported_as_unavailable(monkeypatch):
    monkeypatch.delenv("NEO4J_USER", raising=False)
    uri = f"bolt://127.0.0.1:{load_launcher().free_port()}"
    with pytest.raises(StoreUnavailable, match=rf"(?s)cannot reach Neo4j at {uri}.*server is running"):
        open_store(uri)


def test_a_wrong_password_is_refused_with_the_remedy(auth_server, credentials):
    credentials("neo4j", "not-the-password")
    with pytest.raises(StoreUnavailable, match=r"refused user 'neo4j'.*NEO4J_PASSWORD"):
        open_store(auth_server.uri)


def test_missing_credentials_are_named(auth_server, monkeypatch):
    monkeypatch.delenv("NEO4J_USER", raising=False)
    with pytest.raises(StoreUnavailable, match="NEO4J_USER is not set"):
        open_store(auth_server.uri)


def test_the_right_password_opens_the_store(auth_server, credentials, tiny_extractions):
    credentials("neo4j", PASSWORD)
    with open_store(auth_server.uri) as store:
        store.clear()
        store.upsert(tiny_extractions)
        assert store.stats()["documents"] == 2
        store.clear()


def test_a_server_killed_mid_batch_keeps_whole_batches_and_a_rerun_completes(auth_server, credentials):
    credentials("neo4j", PASSWORD)
    corpus = list(synthetic_corpus(600, seed=7, prefix="kill"))
    batches = [corpus[i:i + 40] for i in range(0, len(corpus), 40)]
    store = Neo4jStore.from_uri(auth_server.uri, retry_seconds=1)
    store.clear()
    store.upsert(batches[0])
    killer = threading.Thread(target=_kill_during_next_write, args=(auth_server,))
    killer.start()
    with pytest.raises(StoreUnavailable, match=rf"Neo4j at {auth_server.uri}"):
        for batch in batches[1:]:
            store.upsert(batch)
    killer.join()
    store.close()

    auth_server.start()                 # same home: the data that was committed survives
    with Neo4jStore.from_uri(auth_server.uri) as store:
        assert store.stats()["documents"] == len(batches[0])     # nothing of the killed batch
        for batch in batches:
            store.upsert(batch)
        assert graphs_equal(store.subgraph(), graph_from_extractions(corpus))
        assert sum(store.stats()["claims"].values()) == sum(len(x.relations) for x in corpus)
        store.clear()


def _kill_during_next_write(server, timeout: float = 120.0) -> None:
    """SIGKILL the server as soon as a seccoop upsert transaction is open on it."""
    deadline = time.monotonic() + timeout
    with GraphDatabase.driver(server.uri, auth=server.auth) as driver:
        while time.monotonic() < deadline:
            records, _, _ = driver.execute_query(SEEN_WRITE)
            if records[0]["n"]:
                server.kill()
                return
            time.sleep(0.02)
    server.kill()           # the test then fails on the missing StoreUnavailable
