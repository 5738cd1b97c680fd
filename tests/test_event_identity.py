"""Event identity across actor levels, and totals with their stated parts, on the model and on
both stores (the ``store`` fixture: SQLite and a real Neo4j server)."""
from __future__ import annotations

import dataclasses

import pytest

from seccoop.graph.model import event_edges, graph_from_extractions, part_links
from seccoop.models import Document, Entity, Extraction, Relation
from tests.test_store_contract import assert_same_graph

B = 1_000_000_000.0
USA = Entity("USA", "United States", "Country", "USA")
COL = Entity("COL", "Colombia", "Country", "COL")
KOR = Entity("KOR", "South Korea", "Country", "KOR")
POL = Entity("POL", "Poland", "Country", "POL")
ISR = Entity("ISR", "Israel", "Country", "ISR")
CLINTON = Entity("person:bill-clinton", "Bill Clinton", "Person", "USA", "President")
CONGRESS = Entity("org:congress", "Congress", "Organization", "USA")
OBAMA = Entity("person:barack-obama", "Barack Obama", "Person", "USA", "President")
ROTEM = Entity("org:hyundai-rotem", "Hyundai Rotem", "Organization", "KOR")
HANWHA = Entity("org:hanwha", "Hanwha", "Organization", "KOR")


def article(doc_id: str, entities, claims) -> Extraction:
    """An article whose claims are ``(type, source, target, date, usd)``."""
    relations = [Relation(t, s.id, o.id, f"{doc_id} sentence {i}.", 20 * i, 20 * i + 15, date, usd,
                          usd, "USD" if usd else None, 0.8) for i, (t, s, o, date, usd) in enumerate(claims)]
    return Extraction(Document(doc_id, "", title=doc_id.upper(), published="2022-09-01"), list(entities), relations)


def corpus() -> list[Extraction]:
    return [
        article("col1", [USA, COL, CLINTON], [("AID", USA, COL, "2000", 10 * B),
                                               ("AID", CLINTON, COL, "2000", 10 * B)]),
        article("col2", [USA, COL, CONGRESS], [("AID", CONGRESS, COL, "2000-07", 10 * B)]),
        article("isr1", [USA, ISR, OBAMA], [("MEETING", ISR, OBAMA, "2016-09", None),
                                             ("MEETING", USA, ISR, "2016-09-21", None)]),
        article("pol1", [KOR, POL, ROTEM, HANWHA], [("ARMS_SALE", KOR, POL, "2022-08-26", 5.8 * B),
                                                     ("ARMS_SALE", ROTEM, POL, "2022", 3.37 * B),
                                                     ("ARMS_SALE", HANWHA, POL, "2022-08", 2.4 * B)]),
    ]


def events_by_type(graph):
    found = {}
    for u, v, k, d in event_edges(graph):
        found.setdefault(d["type"], []).append((u, v, k, d))
    return found


def test_claims_through_different_actors_of_a_side_are_one_event():
    events = events_by_type(graph_from_extractions(corpus()))
    (u, v, _, aid), = events["AID"]
    assert (u, v) == ("person:bill-clinton", "COL")                   # the most specific actor named
    assert (aid["source_side"], aid["target_side"], aid["amount_usd"]) == ("USA", "COL", 10 * B)
    assert sorted((s["article"], s["source"]) for s in aid["sources"]) == [
        ("col1", "USA"), ("col1", "person:bill-clinton"), ("col2", "org:congress")]
    (u, v, _, meeting), = events["MEETING"]                          # sides sorted: ISR before USA
    assert (u, v, meeting["source_side"], meeting["target_side"]) == ("ISR", "person:barack-obama", "ISR", "USA")


