"""Every export format round-trips: read back by networkx, rdflib or a real Neo4j, it gives the
selection it was written from."""
from __future__ import annotations

import functools
from collections import Counter
import json
import threading
from http.server import HTTPServer, SimpleHTTPRequestHandler

import networkx as nx
import pytest
from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef

from seccoop.graph import neo4j_records as records
from seccoop.graph.export import WRITERS, export_graph, shareable
from seccoop.graph.export.cypher_export import cypher_literal, cypher_statements
from seccoop.graph.export.gexf import date_spell
from seccoop.graph.export.neo4j_csv import load_csv_statements
from seccoop.graph.export.rdf import PROV, SC, SEM, uri
from seccoop.graph.model import event_edges, graphs_equal
from seccoop.graph.selection import Selection, apply_selection
from tests.graph_fixtures import HOSTILE
from tests.query_stores import rich_graph  # noqa: F401  (fixture)

HOSTILE_STRINGS = [HOSTILE, "'", "\\", "\\'", "*/", "/*", "a\nb\r\nc", "tab\there", "`x`", "}] AS row CREATE (x)",
                   "\u2028\u0000\x7f", "emoji \U0001F600 and é", "\\u0027"]


def key_view(graph: nx.MultiDiGraph) -> tuple[dict, dict]:
    nodes = {n: (d["name"], d["type"], d.get("country")) for n, d in graph.nodes(data=True)}
    edges = {(u, v, k): (d.get("type") or d.get("relation"), d.get("date"), d.get("amount_usd"))
             for u, v, k, d in graph.edges(keys=True, data=True)}
    return nodes, edges


def test_json_round_trips_exactly(rich_graph, tmp_path):
    export_graph(rich_graph, "json", tmp_path / "g.json")
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert graphs_equal(nx.node_link_graph(data, edges="edges"), shareable(rich_graph))


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf", "cypher", "turtle", "jsonld", "csv"])
def test_exports_name_documents_without_local_file_paths(rich_graph, tmp_path, fmt):
    path = tmp_path / "out"
    export_graph(rich_graph, fmt, path)
    files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    text = "".join(p.read_text(encoding="utf-8") for p in files)
    assert "b1.html" not in text and "https://news.example/b1" in text


def test_graphml_round_trips_with_plain_attributes(rich_graph, tmp_path):
    export_graph(rich_graph, "graphml", tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True, edge_key_type=str)
    assert key_view(back) == key_view(rich_graph)
    assert json.loads(back.nodes["USA"]["aliases"]) == ["US", "Washington"]
    assert "role" not in back.nodes["USA"]                 # None is dropped, not written as "None"
    for u, v, k, d in event_edges(rich_graph):
        assert json.loads(back.edges[u, v, k]["sources"]) == d["sources"]
    assert json.loads(back.graph["articles"])["b3"]["title"] == HOSTILE


def test_gexf_is_dynamic_with_a_spell_per_dated_edge(rich_graph, tmp_path):
    export_graph(rich_graph, "gexf", tmp_path / "g.gexf")
    text = (tmp_path / "g.gexf").read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    back = nx.read_gexf(tmp_path / "g.gexf")
    assert {n: d["label"] for n, d in back.nodes(data=True)} == {n: d["name"] for n, d in rich_graph.nodes(data=True)}
    spells = {(d["relation"], d.get("start"), d.get("end")) for _, _, d in back.edges(data=True)}
    assert ("AID", "2015-03-01", "2015-03-31") in spells
    assert ("VISIT", "2015-03-09", "2015-03-09") in spells
    assert ("TRAINING", "2016-01-01", "2016-12-31") in spells
    assert ("INTELLIGENCE_SHARING", None, None) in spells
    assert back.number_of_edges() == rich_graph.number_of_edges()


def test_date_spell_covers_the_precision():
    assert date_spell("2016") == ("2016-01-01", "2016-12-31")
    assert date_spell("2015-02") == ("2015-02-01", "2015-02-28")
    assert date_spell("2016-08-04") == ("2016-08-04", "2016-08-04")


