"""The store contract: every implementation (``store`` fixture: SQLite and a real Neo4j server)
must hold exactly what ``graph_from_extractions`` builds from the same upserts."""
from __future__ import annotations

import dataclasses
import json
import random

import pytest

from seccoop.errors import SeccoopError
from seccoop.graph import lookups
from seccoop.graph.model import canonical, event_edges, graph_from_extractions, graphs_equal
from seccoop.graph.selection import Selection, apply_selection
from seccoop.graph.sqlite_store import SQLiteStore
from seccoop.graph.synthetic import CorpusShape, synthetic_corpus
from seccoop.models import Document, Entity, Extraction, Relation
from tests.graph_fixtures import HOSTILE, rich_extractions


def assert_same_graph(got, expected):
    """Equal graphs, or a diff small enough to read."""
    a, b = canonical(got), canonical(expected)
    for part in ("articles", "nodes", "edges"):
        missing = sorted(set(b[part]) - set(a[part]), key=str)[:3]
        extra = sorted(set(a[part]) - set(b[part]), key=str)[:3]
        differ = [(k, a[part][k], b[part][k]) for k in a[part] if k in b[part] and a[part][k] != b[part][k]]
        assert (missing, extra, differ[:2]) == ([], [], []), part


def small_corpus(seed=0, relations=240, prefix="syn"):
    return list(synthetic_corpus(relations, seed=seed, prefix=prefix,
                                 shape=CorpusShape(countries=12, programs=4, people_per_relation=0.2,
                                                   organizations_per_relation=0.1)))


def upsert_in_batches(store, extractions, size):
    for i in range(0, len(extractions), size):
        store.upsert(extractions[i:i + size])


# --- round trip and idempotence ---------------------------------------------------------------

def test_round_trip_equals_reference_graph(store, tiny_extractions):
    report = store.upsert(tiny_extractions)
    assert report.documents == 2 and report.relations_added == 4 and report.entities_added == 6
    assert_same_graph(store.subgraph(), graph_from_extractions(tiny_extractions))


def test_hostile_strings_round_trip(store):
    xs = rich_extractions()
    store.upsert(xs)
    graph = store.subgraph()
    assert_same_graph(graph, graph_from_extractions(xs))
    texts = [s["evidence"] for *_, d in event_edges(graph) for s in d["sources"]]
    texts += [a["title"] for a in graph.graph["articles"].values()]
    assert any(HOSTILE in t for t in texts)


def test_same_input_twice_changes_nothing(store, tiny_extractions):
    store.upsert(tiny_extractions)
    before, stats = canonical(store.subgraph()), store.stats()
    report = store.upsert(tiny_extractions)
    assert report.documents == 2 and report.entities_added == 0
    assert canonical(store.subgraph()) == before
    assert store.stats() == stats


def test_many_batches_equal_one_reference_graph(store):
    xs = small_corpus(relations=150)
    upsert_in_batches(store, xs, 7)
    assert_same_graph(store.subgraph(), graph_from_extractions(xs))
    upsert_in_batches(store, xs, 13)                # again, cut differently: nothing changes
    assert_same_graph(store.subgraph(), graph_from_extractions(xs))


def test_duplicate_article_in_one_batch_keeps_the_last(store, tiny_extractions):
    first, second = tiny_extractions
    changed = dataclasses.replace(first, relations=first.relations[:1])
    store.upsert([first, second, changed])
    assert_same_graph(store.subgraph(), graph_from_extractions([first, second, changed]))
    assert store.stats()["claims"] == {"INTELLIGENCE_SHARING": 1, "VISIT": 2}


# --- node merging -----------------------------------------------------------------------------