def test_stated_parts_point_at_their_total_and_separate_sums_do_not():
    sales = {d["amount_usd"]: (k, d) for *_, k, d in events_by_type(graph_from_extractions(corpus()))["ARMS_SALE"]}
    total_id = sales[5.8 * B][0]
    assert sales[5.8 * B][1]["part_of"] is None
    assert sales[3.37 * B][1]["part_of"] == sales[2.4 * B][1]["part_of"] == total_id
    common = {"type": "ARMS_SALE", "source_side": "USA", "target_side": "POL", "articles": ["a"]}
    separate = [("x", dict(common, date="2022-04", amount_usd=4 * B)),
                ("y", dict(common, date="2022", amount_usd=3 * B)), ("z", dict(common, date="2022", amount_usd=2 * B))]
    assert part_links(separate) == {}                                # 3 + 2 is more than 4: three sales
    other_month = [separate[0], ("y", dict(common, date="2022-09", amount_usd=1 * B))]
    assert part_links(other_month) == {}                             # dated apart: two sales
    other_article = [separate[0], ("y", dict(common, date="2022", amount_usd=1 * B, articles=["b"]))]
    assert part_links(other_article) == {}                           # never stated together


def test_stores_hold_one_event_per_happening_and_the_parts(store):
    xs = corpus()
    store.upsert(xs[:2])
    store.upsert(xs[2:])
    assert_same_graph(store.subgraph(), graph_from_extractions(xs))
    assert store.stats()["events"] == {"AID": 1, "ARMS_SALE": 3, "MEETING": 1}
    assert store.stats()["claims"] == {"AID": 3, "ARMS_SALE": 3, "MEETING": 2}


def test_removing_a_total_frees_its_parts_and_a_country_claim_keeps_the_actor(store):
    xs = corpus()
    store.upsert(xs)
    # the article is re-ingested with a smaller total: its parts no longer fit, three sales
    smaller = dataclasses.replace(xs[3].relations[0], amount_usd=5 * B)
    changed = dataclasses.replace(xs[3], relations=[smaller, *xs[3].relations[1:]])
    store.upsert([changed])
    sales = events_by_type(store.subgraph())["ARMS_SALE"]
    assert [d["part_of"] for *_, d in sales] == [None, None, None]
    # the article naming Clinton goes: the event stays, through Congress
    store.remove("col1")
    (u, v, _, aid), = events_by_type(store.subgraph())["AID"]
    assert (u, v, len(aid["sources"])) == ("org:congress", "COL", 1)
    assert_same_graph(store.subgraph(), graph_from_extractions([xs[1], xs[2], changed]))


@pytest.mark.neo4j
def test_neo4j_database_of_schema_1_is_migrated_on_open(neo4j_store):
    """A database written before events had sides: claims keyed by their actors, no sides on
    claims or events, no schema version. Opening it regroups the claims and rebuilds the events."""
    from seccoop.graph.neo4j_store import SCHEMA_VERSION, Neo4jStore
    xs = corpus()
    neo4j_store.upsert(xs)
    run = lambda statement: neo4j_store._driver.execute_query(statement, database_=neo4j_store.database)
    run("MATCH (c:Claim) SET c.event = 'old:' + c.id REMOVE c.source_side, c.target_side")
    run("MATCH ()-[r]->() WHERE r.source_side IS NOT NULL AND NOT r.actor_level DELETE r")
    run("MATCH ()-[r]->() WHERE r.source_side IS NOT NULL REMOVE r.source_side, r.target_side, r.part_of, "
        "r.actor_level, r.country_level")
    run("MATCH (:Claim)-[link:SOURCE|TARGET]->() DELETE link")
    run("MATCH (s:SeccoopStore) REMOVE s.schema_version")
    with Neo4jStore.from_uri(neo4j_store.uri) as reopened:
        assert_same_graph(reopened.subgraph(), graph_from_extractions(xs))
        [[version]] = run("MATCH (s:SeccoopStore) RETURN s.schema_version").records
        assert version == SCHEMA_VERSION
        [[aid]] = run("MATCH (:Country {id: 'USA'})-[r:AID]->(:Country) RETURN count(r)").records
        assert aid == 1                           # Clinton's and Congress's claims are this one event
        [[linked]] = run("MATCH (c:Claim)-[:SOURCE]->(:Person {id: 'person:bill-clinton'}) RETURN count(c)").records
        assert linked == 1                        # claims link to the actors they name
        [[precision]] = run("MATCH (:Country)-[r:AID]->(:Country) RETURN r.date_precision").records
        assert precision == "year"                # "2000", also a DATE value