def test_exports_follow_the_selection(rich_graph, tmp_path):
    selected = apply_selection(rich_graph, Selection(center="MEX", depth=1))
    export_graph(selected, "graphml", tmp_path / "s.graphml")
    back = nx.read_graphml(tmp_path / "s.graphml", force_multigraph=True, edge_key_type=str)
    assert set(back) == {"MEX", "USA", "COL", "org:dea"}
    assert key_view(back) == key_view(selected)


def rdf_counts(graph: Graph) -> dict:
    count = lambda *pattern: len(set(graph.triples(pattern)))
    return {"events": count(None, RDF.type, SEM.Event), "claims": count(None, RDF.type, SC.Claim),
            "entities": len({s for t in ("Country", "Person", "Organization") for s in graph.subjects(RDF.type, SC[t])}),
            "derived": count(None, PROV.wasDerivedFrom, None), "articles": count(None, RDF.type, PROV.Entity)}


# 11 events; 12 claims; 12 entities; derived: 12 event->article links (VISIT has 2) + 12 claim->article
EXPECTED_RDF = {"events": 11, "claims": 12, "entities": 12, "derived": 24, "articles": 4}


@pytest.mark.parametrize("fmt,rdf_format", [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")])
def test_rdf_formats_parse_with_the_expected_counts(rich_graph, tmp_path, fmt, rdf_format):
    export_graph(rich_graph, fmt, tmp_path / "g.rdf")
    parsed = Dataset()
    parsed.parse(tmp_path / "g.rdf", format=rdf_format)
    union = Graph()
    for s, p, o, _ in parsed.quads((None, None, None, None)):
        union.add((s, p, o))
    assert rdf_counts(union) == EXPECTED_RDF
    title = next(union.objects(uri("article", "b3"), URIRef("http://purl.org/dc/terms/title")))
    assert str(title) == HOSTILE


@pytest.mark.parametrize("fmt,rdf_format", [("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")])
def test_named_graph_formats_keep_one_graph_per_article(rich_graph, tmp_path, fmt, rdf_format):
    export_graph(rich_graph, fmt, tmp_path / "g.rdf")
    parsed = Dataset()
    parsed.parse(tmp_path / "g.rdf", format=rdf_format)
    claims = {str(g.identifier): len(set(g.subjects(RDF.type, SC.Claim))) for g in parsed.graphs()
              if str(g.identifier).startswith("https://seccoop.org/id/article/")}
    assert claims == {str(uri("article", a)): n for a, n in (("b1", 3), ("b2", 3), ("b3", 4), ("b4", 2))}


def test_rdf_dates_are_typed_by_precision_and_ids_percent_encoded(rich_graph, tmp_path):
    export_graph(rich_graph, "turtle", tmp_path / "g.ttl")
    g = Graph().parse(tmp_path / "g.ttl", format="turtle")
    stamps = {str(o): o.datatype for o in g.objects(None, SEM.hasTimeStamp)}
    assert stamps["2015-03-09"] == XSD.date and stamps["2015-03"] == XSD.gYearMonth and stamps["2017"] == XSD.gYear
    assert (uri("entity", "USA"), SC.isoCode, Literal("USA")) in g
    assert str(uri("entity", "person:john-kerry")) == "https://seccoop.org/id/entity/person%3Ajohn-kerry"


@pytest.mark.parametrize("value", HOSTILE_STRINGS)
def test_cypher_literals_escape_everything_that_could_end_a_string(value):
    literal = cypher_literal(value)
    body = literal[1:-1]
    assert literal[0] == literal[-1] == "'" and "\n" not in literal and "\r" not in literal
    assert body.replace("\\\\", "").replace("\\'", "").count("'") == 0


def test_csv_has_neo4j_admin_headers_and_every_row(rich_graph, tmp_path):
    export_graph(rich_graph, "csv", tmp_path / "csv")
    read = lambda name: (tmp_path / "csv" / name).read_text(encoding="utf-8").splitlines()[0]
    assert read("nodes.csv").startswith("id:ID(Entity),:LABEL,name")
    assert read("relationships.csv").startswith(":START_ID(Entity),:END_ID(Entity),:TYPE,id")
    import csv
    with open(tmp_path / "csv" / "relationships.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(records.relationship_records(rich_graph))
    assert sum(r["actor_level:boolean"] != "false" for r in rows) == rich_graph.number_of_edges()
    assert {r[":TYPE"] for r in rows} >= {"AID", "AFFILIATED_WITH", "PART_OF", "VISIT"}
    assert "neo4j-admin database import full" in (tmp_path / "csv" / "README.txt").read_text()


def test_every_writer_can_write_to_an_open_file(rich_graph, tmp_path):
    for fmt in set(WRITERS) - {"csv"}:
        binary = fmt in ("graphml", "gexf") or fmt in ("turtle", "ntriples", "jsonld", "trig", "nquads")
        with open(tmp_path / f"out.{fmt}", "wb" if binary else "w") as f:
            export_graph(rich_graph, fmt, f)
        assert (tmp_path / f"out.{fmt}").stat().st_size > 1000


# --- into a real Neo4j ----------------------------------------------------------------------

@pytest.fixture
def empty_neo4j(neo4j_uri):
    from neo4j import GraphDatabase
    with GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
        yield driver
        driver.execute_query("MATCH (n) DETACH DELETE n")


def neo4j_counts(driver) -> dict:
    labels = driver.execute_query("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS c").records
    types = driver.execute_query("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c").records
    return {"labels": {r["l"]: r["c"] for r in labels}, "types": {r["t"]: r["c"] for r in types}}


def expected_counts(graph: nx.MultiDiGraph) -> dict:
    """What the Neo4j records of ``graph`` (seccoop.graph.neo4j_records) create."""
    claims = records.claim_records(graph)
    labels = {"Entity": graph.number_of_nodes(), "Article": len(graph.graph["articles"]), "Claim": len(claims)}
    for _, d in graph.nodes(data=True):
        labels[d["type"]] = labels.get(d["type"], 0) + 1
    types = Counter(r["type"] for r in records.relationship_records(graph))
    types.update(REPORTS=len(claims))
    types.update(link["type"] for link in records.claim_links(claims, graph))
    return {"labels": labels, "types": dict(types)}


def test_hostile_literals_come_back_intact_from_neo4j(empty_neo4j):
    records = empty_neo4j.execute_query(f"RETURN {cypher_literal(HOSTILE_STRINGS)} AS v").records
    assert records[0]["v"] == HOSTILE_STRINGS


def test_cypher_script_recreates_the_subgraph_in_neo4j(rich_graph, empty_neo4j, tmp_path):
    export_graph(rich_graph, "cypher", tmp_path / "g.cypher")
    script = (tmp_path / "g.cypher").read_text(encoding="utf-8")
    statements = [s for s in script.split(";\n") if s.strip()]
    assert statements == list(cypher_statements(rich_graph))
    for _ in range(2):                                  # MERGE: running it twice changes nothing
        for statement in statements:
            empty_neo4j.execute_query(statement)
    assert neo4j_counts(empty_neo4j) == expected_counts(rich_graph)
    title = empty_neo4j.execute_query("MATCH (a:Article {id: 'b3'}) RETURN a.title AS t").records[0]["t"]
    assert title == HOSTILE
    visit = empty_neo4j.execute_query("MATCH (:Person)-[r:VISIT]->(:Country {id: 'COL'}) "
                                      "RETURN r.articles AS a, r.sources AS s").records[0]
    assert visit["a"] == visit["s"] == ["b1", "b4"]


def test_csv_loads_with_load_csv_into_an_empty_neo4j(rich_graph, empty_neo4j, tmp_path):
    export_graph(rich_graph, "csv", tmp_path / "csv")
    handler = functools.partial(QuietHandler, directory=str(tmp_path / "csv"))
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for statement in load_csv_statements(f"http://127.0.0.1:{server.server_port}/"):
            empty_neo4j.execute_query(statement)
    finally:
        server.shutdown()
        thread.join()
    assert neo4j_counts(empty_neo4j) == expected_counts(rich_graph)
    row = empty_neo4j.execute_query("MATCH (n:Entity {id: 'USA'}) RETURN n.aliases AS a").records[0]
    assert row["a"] == ["US", "Washington"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