def test_aliases_accumulate_and_known_fields_are_not_blanked(store, tiny_extractions):
    bare_kerry = Entity("person:john-kerry", "J. Kerry", "Person", None, None, ("Secretary Kerry",))
    usa = tiny_extractions[0].entities[0]
    later = Extraction(Document("a3", "", title="Later"), [usa, bare_kerry], [
        Relation("MEETING", bare_kerry.id, "USA", "J. Kerry met officials.", 0, 23, "2016-09")])
    store.upsert(tiny_extractions + [later])
    node = store.subgraph().nodes["person:john-kerry"]
    assert node["name"] == "John Kerry"                     # the first name stays; later ones are aliases
    assert node["aliases"] == ["J. Kerry", "Kerry", "Secretary Kerry"]
    assert (node["country"], node["role"]) == ("USA", "Secretary of State")
    assert_same_graph(store.subgraph(), graph_from_extractions(tiny_extractions + [later]))


def test_replaced_article_keeps_its_place_in_the_merge_order(store):
    xs = small_corpus(seed=5)
    store.upsert(xs)
    rewritten = [dataclasses.replace(x, entities=[dataclasses.replace(e, name=e.name + " (rev)")
                                                  for e in x.entities]) for x in xs[:3]]
    store.upsert(rewritten)
    assert_same_graph(store.subgraph(), graph_from_extractions(xs + rewritten))


# --- replace and remove -----------------------------------------------------------------------

def test_upsert_reports_new_replaced_and_unchanged_articles(store, tiny_extractions):
    first = store.upsert(tiny_extractions[:1])
    assert (first.new_documents, first.replaced_documents, first.unchanged_documents) == (1, [], 0)
    changed = dataclasses.replace(tiny_extractions[1], relations=tiny_extractions[1].relations[:1])
    again = store.upsert([tiny_extractions[0], changed])
    assert (again.new_documents, again.replaced_documents, again.unchanged_documents) == (1, [], 1)
    last = store.upsert(tiny_extractions)
    assert (last.new_documents, last.replaced_documents, last.unchanged_documents) == (0, ["a2"], 1)


def test_reingesting_a_changed_article_replaces_its_claims(store, tiny_extractions):
    store.upsert(tiny_extractions)
    first = tiny_extractions[0]
    israel = Entity("ISR", "Israel", "Country", "ISR")
    changed = Extraction(dataclasses.replace(first.document, title="Corrected"),
                         [first.entities[1], israel],
                         [Relation("ARMS_SALE", "ISR", "ARG", "Israel sold drones to Argentina.", 0, 32,
                                   "2016-08", 3e6, 3e6, "USD", 0.7)])
    report = store.upsert([changed])
    assert report.replaced_documents == ["a1"]
    assert_same_graph(store.subgraph(), graph_from_extractions(tiny_extractions + [changed]))
    graph = store.subgraph()
    assert "org:inl" not in graph and "org:state-department" not in graph   # mentioned only by a1
    visit = [d for *_, d in event_edges(graph) if d["type"] == "VISIT"][0]
    assert [s["article"] for s in visit["sources"]] == ["a2"]
    assert store.stats()["claims"] == {"ARMS_SALE": 1, "INTELLIGENCE_SHARING": 1, "VISIT": 1}


def test_remove_drops_claims_orphan_events_and_orphan_entities(store, tiny_extractions):
    store.upsert(tiny_extractions)
    assert store.remove("a1") is True
    assert_same_graph(store.subgraph(), graph_from_extractions(tiny_extractions[1:]))
    assert store.remove("a1") is False
    assert store.remove("never-ingested") is False
    assert store.find_entities("INL") == []


def test_removing_everything_leaves_an_empty_store(store):
    xs = small_corpus(seed=2, relations=60)
    store.upsert(xs)
    for x in reversed(xs):
        assert store.remove(x.document.id)
    assert store.stats() == {"documents": 0, "entities": {}, "events": {}, "claims": {}}
    assert store.subgraph().number_of_nodes() == 0


