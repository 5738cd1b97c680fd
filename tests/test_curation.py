"""Curation on both stores (``store`` fixture: a SQLite file and a real Neo4j server): decisions
hold through re-ingest of the same and new articles, a later extractor's output, ``remove``,
a rebuild from scratch with the exported log re-applied, and ``sync``; every reader (subgraph,
light reads, queries, stats) sees the curated graph."""
from __future__ import annotations

import dataclasses

import pytest

from seccoop.errors import CurationError
from seccoop.graph import curation_file
from seccoop.graph.curated_view import curated_view
from seccoop.graph.curation import make_decision
from seccoop.graph.model import event_edges, graph_from_extractions
from seccoop.graph.sqlite_store import SQLiteStore
from seccoop.graph.store import open_store
from seccoop.graph.sync import sync
from seccoop.models import Document, Entity, Extraction, Relation
from seccoop.queries.registry import run_query
from tests.test_store_contract import assert_same_graph

AT = "2026-12-01T10:00:00+00:00"
USA = Entity("USA", "United States", "Country", "USA", aliases=("US", "Washington"))
ARG = Entity("ARG", "Argentina", "Country", "ARG", aliases=("Argentine",))
CHL = Entity("CHL", "Chile", "Country", "CHL")
STATE = Entity("org:state-department", "State Department", "Organization", "USA")
# in one article the recognizer took "Georgia Tech" for a name of the State Department (a split undoes that)
STATE_MISREAD = dataclasses.replace(STATE, aliases=("Georgia Tech",))
INL = Entity("org:inl", "INL", "Organization", "USA", parent="org:state-department")


def decide(action, target, value=None, reason="checked"):
    return make_decision(action, target, value, reason, by="tester", at=AT)


def event_of(graph, type_):
    """The key of the one event of this type."""
    [key] = [k for _, _, k, d in event_edges(graph) if d["type"] == type_]
    return key


def new_article() -> Extraction:
    text = "Chile and Argentina held talks. Argentina thanked the State Department for $2 million in aid."
    doc = Document(id="a3", text=text, title="Title a3", url="https://example.org/a3", published="2016-08-21")
    return Extraction(doc, [USA, ARG, CHL, STATE], [
        Relation("MEETING", "CHL", "ARG", text[:31], 0, 31, "2016-08-21", confidence=0.8),
        Relation("AID", STATE.id, "ARG", text[32:], 32, len(text), "2016-08", 2e6, 2e6, "USD", 0.7),
    ])


def split_article() -> Extraction:
    text = "Georgia Tech trained Chilean engineers."
    doc = Document(id="a4", text=text, title="Title a4", url="https://example.org/a4", published="2016-08-22")
    return Extraction(doc, [USA, CHL, STATE_MISREAD], [
        Relation("TRAINING", STATE.id, "CHL", text, 0, len(text), "2016-08", confidence=0.6)])


@pytest.fixture
def articles(tiny_extractions):
    return tiny_extractions + [new_article(), split_article()]


@pytest.fixture
def decisions(articles):
    """One decision of every kind, taken on the graph of ``articles``."""
    graph = graph_from_extractions(articles)
    return [
        decide("reject", {"event": event_of(graph, "INTELLIGENCE_SHARING")}, reason="a wish, not sharing"),
        decide("confirm", {"event": event_of(graph, "VISIT")}),
        decide("correct", {"event": event_of(graph, "MEETING")}, {"type": "AGREEMENT", "date": "2016-08-20"}),
        decide("correct", {"event": event_of(graph, "TRAINING")}, {"direction": "reversed"}),
        decide("reject", {"claim": {"article": "a2", "start": 0, "end": 39}}, reason="says August only"),
        decide("merge", {"entity": "org:inl"}, {"into": "org:state-department"}),
        decide("split", {"entity": "org:state-department"}, {"alias": "Georgia Tech", "id": "org:georgia-tech"}),
        decide("rename", {"entity": "person:john-kerry"}, {"name": "John F. Kerry", "role": "Secretary"}),
    ]


