"""`export --format cypher` and the CSV export rebuild the model `sync` writes to Neo4j: the bundled
samples synced into the real server (tests/neo4j_server.py), exported, the database emptied, the
export loaded, and the nodes, relationships and their properties compared with what sync wrote.
The store's own bookkeeping (the :SeccoopStore node, article seq/content_hash/source, the raw
MENTIONS, claim ids and positions) is not part of an export."""
from __future__ import annotations

import functools
import json
import threading
from http.server import HTTPServer, SimpleHTTPRequestHandler

import pytest

from seccoop.graph.export import export_graph, shareable
from seccoop.graph.export.neo4j_csv import load_csv_statements
from seccoop.graph.store import open_store
from seccoop.graph.sync import sync
from seccoop.pipeline import ingest, sample_paths

pytestmark = pytest.mark.neo4j
BOOKKEEPING_LABELS = {"SeccoopStore"}
BOOKKEEPING_TYPES = {"MENTIONS"}


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("samples") / "samples.db")
    with open_store(path) as store:
        assert ingest(sample_paths(), store).stored == 16
    return path


@pytest.fixture
def synced(neo4j_store, samples_db):
    """The samples synced into Neo4j: (store, what it holds as :func:`model_view`)."""
    with open_store(samples_db) as source:
        sync(source, neo4j_store)
    return neo4j_store, model_view(neo4j_store)


def _rows(store, statement: str) -> list[dict]:
    with store.cypher_session() as session:
        return [r.data() for r in session.run(statement)]


def model_view(store) -> dict:
    """Counts by label and type, every entity's and event's properties, every claim's content and links."""
    labels = _rows(store, "MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS c")
    types = _rows(store, "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c")
    entities = _rows(store, "MATCH (e:Entity) RETURN e.id AS id, [l IN ['Entity', 'Country', 'Person', 'Organization', 'Program', 'Location'] WHERE l IN labels(e)] AS labels, properties(e) AS p")
    events = _rows(store, "MATCH (a)-[r]->(b) WHERE r.id IS NOT NULL RETURN a.id AS a, b.id AS b, type(r) AS t, "
                          "properties(r) AS p")
    structure = _rows(store, "MATCH (a:Entity)-[r:AFFILIATED_WITH|PART_OF]->(b) "
                             "RETURN a.id AS a, b.id AS b, type(r) AS t, properties(r) AS p")
    claims = _rows(store, "MATCH (art:Article)-[:REPORTS]->(c:Claim)-[:SOURCE]->(s), (c)-[:TARGET]->(t) "
                          "RETURN art.id AS article, s.id AS s, t.id AS t, c.event AS event, c.evidence AS evidence, "
                          "c.start AS start, c.source_side AS source_side, c.target_side AS target_side")
    articles = _rows(store, "MATCH (a:Article) RETURN a.id AS id, a.title AS title, a.url AS url")
    key = lambda rows: sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)
    return {"labels": {r["l"]: r["c"] for r in labels if r["l"] not in BOOKKEEPING_LABELS},
            "types": {r["t"]: r["c"] for r in types if r["t"] not in BOOKKEEPING_TYPES},
            "entities": key(entities), "events": key(events), "structure": key(structure),
            "claims": key(claims), "articles": key(articles)}


def test_the_cypher_export_rebuilds_what_sync_wrote(synced, tmp_path):
    store, written = synced
    assert written["types"]["REPORTS"] == written["labels"]["Claim"] > 0
    export_graph(store.subgraph(), "cypher", tmp_path / "g.cypher")
    store.clear()
    with store.cypher_session(write=True) as session:
        for statement in (tmp_path / "g.cypher").read_text(encoding="utf-8").split(";\n"):
            if statement.strip():
                session.run(statement).consume()
    assert model_view(store) == written
    dated = _rows(store, "MATCH (:Country)-[r]->(:Country) WHERE r.date_value IS NOT NULL "
                         "RETURN r.date_value.year AS year, r.country_level AS level LIMIT 1")
    assert dated and dated[0]["level"] is True and dated[0]["year"] > 1900


def test_the_csv_export_loads_into_what_sync_wrote(synced, tmp_path):
    store, written = synced
    export_graph(shareable(store.subgraph()), "csv", tmp_path / "csv")
    store.clear()
    handler = functools.partial(QuietHandler, directory=str(tmp_path / "csv"))
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with store.cypher_session(write=True) as session:
            for statement in load_csv_statements(f"http://127.0.0.1:{server.server_port}/"):
                session.run(statement).consume()
    finally:
        server.shutdown()
        thread.join()
    assert model_view(store) == written


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
