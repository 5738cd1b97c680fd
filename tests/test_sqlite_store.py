"""What only the SQLite store has: its file settings, schema versions and migrations, errors
on bad files, and selections answered from indexes (the contract suite checks the answers)."""
from __future__ import annotations

import dataclasses
import random
import sqlite3

import pytest

from seccoop.errors import InputError, StoreError
from seccoop.graph.model import canonical, graph_from_extractions
from seccoop.graph.selection import Selection, apply_selection
from seccoop.graph.sqlite_store import (SQLiteStore, event_filter, migrations, schema_version,
                                        sql_statements)
from seccoop.graph.store import open_store
from seccoop.graph.synthetic import CorpusShape, synthetic_corpus
from seccoop.models import Relation


def test_file_settings(sqlite_path):
    with SQLiteStore(sqlite_path, busy_timeout_ms=1234) as store:
        pragma = lambda name: store._db.execute(f"PRAGMA {name}").fetchone()[0]
        assert pragma("journal_mode") == "wal"
        assert pragma("busy_timeout") == 1234
        assert pragma("synchronous") == 1          # NORMAL


def test_open_store_picks_sqlite_for_paths_and_memory(sqlite_path, tiny_extractions):
    with open_store(sqlite_path) as store:
        assert isinstance(store.inner, SQLiteStore)        # under the curation layer (curated_store)
        store.upsert(tiny_extractions)
    with open_store(sqlite_path) as again:            # persisted
        assert again.stats()["documents"] == 2
    with open_store(":memory:") as memory:
        memory.upsert(tiny_extractions)
        assert canonical(memory.subgraph()) == canonical(graph_from_extractions(tiny_extractions))


def test_schema_version_is_recorded_once(sqlite_path):
    newest = migrations()[-1][0]
    SQLiteStore(sqlite_path).close()
    SQLiteStore(sqlite_path).close()
    with sqlite3.connect(sqlite_path) as db:
        rows = db.execute("SELECT version, name FROM schema_version").fetchall()
        assert schema_version(db) == newest
    assert [v for v, _ in rows] == [v for v, _, _ in migrations()]
    assert rows[0] == (1, "initial")


def test_a_newer_schema_is_refused(sqlite_path):
    SQLiteStore(sqlite_path).close()
    with sqlite3.connect(sqlite_path) as db:
        db.execute("INSERT INTO schema_version VALUES (999, 'future', '2099-01-01')")
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(sqlite_path)


def test_migrations_are_package_data_with_indexes_for_the_queries():
    (version, name, sql), *_ = migrations()
    assert (version, name) == (1, "initial")
    statements = list(sql_statements(sql))
    assert any(s.startswith("CREATE TABLE events") for s in statements)
    indexed = " ".join(s for s in statements if s.startswith("CREATE INDEX"))
    for column in ("events (source", "events (target", "events (type, date", "entities (country",
                   "entities (type", "articles (published", "mentions (entity_id", "claims (event_id"):
        assert column in indexed


def test_sql_statements_keeps_semicolons_inside_strings():
    script = "-- a comment; with a semicolon\nCREATE TABLE t (x TEXT DEFAULT ';');\nINSERT INTO t VALUES ('a;b');\n-- end\n"
    assert list(sql_statements(script)) == [
        "-- a comment; with a semicolon\nCREATE TABLE t (x TEXT DEFAULT ';');", "INSERT INTO t VALUES ('a;b');"]
    with pytest.raises(StoreError, match="incomplete"):
        list(sql_statements("CREATE TABLE t (x TEXT"))


def test_bad_locations_raise_store_errors(tmp_path):
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("this is not a database " * 100)
    with pytest.raises(StoreError, match="notes.db"):
        SQLiteStore(str(not_a_db))
    with pytest.raises(StoreError):
        SQLiteStore(str(tmp_path / "no" / "such" / "dir" / "x.db"))