def expected(extractions, decisions):
    return curated_view(graph_from_extractions(extractions), decisions)


def assert_decisions_hold(graph):
    """What each decision of ``decisions`` does, read off a graph."""
    types = sorted(d["type"] for *_, d in event_edges(graph))
    assert types == ["AGREEMENT", "AID", "AID", "TRAINING", "VISIT"]       # the sharing is gone
    [visit] = [d for *_, d in event_edges(graph) if d["type"] == "VISIT"]
    assert visit["curation"] == "confirmed" and [s["article"] for s in visit["sources"]] == ["a1"]
    [talks] = [d for *_, d in event_edges(graph) if d["type"] == "AGREEMENT"]
    assert talks["date"] == "2016-08-20" and talks["curation"] == "corrected"
    assert "org:inl" not in graph and "INL" in graph.nodes["org:state-department"]["aliases"]
    assert {(u, v) for u, v, d in graph.edges(data=True) if d["type"] == "AID"} == {("org:state-department", "ARG")}
    assert [(u, v) for u, v, d in graph.edges(data=True) if d["type"] == "TRAINING"] == [("CHL", "org:georgia-tech")]
    assert graph.nodes["org:georgia-tech"]["name"] == "Georgia Tech"
    assert "Georgia Tech" not in graph.nodes["org:state-department"]["aliases"]
    kerry = graph.nodes["person:john-kerry"]
    assert (kerry["name"], kerry["role"]) == ("John F. Kerry", "Secretary") and "John Kerry" in kerry["aliases"]


# --- every decision holds -----------------------------------------------------------------------

def test_decisions_hold_through_reingest_new_articles_and_rebuild(store, articles, decisions):
    store.upsert(articles[:2])
    store.add_decisions(decisions)                  # about articles not ingested yet: orphaned for now
    assert store.stats()["curation"]["orphaned"] > 0
    store.upsert(articles)                          # the same two again, and two new ones
    assert store.stats()["curation"] == {"decisions": len(decisions), "orphaned": 0}
    assert_same_graph(store.subgraph(), expected(articles, decisions))
    assert_decisions_hold(store.subgraph())
    store.upsert(articles)
    assert_decisions_hold(store.subgraph())

    text = curation_file.dumps(store.curation_log())
    store.clear()
    assert store.curation_log() == [] and store.stats()["documents"] == 0
    store.upsert(articles[::-1])                    # rebuilt from scratch, in another order
    store.add_decisions(curation_file.loads(text))
    assert_same_graph(store.subgraph(), expected(articles[::-1], decisions))
    assert_decisions_hold(store.subgraph())


def test_decisions_hold_for_a_later_extractor(store, articles, decisions):
    """A new extractor version reads the articles differently (other confidences, one more
    relation, the claims in another order): decisions keyed on event ids and spans still hold."""
    store.upsert(articles)
    store.add_decisions(decisions)
    later = [dataclasses.replace(x, relations=[dataclasses.replace(r, confidence=0.55) for r in x.relations][::-1])
             for x in articles]
    extra = Relation("VISIT", "CHL", "ARG", "Chile and Argentina held talks.", 0, 31, "2016-08", confidence=0.5)
    later[2] = dataclasses.replace(later[2], relations=later[2].relations + [extra])
    store.upsert(later)
    graph = store.subgraph()
    assert_same_graph(graph, expected(later, decisions))
    assert {s["confidence"] for *_, d in event_edges(graph) for s in d["sources"]} == {0.55, 0.5}
    assert store.stats()["curation"]["orphaned"] == 0