def test_random_upserts_and_removes_match_the_reference(store):
    rng = random.Random(7)
    versions = [small_corpus(seed=s, relations=90) for s in (11, 12)]
    current: dict[str, Extraction] = {}
    for _ in range(6):
        batch = [rng.choice(versions)[i] for i in rng.sample(range(len(versions[0])), 6)]
        store.upsert(batch)
        current.update((x.document.id, x) for x in batch)     # keeps first-ingest order
        for doc_id in rng.sample(sorted(current), 2):
            assert store.remove(doc_id)
            del current[doc_id]
    assert_same_graph(store.subgraph(), graph_from_extractions(current.values()))


def test_invalid_input_is_rejected_before_anything_is_written(store, tiny_extractions):
    bad = dataclasses.replace(tiny_extractions[1], relations=[
        Relation("INVASION", "ISR", "ARG", "x", 0, 1)])
    with pytest.raises(SeccoopError):
        store.upsert([tiny_extractions[0], bad])
    assert store.stats()["documents"] == 0
    dangling = dataclasses.replace(tiny_extractions[1], relations=[
        Relation("AID", "org:nowhere", "ARG", "x", 0, 1)])
    with pytest.raises(SeccoopError):
        store.upsert([dangling])
    assert store.stats()["documents"] == 0


# --- reading ----------------------------------------------------------------------------------

SELECTIONS = [
    Selection(), Selection(types=("VISIT", "AID")), Selection(countries=("XAB",)),
    Selection(countries=("XAA", "XAC"), types=("MEETING",)), Selection(since="2015"),
    Selection(until="2010-06"), Selection(since="2012-03-15", until="2019"),
    Selection(min_confidence=0.8), Selection(min_sources=2), Selection(center="XAA", depth=0),
    Selection(center="XAB"), Selection(center="person:p1", depth=2), Selection(center="org:o5", depth=2),
    Selection(center="person:p30", depth=3), Selection(center="org:o3", depth=2),   # o3: a parent, no events
    Selection(center="XAC", depth=2, types=("AID", "TRAINING"), since="2010"),
    Selection(center="nowhere", depth=2), Selection(center="XAB", countries=("XAD",)),
]


def test_selections_equal_apply_selection_on_the_reference(store):
    xs = small_corpus(seed=3, relations=300)
    store.upsert(xs)
    reference = graph_from_extractions(xs)
    for selection in SELECTIONS:        # one load for all: each check names its selection
        got, expected = canonical(store.subgraph(selection)), canonical(apply_selection(reference, selection))
        assert got == expected, selection
        assert got["edges"] or selection.center in ("nowhere", "org:o3") or selection.depth == 0


def test_neighbours_is_the_ego_network(store, tiny_extractions):
    store.upsert(tiny_extractions)
    reference = graph_from_extractions(tiny_extractions)
    for depth in (1, 2):
        expected = apply_selection(reference, Selection(center="person:john-kerry", depth=depth))
        assert_same_graph(store.neighbours("person:john-kerry", depth), expected)
    assert set(store.neighbours("person:john-kerry", 1)) == {"person:john-kerry", "ARG"}


def test_documents_are_the_article_metadata_by_id(store, tiny_extractions):
    store.upsert(list(reversed(tiny_extractions)))
    assert list(store.documents()) == [x.document.meta() for x in tiny_extractions]


@pytest.mark.parametrize("name, expected", [
    ("washington", ["USA"]), ("usa", ["USA"]), ("Kerry", ["person:john-kerry"]),
    ("JOHN  kerry", ["person:john-kerry"]), ("argentine", ["ARG"]), ("inl", ["org:inl"]),
    ("Martinez", ["person:julio-martinez"]), ("julio martínez", ["person:julio-martinez"]),
    ("state", ["org:state-department"]), ("nobody", []), ("", []), ("%", []),
])
def test_find_entities_is_accent_and_case_insensitive(store, tiny_extractions, name, expected):
    martinez = Entity("person:julio-martinez", "Julio Martínez", "Person", "ARG", "Minister")
    extra = Extraction(Document("a3", ""), [martinez], [])
    store.upsert(tiny_extractions + [extra])
    found = store.find_entities(name)
    assert [e["id"] for e in found] == expected
    for e in found:
        assert {"id", "name", "type", "country", "role", "aliases"} <= set(e)


