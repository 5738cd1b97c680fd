"""``seccoop cypher`` (Neo4j only, read-only by default), ``seccoop sparql`` (any store) and the
query/export commands end to end through ``seccoop.cli.main``."""
from __future__ import annotations

import json

import pytest

from seccoop.cli import main
from seccoop.errors import QueryError
from seccoop.graph.model import graphs_equal
from seccoop.queries.cypher_query import parse_params, run_cypher
from seccoop.queries.sparql import run_sparql
from tests.graph_fixtures import HOSTILE, rich_extractions
from tests.query_stores import rich_graph, rich_store  # noqa: F401  (fixtures)


def test_sparql_select_over_the_rdf_view(rich_store):
    rows = run_sparql(rich_store, "SELECT ?iso ?name WHERE { ?c a sc:Country ; sc:isoCode ?iso ; rdfs:label ?name } "
                                  "ORDER BY ?iso")
    assert [(r["iso"], r["name"]) for r in rows] == [
        ("ARG", "Argentina"), ("COL", "Colombia"), ("ISR", "Israel"), ("MEX", "Mexico"), ("RUS", "Russia"),
        ("USA", "United States")]


def test_sparql_aggregates_amounts_and_reads_named_graphs(rich_store):
    rows = run_sparql(rich_store, """
        SELECT ?donor (SUM(?usd) AS ?total) WHERE {
          ?e a sc:ArmsSale ; sc:source ?d ; sc:amountUSD ?usd . ?d sc:isoCode ?donor }
        GROUP BY ?donor ORDER BY DESC(?total)""")
    assert rows == [{"donor": "USA", "total": 200_000_000.0}, {"donor": "RUS", "total": 50_000_000.0}]
    claims = run_sparql(rich_store, "SELECT ?text WHERE { GRAPH ?g { ?c sc:evidence ?text } "
                                    "?g dcterms:title ?title FILTER(?title = ?hostile) }".replace(
                                        "?hostile", json.dumps(HOSTILE)))
    assert len(claims) == 4


def test_sparql_ask_construct_and_errors(rich_store):
    assert run_sparql(rich_store, "ASK { ?e a sc:Visit }") == [{"ask": True}]
    triples = run_sparql(rich_store, "CONSTRUCT { ?a sc:metWith ?b } WHERE { ?e a sc:Meeting ; sc:source ?a ; "
                                     "sc:target ?b }")
    assert [t["predicate"] for t in triples] == ["https://seccoop.org/ns#metWith"]
    with pytest.raises(QueryError, match="syntax"):
        run_sparql(rich_store, "SELEC ?x")
    with pytest.raises(QueryError):
        run_sparql(rich_store, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_parse_params_reads_json_else_strings():
    assert parse_params(["n=5", "name=Kerry", 'ids=["USA","ARG"]', "flag=true", "s=a=b"]) == \
        {"n": 5, "name": "Kerry", "ids": ["USA", "ARG"], "flag": True, "s": "a=b"}
    with pytest.raises(QueryError, match="KEY=VALUE"):
        parse_params(["oops"])


def test_cypher_on_sqlite_says_it_needs_neo4j(sqlite_path):
    from seccoop.graph.sqlite_store import SQLiteStore
    with SQLiteStore(sqlite_path) as store, pytest.raises(QueryError, match="needs a Neo4j store.*sparql.*sync"):
        run_cypher(store, "RETURN 1")


@pytest.fixture
def neo4j_empty_store(neo4j_uri):
    from seccoop.graph.neo4j_store import Neo4jStore
    store = Neo4jStore.from_uri(neo4j_uri)
    store.clear()
    run_cypher(store, "MATCH (n) DETACH DELETE n", write=True)
    yield store
    run_cypher(store, "MATCH (n) DETACH DELETE n", write=True)
    store.close()


def test_cypher_is_read_only_unless_write(neo4j_empty_store):
    store = neo4j_empty_store
    with pytest.raises(QueryError, match="--write"):
        run_cypher(store, "CREATE (:Probe {name: $name})", {"name": "x"})
    assert run_cypher(store, "MATCH (p:Probe) RETURN count(p) AS n") == [{"n": 0}]
    run_cypher(store, "CREATE (:Probe {name: $name})-[:SEES {w: 1}]->(:Probe {name: 'b'})", {"name": HOSTILE},
               write=True)
    rows = run_cypher(store, "MATCH (p:Probe {name: $name})-[r]->(q) RETURN p, r, q.name AS other",
                      {"name": HOSTILE})
    assert rows == [{"p": {"_labels": ["Probe"], "name": HOSTILE},
                     "r": {"_type": "SEES", "_start": None, "_end": None, "w": 1}, "other": "b"}]
    with pytest.raises(QueryError, match="Cypher failed"):
        run_cypher(store, "MATCH (n RETURN n")


# --- through the command line -------------------------------------------------------------

@pytest.fixture
def db(tmp_path):
    from seccoop.graph.sqlite_store import SQLiteStore
    path = str(tmp_path / "cli.db")
    with SQLiteStore(path) as store:
        store.upsert(rich_extractions())
    return path


def cli(capsys, *args) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_query_runs_a_named_query_in_any_format(db, capsys):
    code, out, _ = cli(capsys, "--store", db, "query", "partners", "US", "--type", "AID", "--format", "json")
    assert code == 0 and [(r["partner"], r["events"]) for r in json.loads(out)] == [("COL", 2)]
    code, out, _ = cli(capsys, "--store", db, "query", "flows", "--by", "year", "--format", "csv")
    assert out.splitlines()[0].startswith("year,donor,donor_name") and len(out.splitlines()) == 4
    code, out, _ = cli(capsys, "--store", db, "query", "--list", "--format", "jsonl")
    assert len(out.splitlines()) == 7


def test_cli_query_errors_go_to_stderr_with_non_zero_exit(db, capsys):
    code, out, err = cli(capsys, "--store", db, "query", "ego", "Atlantis")
    assert code == 1 and out == "" and "unknown entity: 'Atlantis'" in err
    code, _, err = cli(capsys, "--store", db, "query", "ego", "United")
    assert code == 1 and "United States (USA)" in err and "UN Office on Drugs and Crime (org:unodc)" in err
    code, _, err = cli(capsys, "--store", db, "query", "nope")
    assert code == 1 and "available: ego, evidence" in err
    code, _, err = cli(capsys, "--store", db, "cypher", "MATCH (n) RETURN n")
    assert code == 1 and "Cypher needs a Neo4j store" in err


def test_cli_sparql_and_export(db, capsys, tmp_path, rich_graph):
    code, out, _ = cli(capsys, "--store", db, "sparql", "SELECT (COUNT(?e) AS ?n) WHERE { ?e a sem:Event }",
                       "--format", "jsonl")
    assert code == 0 and json.loads(out) == {"n": 11}
    code, _, err = cli(capsys, "--store", db, "export", "--format", "json", "-o", str(tmp_path / "all.json"))
    assert code == 0 and "Exported 12 nodes" in err
    import networkx as nx
    back = nx.node_link_graph(json.loads((tmp_path / "all.json").read_text()), edges="edges")
    from seccoop.graph.export import shareable
    assert graphs_equal(back, shareable(rich_graph))       # articles without their local file paths
    code, _, err = cli(capsys, "--store", db, "export", "--format", "graphml", "-o", str(tmp_path / "m.graphml"),
                       "--center", "Mexico", "--type", "ARMS_SALE")
    assert code == 0 and "Exported 2 nodes and 1 edges" in err
