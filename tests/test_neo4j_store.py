"""Neo4j store specifics on the real session server: the graph reads naturally in Cypher, labels
and types come only from the whitelist, batches are atomic, concurrent writers serialize, and any
history of upserts/removes ends equal to the reference model. (The shared behaviour is in
tests/test_store_contract.py, which runs on both stores.)"""
from __future__ import annotations

import dataclasses
import random
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seccoop.errors import InputError, StoreError
from seccoop.graph.model import graph_from_extractions, graphs_equal
from seccoop.graph.neo4j_store import Neo4jStore
from seccoop.graph.selection import Selection, apply_selection
from seccoop.graph.synthetic import CorpusShape, synthetic_corpus
from seccoop.models import RELATION_TYPES, Entity, Extraction
from tests.graph_fixtures import HOSTILE, rich_extractions

pytestmark = pytest.mark.neo4j


def cypher(store: Neo4jStore, statement: str, **params) -> list[dict]:
    records, _, _ = store._driver.execute_query(statement, params, database_=store.database)
    return [r.data() for r in records]


def test_events_are_typed_relationships_between_labelled_entities(neo4j_store, tiny_extractions):
    neo4j_store.upsert(tiny_extractions)
    [aid] = cypher(neo4j_store, "MATCH (:Organization {id: 'org:inl'})-[r:AID]->(:Country {id: 'ARG'}) "
                                "RETURN r.amount_usd AS usd, r.date AS date, r.n_sources AS n")
    assert aid == {"usd": 1_500_000.0, "date": "2016-08", "n": 1}
    [visit] = cypher(neo4j_store, "MATCH (:Person {id: 'person:john-kerry'})-[r:VISIT]->(:Country) "
                                  "RETURN r.articles AS articles, r.confidence AS confidence")
    assert visit == {"articles": ["a1", "a2"], "confidence": 0.9}
    [role] = cypher(neo4j_store, "MATCH (:Person)-[r:AFFILIATED_WITH]->(:Country {id: 'USA'}) RETURN r.role AS role")
    assert role == {"role": "Secretary of State"}
    assert cypher(neo4j_store, "MATCH (:Organization {id: 'org:inl'})-[:PART_OF]->(p) RETURN p.name AS n") == \
        [{"n": "State Department"}]


def test_claims_carry_provenance_and_their_event_id(neo4j_store, tiny_extractions):
    neo4j_store.upsert(tiny_extractions)
    rows = cypher(neo4j_store, "MATCH (a:Article)-[:REPORTS]->(c:Claim)<-[]-() RETURN 1")
    assert rows == []                          # claims hang off their article only
    evidence = cypher(neo4j_store, "MATCH (:Person)-[r:VISIT]->() MATCH (a:Article)-[:REPORTS]->(c:Claim {event: r.id}) "
                                   "RETURN a.id AS article, c.evidence AS evidence, c.start AS start ORDER BY article")
    assert evidence == [{"article": "a1", "evidence": tiny_extractions[0].relations[0].evidence, "start": 0},
                        {"article": "a2", "evidence": tiny_extractions[1].relations[0].evidence, "start": 0}]


def test_a_changed_entity_type_moves_the_node_to_the_new_label(neo4j_store):
    first = Extraction(_doc("t1"), [Entity("org:merida", "Merida", "Organization")], [])
    later = Extraction(_doc("t2"), [Entity("org:merida", "Merida Initiative", "Program")], [])
    neo4j_store.upsert([first])
    neo4j_store.upsert([later])
    [labels] = cypher(neo4j_store, "MATCH (e:Entity {id: 'org:merida'}) RETURN labels(e) AS l")
    assert sorted(labels["l"]) == ["Entity", "Program"]
    assert graphs_equal(neo4j_store.subgraph(), graph_from_extractions([first, later]))


def test_hostile_text_is_stored_as_values_never_run(neo4j_store):
    rich = rich_extractions()
    neo4j_store.upsert(rich)
    titles = {d["title"] for d in neo4j_store.documents()}
    assert HOSTILE in titles
    assert graphs_equal(neo4j_store.subgraph(), graph_from_extractions(rich))