def test_exact_matches_win_over_word_matches(store, tiny_extractions):
    us_embassy = Entity("org:us-embassy", "US Embassy", "Organization", "USA")
    store.upsert(tiny_extractions + [Extraction(Document("a3", ""), [us_embassy], [])])
    assert [e["id"] for e in store.find_entities("US")] == ["USA"]
    assert [e["id"] for e in store.find_entities("embassy")] == ["org:us-embassy"]


def test_stats_counts(store, tiny_extractions):
    store.upsert(tiny_extractions)
    assert store.stats() == {
        "documents": 2,
        "entities": {"Country": 3, "Organization": 2, "Person": 1},
        "events": {"AID": 1, "INTELLIGENCE_SHARING": 1, "VISIT": 1},
        "claims": {"AID": 1, "INTELLIGENCE_SHARING": 1, "VISIT": 2},
    }


def test_extractions_rebuild_the_same_graph_elsewhere(store, tmp_path):
    xs = small_corpus(seed=4)
    upsert_in_batches(store, xs, 9)
    store.upsert([dataclasses.replace(xs[0], relations=xs[0].relations[:1])])   # a replaced one
    copied = list(store.extractions())
    assert [x.document.id for x in copied] == [x.document.id for x in xs]          # ingest order
    with SQLiteStore(str(tmp_path / "copy.db")) as other:
        other.upsert(copied)
        assert_same_graph(other.subgraph(), store.subgraph())
        assert other.stats() == store.stats()


def test_clear_empties_the_store(store, tiny_extractions):
    store.upsert(tiny_extractions)
    store.clear()
    assert store.stats() == {"documents": 0, "entities": {}, "events": {}, "claims": {}}
    assert list(store.documents()) == [] and store.find_entities("usa") == []
    store.upsert(tiny_extractions)
    assert graphs_equal(store.subgraph(), graph_from_extractions(tiny_extractions))


# --- light reads for the named queries (reference: seccoop.graph.lookups on the model) --------

def test_light_reads_equal_the_reference(store):
    xs = small_corpus(seed=3, relations=300)
    store.upsert(xs)
    reference = graph_from_extractions(xs)
    ids = sorted(reference)[::3] + ["XAA", "org:o3", "nowhere"]       # o3: a parent without events
    among = sorted(reference)[1::2]
    for types, structural, events, within in (
            ((), False, True, None), ((), True, True, None), (("AID", "VISIT"), False, True, None),
            (("MEETING",), True, True, None), ((), True, False, None), ((), False, False, None),
            ((), False, True, among), (("AID",), True, True, among)):
        assert store.adjacency(ids, types=types, structural=structural, events=events, among=within) == \
            lookups.adjacency(reference, ids, types, structural, events, within), (types, structural, events)
    for types in ((), ("VISIT", "AID")):
        assert store.reach(ids, types=types) == set().union(*lookups.adjacency(reference, ids, types).values())
    pairs = [(u, v) for u, v in zip(ids, ids[1:])] + [(v, u) for u, v, _ in reference.edges(keys=True)][::4]
    for types, sources, latest in (((), True, None), (("AID", "TRAINING"), True, None), ((), False, 1),
                                   (("MEETING", "AGREEMENT"), False, 2), ((), True, 3)):
        got = store.edges_between(pairs, types=types, sources=sources, latest=latest)
        expected = lookups.edges_between(reference, pairs, types, sources, latest)
        assert_same_graph(got, expected)
        assert got.graph["left_out"] == expected.graph["left_out"], (types, latest)
    assert expected.graph["left_out"] and expected.number_of_edges()     # the cap did cut here
    for key in sorted(k for *_, k, _ in event_edges(reference))[::25]:
        assert_same_graph(store.event(key), lookups.event(reference, key))
    assert store.event("ev:0000000000000000").number_of_edges() == 0
    assert store.entities(ids) == lookups.entity_records(reference, ids)
    for country in ("XAA", "XAB", "person:p1", "nowhere"):
        assert store.members(country) == lookups.members(reference, country), country