def test_remove_orphans_a_decision_and_reingest_restores_it(store, articles, decisions):
    store.upsert(articles)
    store.add_decisions(decisions)
    assert store.remove("a4")                       # the training and the alias split lose their target
    rows = {r["action"] + " " + r["target"]: r["status"] for r in store.curation_rows()}
    assert rows["split entity org:state-department: alias=Georgia Tech, id=org:georgia-tech"] == "orphaned"
    assert list(rows.values()).count("orphaned") == 2
    assert store.stats()["curation"] == {"decisions": len(decisions), "orphaned": 2}
    store.upsert([articles[3]])
    assert store.stats()["curation"]["orphaned"] == 0
    assert_decisions_hold(store.subgraph())


def test_every_reader_sees_the_curated_graph(store, articles, decisions):
    store.upsert(articles)
    store.add_decisions(decisions)
    assert [r["id"] for r in store.find_entities("INL")] == ["org:state-department"]
    assert [r["id"] for r in store.find_entities("Georgia Tech")] == ["org:georgia-tech"]
    assert store.entities(["org:inl", "person:john-kerry"])["person:john-kerry"]["name"] == "John F. Kerry"
    assert "org:inl" not in store.entities(["org:inl"])
    assert store.adjacency(["ARG"])["ARG"] == {"org:state-department", "person:john-kerry", "CHL"}
    rejected = decisions[0]["target"]["event"]
    assert store.event(rejected).number_of_edges() == 0
    partners = {r["partner"]: r for r in run_query(store, "partners", country="ARG")}
    assert set(partners) == {"USA", "CHL"}          # Israel's only event was rejected
    assert partners["CHL"]["types"] == {"AGREEMENT": 1}
    stats = store.stats()
    assert stats["events"] == {"AGREEMENT": 1, "AID": 2, "TRAINING": 1, "VISIT": 1}
    assert stats["claims"]["VISIT"] == 1 and "INTELLIGENCE_SHARING" not in stats["claims"]


def test_an_empty_log_changes_nothing(store, articles):
    store.upsert(articles)
    assert_same_graph(store.subgraph(), graph_from_extractions(articles))
    assert "curation" not in store.stats()


def test_undo_brings_the_event_back(store, articles, decisions):
    store.upsert(articles)
    store.add_decisions(decisions[:1])
    assert "INTELLIGENCE_SHARING" not in store.stats()["events"]
    store.undo(decisions[0]["id"])
    assert store.stats()["events"]["INTELLIGENCE_SHARING"] == 1 and store.curation_log() == []
    with pytest.raises(CurationError, match="no decision 'd0000000000'"):
        store.undo("d0000000000")


# --- conflicts ----------------------------------------------------------------------------------

@pytest.mark.parametrize("first, second", [
    (("reject", {"event": "ev:1"}, None), ("confirm", {"event": "ev:1"}, None)),
    (("correct", {"event": "ev:1"}, {"date": "2016"}), ("correct", {"event": "ev:1"}, {"date": "2017", "type": "AID"})),
    (("merge", {"entity": "A"}, {"into": "B"}), ("merge", {"entity": "A"}, {"into": "C"})),
    (("merge", {"entity": "A"}, {"into": "B"}), ("merge", {"entity": "B"}, {"into": "A"})),
    (("rename", {"entity": "A"}, {"country": "USA"}), ("rename", {"entity": "A"}, {"country": "ARG"})),
])
def test_conflicting_decisions_name_both_and_change_nothing(store, first, second):
    a, b = decide(*first), decide(*second)
    store.add_decisions([a])
    with pytest.raises(CurationError, match=f"conflicting decisions: .*({a['id']}|{b['id']}).*({a['id']}|{b['id']})"):
        store.add_decisions([b])
    assert store.curation_log() == [a]


def test_the_same_decision_twice_is_one(store):
    d = decide("reject", {"event": "ev:1"})
    assert store.add_decisions([d, d]) == [d]
    assert store.add_decisions([d]) == [] and store.curation_log() == [d]


# --- sync and migrations ------------------------------------------------------------------------