def test_schema_constraints_and_indexes_exist(neo4j_store):
    names = {r["name"] for r in cypher(neo4j_store, "SHOW CONSTRAINTS YIELD name")}
    assert {"seccoop_entity_id", "seccoop_article_id", "seccoop_claim_id"} <= names
    indexes = {r["name"] for r in cypher(neo4j_store, "SHOW INDEXES YIELD name")}
    assert {"seccoop_claim_event", "seccoop_aid_id", "seccoop_article_seq"} <= indexes


def test_a_batch_failing_on_the_server_writes_nothing(neo4j_store, tiny_extractions):
    # A map is no valid Neo4j property value: the server rejects the mentions statement after the
    # articles statement of the same transaction has run.
    bad_entity = Entity("person:x", "X", "Person", role={"not": "storable"})
    bad = Extraction(_doc("bad"), [bad_entity], [])
    with pytest.raises(StoreError, match="Neo4j at bolt://"):
        neo4j_store.upsert([*tiny_extractions, bad])
    assert neo4j_store.stats()["documents"] == 0
    assert cypher(neo4j_store, "MATCH (n) WHERE n:Entity OR n:Claim RETURN count(n) AS n") == [{"n": 0}]


def test_an_invalid_batch_is_rejected_before_writing(neo4j_store, tiny_extractions):
    x = tiny_extractions[0]
    wrong = dataclasses.replace(x, relations=[dataclasses.replace(x.relations[0], type="HUG")])
    with pytest.raises(InputError, match="HUG"):
        neo4j_store.upsert([tiny_extractions[1], wrong])
    assert neo4j_store.stats()["documents"] == 0


def test_concurrent_writers_serialize_on_the_store(neo4j_uri, neo4j_store):
    batches = [[_one_event(f"c{w}-{i}") for i in range(5)] for w in range(4)]
    errors = []

    def write(batch):
        try:
            with Neo4jStore.from_uri(neo4j_uri) as store:
                for x in batch:
                    store.upsert([x])
        except Exception as exc:          # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(b,)) for b in batches]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    [seqs] = cypher(neo4j_store, "MATCH (a:Article) RETURN count(DISTINCT a.seq) AS n, max(a.seq) AS top")
    assert seqs == {"n": 20, "top": 20}
    assert graphs_equal(neo4j_store.subgraph(), graph_from_extractions(x for b in batches for x in b))


def test_selection_equals_the_model_selection(neo4j_store, tiny_extractions):
    everything = [*tiny_extractions, *rich_extractions()]
    neo4j_store.upsert(everything)
    reference = graph_from_extractions(everything)
    for sel in (Selection(types=("AID", "ARMS_SALE"), since="2016"), Selection(center="COL", depth=1),
                Selection(countries=("ARG",), min_sources=2)):
        assert graphs_equal(neo4j_store.subgraph(sel), apply_selection(reference, sel)), sel


def test_random_selections_pushed_down_to_cypher_equal_the_model(neo4j_store):
    corpus = list(synthetic_corpus(400, seed=5, prefix="sel", shape=CorpusShape(countries=15, programs=4)))
    neo4j_store.upsert(corpus)
    reference, rng = graph_from_extractions(corpus), random.Random(1)
    nodes = sorted(reference.nodes)
    countries = sorted({d["country"] for _, d in reference.nodes(data=True) if d.get("country")})
    for _ in range(30):
        sel = Selection(center=rng.choice([*nodes, None, None, "unknown:id"]), depth=rng.randint(0, 3),
                        types=tuple(rng.sample(RELATION_TYPES, rng.randint(0, 3))),
                        countries=tuple(rng.sample(countries, rng.randint(0, 2))),
                        since=rng.choice([None, "2010", "2015-06"]), until=rng.choice([None, "2016", "2019-12"]),
                        min_confidence=rng.choice([0.0, 0.5, 0.8]), min_sources=rng.choice([1, 1, 2]))
        assert graphs_equal(neo4j_store.subgraph(sel), apply_selection(reference, sel)), sel


def test_clear_leaves_other_data_in_the_database_alone(neo4j_store, tiny_extractions):
    neo4j_store.upsert(tiny_extractions)
    cypher(neo4j_store, "CREATE (:SomeoneElses {id: 'keep'})")
    neo4j_store.clear()
    assert cypher(neo4j_store, "MATCH (n) RETURN labels(n) AS l") == [{"l": ["SomeoneElses"]}]
    cypher(neo4j_store, "MATCH (n:SomeoneElses) DELETE n")