def test_light_reads_on_hand_made_links(store, tiny_extractions):
    store.upsert(tiny_extractions)
    near = store.adjacency(["org:state-department", "USA", "ISR"], structural=True)
    assert near == {"org:state-department": {"org:inl", "USA"},
                    "USA": {"org:inl", "org:state-department", "person:john-kerry"}, "ISR": {"ARG"}}
    assert store.adjacency(["USA"]) == {"USA": set()}                  # no event of its own
    between = store.edges_between([("org:state-department", "org:inl"), ("ARG", "person:john-kerry")])
    assert sorted((u, v, k) for u, v, k in between.edges(keys=True))[0] == \
        ("org:inl", "org:state-department", "PART_OF")
    assert sorted(between.graph["articles"]) == ["a1", "a2"]
    assert store.members("USA") == {"USA", "person:john-kerry", "org:inl", "org:state-department"}


def test_sqlite_migration_fills_the_article_ids_of_stored_events(tmp_path):
    """Schema 3 keeps each event's article ids beside its sources; an older store gets them from
    the sources when migration 0003 rebuilds its events table."""
    from seccoop.graph.sqlite_store import _rederive_events, migrations, sql_statements
    xs = small_corpus(seed=6, relations=120)
    reference = graph_from_extractions(xs)
    with SQLiteStore(str(tmp_path / "migrated.db")) as store:
        store.upsert(xs)
        store._db.execute("UPDATE events SET articles = '[]'")
        for statement in sql_statements(migrations()[2][2]):
            store._db.execute(statement)
        rows = store._db.execute("SELECT id, articles FROM events").fetchall()
        # back to schema 3's claims (no sides, events grouped by other ids), then schema 4
        for column in ("source_side", "target_side"):
            store._db.execute(f"ALTER TABLE claims DROP COLUMN {column}")
        store._db.execute("UPDATE claims SET event_id = 'ev:old:' || article_id || position")
        for statement in sql_statements(migrations()[3][2]):
            store._db.execute(statement)
        _rederive_events(store._db)
        assert_same_graph(store.subgraph(), reference)
    expected = {k: sorted({s["article"] for s in d["sources"]}) for *_, k, d in event_edges(reference)}
    assert {k: json.loads(a) for k, a in rows} == expected
    assert any(len(a) > 1 for a in expected.values())


def test_sqlite_light_reads_use_covering_indexes(tmp_path):
    """No light read scans a table, and adjacency reads no event row (a fresh store, no ANALYZE)."""
    from seccoop.graph import sqlite_store as S
    with SQLiteStore(str(tmp_path / "plans.db")) as store:
        plan = lambda sql, *params: " | ".join(r[3] for r in store._db.execute("EXPLAIN QUERY PLAN " + sql, params))
        ids, pairs = '["XAA"]', '[["XAA", "XAB"]]'
        links = plan(f"SELECT source, target FROM events WHERE source IN {S.IDS} UNION ALL "
                     f"SELECT target, source FROM events WHERE target IN {S.IDS}", ids, ids)
        assert links.count("USING COVERING INDEX") == 2, links
        typed = plan(f"SELECT target FROM events WHERE source IN {S.IDS} AND type IN (?)", ids, "AID")
        assert "COVERING INDEX events_source (source=? AND type=?)" in typed
        for statement, params in ((S._PAIR_EVENTS, (pairs,)), (S._LATEST_PAIR_EVENTS, (pairs, 3))):
            found = plan(statement.format(where="1", cols=S._LIGHT_EVENT_COLS), *params)
            assert "INDEX events_pair (source=? AND target=?)" in found and "SCAN e" not in found, found
        for end in ("country", "parent"):
            assert f"COVERING INDEX mentions_{end}" in plan(
                f"SELECT entity_id FROM mentions WHERE {end} IN {S.IDS}", ids)
