"""Copying between stores: the Python API (seccoop.graph.sync) and the ``seccoop sync``,
``stats`` and ``remove`` commands, on real SQLite files and the real Neo4j test server."""
from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from seccoop.cli import cli, main
from seccoop.errors import StoreError
from seccoop.graph.model import canonical, graph_from_extractions
from seccoop.graph.sqlite_store import SQLiteStore
from seccoop.graph.store import open_store
from seccoop.graph.sync import same_location, sync, sync_locations
from seccoop.graph.synthetic import CorpusShape, synthetic_corpus
from tests.graph_fixtures import rich_extractions
from tests.store_fixtures import neo4j_location


def corpus(relations=200, seed=1):
    return list(synthetic_corpus(relations, seed=seed, shape=CorpusShape(countries=10, programs=3)))


@pytest.fixture
def source(tmp_path):
    with SQLiteStore(str(tmp_path / "source.db")) as store:
        store.upsert(corpus())
        store.upsert(rich_extractions())
        yield store


def run(*args):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


def test_sync_into_an_empty_store_copies_the_graph(source, tmp_path):
    with SQLiteStore(str(tmp_path / "target.db")) as target:
        report = sync(source, target, batch_size=7)
        assert report.documents == source.stats()["documents"]
        assert report.batches == -(-report.documents // 7)
        assert canonical(target.subgraph()) == canonical(source.subgraph())
        again = sync(source, target, batch_size=50)                 # re-running changes nothing
        assert again.documents == report.documents
        assert canonical(target.subgraph()) == canonical(source.subgraph())


def test_sync_without_replace_keeps_the_targets_own_articles(source, tiny_extractions, tmp_path):
    with SQLiteStore(str(tmp_path / "target.db")) as target:
        target.upsert(tiny_extractions)
        sync(source, target)
        assert target.stats()["documents"] == source.stats()["documents"] + 2
        sync(source, target, replace=True)
        assert canonical(target.subgraph()) == canonical(source.subgraph())


def test_a_failure_midway_leaves_whole_articles_and_a_rerun_completes(source, tmp_path):
    """A real lock: after the first batch another connection holds the target's write lock,
    so the second batch times out and fails; the rerun then completes the copy."""
    path = str(tmp_path / "target.db")
    blocker = sqlite3.connect(path, isolation_level=None)
    with SQLiteStore(path, busy_timeout_ms=100) as target:
        def hold_lock_after_first_batch(report):
            if report.batches == 1:
                blocker.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match="locked"):
            sync(source, target, batch_size=20, progress=hold_lock_after_first_batch)
        blocker.execute("ROLLBACK")
        copied = [x.document.id for x in target.extractions()]
        assert len(copied) == 20
        by_id = {x.document.id: x for x in source.extractions()}
        assert canonical(target.subgraph()) == canonical(graph_from_extractions(by_id[i] for i in copied))
        sync(source, target, batch_size=20)
        assert canonical(target.subgraph()) == canonical(source.subgraph())
    blocker.close()


def test_sync_refuses_to_copy_a_store_into_itself(tmp_path):
    path = str(tmp_path / "same.db")
    SQLiteStore(path).close()
    with pytest.raises(StoreError, match="itself"):
        sync_locations(path, str(tmp_path / "." / "same.db"))
    assert same_location("bolt://localhost:7687", "bolt://localhost:7687/")
    assert not same_location(":memory:", ":memory:")


def test_sync_from_a_missing_file_is_an_error_not_an_empty_copy(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        sync_locations(str(tmp_path / "missing.db"), str(tmp_path / "target.db"))
    assert not (tmp_path / "missing.db").exists()


@pytest.mark.neo4j
def test_sync_sqlite_into_neo4j_gives_identical_graph_and_stats(request, source):
    uri = neo4j_location(request)
    with open_store(uri) as neo4j:
        try:
            neo4j.clear()
            report = sync(source, neo4j, batch_size=25)
            assert report.documents == source.stats()["documents"]
            assert neo4j.stats() == source.stats()
            assert canonical(neo4j.subgraph()) == canonical(source.subgraph())
            sync(source, neo4j, replace=True)                        # and back to the same state
            assert canonical(neo4j.subgraph()) == canonical(source.subgraph())
        finally:
            neo4j.clear()


# --- the commands -----------------------------------------------------------------------------

def test_sync_command_copies_and_reports(source, tmp_path):
    target = str(tmp_path / "copy.db")
    result = run("--store", source.path, "sync", "--to", target, "--batch-size", "10", "-q")
    assert result.exit_code == 0
    assert f"to {target}" in result.output and "Copied" in result.output
    with SQLiteStore(target) as copy:
        assert canonical(copy.subgraph()) == canonical(source.subgraph())


def test_stats_command_json_is_the_nested_counts(source):
    result = run("--store", source.path, "stats", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == source.stats()


def test_stats_command_rows_one_per_kind_and_type(source):
    result = run("--store", source.path, "stats", "--format", "jsonl")
    rows = [json.loads(line) for line in result.output.splitlines()]
    counts = source.stats()
    assert rows[0] == {"kind": "documents", "type": None, "count": counts["documents"]}
    assert {(r["kind"], r["type"]): r["count"] for r in rows[1:]} == {
        (kind, t): n for kind in ("entities", "events", "claims") for t, n in counts[kind].items()}
    table = run("--store", source.path, "stats", "--format", "table").output
    assert table.splitlines()[0].split() == ["kind", "type", "count"]


def test_remove_command(source):
    before = source.stats()["documents"]
    result = run("--store", source.path, "remove", "b1", "b2")
    assert result.exit_code == 0 and "Removed 2" in result.output
    partial = run("--store", source.path, "remove", "b3", "nope")
    assert partial.exit_code == 3 and "nope" in partial.output
    missing = run("--store", source.path, "remove", "nope")
    assert missing.exit_code == 1
    assert source.stats()["documents"] == before - 3
    assert run("--store", source.path, "remove").exit_code == 2       # usage: an id is required


@pytest.mark.parametrize("command", [["stats"], ["remove", "b1"], ["sync", "--to", "copy.db"]])
def test_commands_on_a_missing_store_say_so_and_create_nothing(tmp_path, capsys, command):
    missing = tmp_path / "missing.db"
    with pytest.raises(SystemExit) as exit_:
        main(["--store", str(missing), *command])
    assert exit_.value.code == 1
    assert f"no store at {missing}" in capsys.readouterr().err
    assert not missing.exists()