# --- any history ends equal to the reference --------------------------------------------------

def _variants() -> list[Extraction]:
    """Versions of the same few articles: replacing one by another changes names, roles,
    countries, parents, claims and their order."""
    rich = rich_extractions()
    variants = list(rich)
    for x in rich:
        fewer = dataclasses.replace(x, relations=x.relations[1:])
        renamed = dataclasses.replace(x, entities=[dataclasses.replace(e, name=e.name + " (alt)", role="Envoy",
                                                                       country=None if e.type == "Organization" else e.country)
                                                   for e in reversed(x.entities)])
        variants += [fewer, renamed]
    return variants


VARIANTS = _variants()
OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("upsert"), st.lists(st.sampled_from(range(len(VARIANTS))), min_size=1, max_size=4)),
    st.tuples(st.just("remove"), st.sampled_from(sorted({x.document.id for x in VARIANTS})))),
    min_size=1, max_size=6)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_any_history_of_upserts_and_removes_matches_the_model(neo4j_store, operations):
    neo4j_store.clear()
    latest: dict[str, Extraction] = {}          # the model: replaced keeps its place, removed leaves
    for op, arg in operations:
        if op == "remove":
            assert neo4j_store.remove(arg) == (arg in latest)
            latest.pop(arg, None)
        else:
            batch = [VARIANTS[i] for i in arg]
            neo4j_store.upsert(batch)
            for x in batch:
                latest[x.document.id] = x
    reference = graph_from_extractions(latest.values())
    assert graphs_equal(neo4j_store.subgraph(), reference)
    assert graphs_equal(graph_from_extractions(neo4j_store.extractions()), reference)


def _doc(doc_id: str):
    from seccoop.models import Document
    return Document(doc_id, "", title=doc_id, published="2020-01-01")


def _one_event(doc_id: str) -> Extraction:
    from seccoop.models import Relation
    usa, col = Entity("USA", "United States", "Country", "USA"), Entity("COL", "Colombia", "Country", "COL")
    rel = Relation("AID", "USA", "COL", f"Aid {doc_id}.", 0, 10, "2020-01", 1.0, 1.0, "USD", 0.5)
    return Extraction(_doc(doc_id), [usa, col], [rel])


def test_events_list_the_article_of_each_claim_and_reads_rebuild_provenance(neo4j_store):
    """A Neo4j property cannot hold maps: ``sources`` lists article ids; the evidence is on claims."""
    neo4j_store.upsert(rich_extractions())
    rows = cypher(neo4j_store, "MATCH (:Person)-[r:VISIT]->(:Country {id: 'COL'}) RETURN r.sources AS s, "
                               "r.n_sources AS n")
    assert rows == [{"s": ["b1", "b4"], "n": 2}]
    assert graphs_equal(neo4j_store.subgraph(), graph_from_extractions(rich_extractions()))


def test_a_database_of_schema_5_gets_its_sources_as_lists_on_open(neo4j_store):
    """Version 5 wrote an event's ``sources`` as JSON text; opening the database makes it the
    list of its claims' article ids, and the store reads the same graph as before."""
    from seccoop.graph.neo4j_store import SCHEMA_VERSION
    xs = rich_extractions()
    neo4j_store.upsert(xs)
    cypher(neo4j_store, "MATCH ()-[r]->() WHERE r.sources IS NOT NULL SET r.sources = '[{\"article\": \"x\"}]'")
    cypher(neo4j_store, "MATCH (s:SeccoopStore) SET s.schema_version = 5")
    with Neo4jStore.from_uri(neo4j_store.uri) as reopened:
        assert cypher(reopened, "MATCH (s:SeccoopStore) RETURN s.schema_version AS v") == [{"v": SCHEMA_VERSION}]
        kinds = cypher(reopened, "MATCH ()-[r]->() WHERE r.sources IS NOT NULL "
                                 "RETURN DISTINCT valueType(r.sources) AS t")
        assert kinds == [{"t": "LIST<STRING NOT NULL> NOT NULL"}]
        assert cypher(reopened, "MATCH ()-[r]->() WHERE r.n_sources <> size(r.sources) RETURN r.id") == []
        assert graphs_equal(reopened.subgraph(), graph_from_extractions(xs))