def test_sync_carries_the_log(store, articles, decisions, tmp_path):
    with open_store(str(tmp_path / "source.db")) as source:
        source.upsert(articles)
        source.add_decisions(decisions)
        report = sync(source, store, replace=True)
        assert report.decisions == len(decisions)
        assert store.curation_log() == source.curation_log()
        assert_same_graph(store.subgraph(), source.subgraph())


def test_an_older_sqlite_file_gets_the_log(tmp_path, articles):
    path = str(tmp_path / "old.db")
    with SQLiteStore(path) as old:
        old.upsert(articles)
        old._db.execute("DROP TABLE curation")          # as a file from before the log was
        old._db.execute("DELETE FROM schema_version WHERE version = 5")
    with open_store(path) as store:
        assert store.curation_log() == []
        store.add_decisions([decide("reject", {"event": event_of(store.subgraph(), "VISIT")})])
        assert "VISIT" not in store.stats()["events"]


@pytest.mark.neo4j
def test_an_older_neo4j_database_gets_the_log_constraint(neo4j_uri):
    with open_store(neo4j_uri) as store:
        store.clear()
        run = lambda q: store._driver.execute_query(q, database_=store.database).records
        run("DROP CONSTRAINT seccoop_decision_id IF EXISTS")
    with open_store(neo4j_uri) as store:
        names = [r["name"] for r in store._driver.execute_query("SHOW CONSTRAINTS YIELD name",
                                                                database_=store.database).records]
        assert "seccoop_decision_id" in names


def test_totals_and_parts_are_regrouped_after_curation():
    from tests.test_event_identity import B, corpus, events_by_type
    graph = graph_from_extractions(corpus())
    sales = {d["amount_usd"]: k for *_, k, d in events_by_type(graph)["ARMS_SALE"]}
    freed = curated_view(graph, [decide("reject", {"event": sales[5.8 * B]})])
    assert sales[5.8 * B] not in {d["part_of"] for *_, d in event_edges(freed)}      # no part of a rejected total
    smaller = curated_view(graph, [decide("correct", {"event": sales[5.8 * B]}, {"amount_usd": 5 * B})])
    assert [d["part_of"] for *_, d in events_by_type(smaller)["ARMS_SALE"]] == [None, None, None]
    assert all(d["part_of"] in (None, sales[5.8 * B]) for *_, d in event_edges(curated_view(graph, [])))


def test_a_split_off_entity_can_be_renamed_and_merged_into_whatever_the_order(articles):
    graph = graph_from_extractions(articles)
    split = decide("split", {"entity": "org:state-department"}, {"alias": "Georgia Tech", "id": "org:gt"})
    later = [decide("merge", {"entity": "org:inl"}, {"into": "org:gt"}),
             decide("rename", {"entity": "org:gt"}, {"name": "Georgia Institute of Technology", "country": "USA"})]
    for log in (later + [split], [split] + later):
        view = curated_view(graph, log)
        assert set(view.graph["curation"].values()) == {"applied"}
        assert view.nodes["org:gt"]["name"] == "Georgia Institute of Technology"
        assert {"INL", "Georgia Tech"} <= set(view.nodes["org:gt"]["aliases"])
        assert view.has_edge("org:gt", "USA", "AFFILIATED_WITH") and "org:inl" not in view


def test_a_conflict_from_another_writer_is_refused_in_the_write(store, tmp_path):
    """Two analysts on one store: the second's view of the log is stale, the write still sees
    the first's decision and refuses the conflict."""
    other_location = str(tmp_path / "sqlite.db") if isinstance(store.inner, SQLiteStore) else store.uri
    rejected, confirmed = decide("reject", {"event": "ev:1"}), decide("confirm", {"event": "ev:1"})
    assert store.curation_log() == []                        # read (and kept) before the other writes
    with open_store(other_location) as other:
        other.add_decisions([rejected])
    with pytest.raises(CurationError, match=f"conflicting decisions: {confirmed['id']}.*{rejected['id']}"):
        store.add_decisions([confirmed])
    assert [d["id"] for d in store.inner.curation_log()] == [rejected["id"]]