def test_a_write_blocked_longer_than_the_busy_timeout_fails_cleanly(sqlite_path, tiny_extractions):
    SQLiteStore(sqlite_path).close()
    blocker = sqlite3.connect(sqlite_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    with SQLiteStore(sqlite_path, busy_timeout_ms=50) as store:
        with pytest.raises(StoreError, match="locked"):
            store.upsert(tiny_extractions)
        blocker.execute("ROLLBACK")
        assert store.stats()["documents"] == 0
        store.upsert(tiny_extractions)                      # the connection is still usable
        assert store.stats()["documents"] == 2
    blocker.close()


def test_invalid_input_names_the_file(sqlite_path, tiny_extractions):
    bad = dataclasses.replace(tiny_extractions[0], relations=[Relation("BRIBE", "USA", "ARG", "x", 0, 1)])
    with SQLiteStore(sqlite_path) as store, pytest.raises(InputError, match=r"a1\.txt.*BRIBE"):
        store.upsert([bad])


def test_unchanged_articles_are_skipped_changed_ones_reported(sqlite_path, tiny_extractions):
    with SQLiteStore(sqlite_path) as store:
        store.upsert(tiny_extractions)
        again = store.upsert(tiny_extractions)
        assert (again.relations_added, again.replaced_documents) == (0, [])
        changed = dataclasses.replace(tiny_extractions[1], relations=tiny_extractions[1].relations[:1])
        report = store.upsert([tiny_extractions[0], changed])
        assert (report.relations_added, report.replaced_documents) == (1, ["a2"])


# --- selections pushed down to SQL ------------------------------------------------------------

def plan(store, sql, params):
    return " | ".join(row[3] for row in store._db.execute("EXPLAIN QUERY PLAN " + sql, params))


@pytest.mark.parametrize("selection", [
    Selection(countries=("ARG",)), Selection(types=("AID",), since="2016"),
    Selection(countries=("ARG", "USA"), types=("VISIT",)),
])
def test_filters_read_events_through_indexes(sqlite_path, selection):
    with SQLiteStore(sqlite_path) as store:
        where, params = event_filter(selection)
        query_plan = plan(store, f"SELECT id FROM events e WHERE {where}", params)
        assert "USING INDEX" in query_plan and "SCAN e" not in query_plan, query_plan


def test_center_expansion_reads_events_through_indexes(sqlite_path):
    with SQLiteStore(sqlite_path) as store:
        where, params = event_filter(Selection(types=("AID",)))
        for end in ("source", "target"):
            query_plan = plan(store, f"SELECT id FROM events e WHERE e.{end} IN (SELECT value FROM "
                                     f"json_each(?)) AND {where}", ['["ARG"]', *params])
            assert f"events_{end}" in query_plan, query_plan


def random_selection(rng: random.Random, nodes: list[str]) -> Selection:
    return Selection(
        center=rng.choice(nodes + ["nowhere"]) if rng.random() < 0.7 else None,
        depth=rng.randint(0, 3),
        types=tuple(rng.sample(["AID", "VISIT", "MEETING", "TRAINING", "ARMS_SALE"], rng.randint(0, 2))),
        countries=tuple(rng.sample(["XAA", "XAB", "XAC", "XAD"], rng.randint(0, 2))),
        since=rng.choice([None, "2008", "2015-06", "2012-03-15"]),
        until=rng.choice([None, "2020", "2011-03", "2019-12-31"]),
        min_confidence=rng.choice([0.0, 0.5, 0.9]), min_sources=rng.choice([1, 1, 2, 3]))


def test_random_selections_equal_the_in_memory_reference(sqlite_path):
    """Many random selections on a larger, sparser corpus than the contract suite's."""
    xs = list(synthetic_corpus(1500, seed=13, shape=CorpusShape(countries=30, people_per_relation=0.1,
                                                                organizations_per_relation=0.05)))
    reference = graph_from_extractions(xs)
    rng = random.Random(13)
    with SQLiteStore(sqlite_path) as store:
        store.upsert(xs)
        for _ in range(150):
            selection = random_selection(rng, sorted(reference))
            got = canonical(store.subgraph(selection))
            assert got == canonical(apply_selection(reference, selection)), selection
