"""A process killed (SIGKILL) in the middle of a long multi-batch ingest into SQLite leaves
only whole batches behind, and running the same ingest again gives the graph a clean run gives.

The ingest runs in a real subprocess writing to a real file; the parent kills it while a batch
is being written (it prints ``begin N`` just before each upsert and ``done N`` after it).
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from seccoop.graph.model import canonical, graph_from_extractions
from seccoop.graph.sqlite_store import SQLiteStore
from seccoop.graph.store import content_hash
from seccoop.graph.synthetic import synthetic_corpus

BATCH = 40

# The child: ingest synthetic_corpus(relations, seed) in batches, announcing each batch.
INGEST = """
import sys
from seccoop.graph.sqlite_store import SQLiteStore
from seccoop.graph.synthetic import synthetic_corpus
path, relations, seed, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
xs = list(synthetic_corpus(relations, seed=seed))
with SQLiteStore(path) as store:
    for n, i in enumerate(range(0, len(xs), batch)):
        print("begin", n, flush=True)
        store.upsert(xs[i:i + batch])
        print("done", n, flush=True)
"""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def ingest_process(path, relations, seed):
    return subprocess.Popen([sys.executable, "-c", INGEST, path, str(relations), str(seed), str(BATCH)],
                            stdout=subprocess.PIPE, text=True)


def kill_during_batch(proc, batch: int, fraction: float) -> None:
    """SIGKILL ``proc`` once it is ``fraction`` of the way through writing batch ``batch``, as
    timed on the batch before it."""
    started = {}
    for line in proc.stdout:
        event, n = line.split()
        started[(event, int(n))] = time.monotonic()
        if (event, int(n)) == ("begin", batch):
            took = started[("done", batch - 1)] - started[("begin", batch - 1)]
            time.sleep(took * fraction)
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"


def finish(path, relations, seed) -> None:
    """The same ingest again, run to the end (in this process: only the killed one needs its own)."""
    articles = list(synthetic_corpus(relations, seed=seed))
    with SQLiteStore(path) as store:
        for i in range(0, len(articles), BATCH):
            store.upsert(articles[i:i + BATCH])


def assert_only_whole_batches(path, articles):
    """The file is sound and holds exactly the first whole batches (a prefix of the input)."""
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with SQLiteStore(path) as store:
        graph = store.subgraph()
    kept = len(graph.graph["articles"])
    assert kept % BATCH == 0 and 0 < kept < len(articles)
    assert canonical(graph) == canonical(graph_from_extractions(articles[:kept]))
    return kept


def test_killed_ingest_rerun_equals_a_clean_run(tmp_path):
    path, relations, seed = str(tmp_path / "crash.db"), 1500, 21
    articles = list(synthetic_corpus(relations, seed=seed))
    kill_during_batch(ingest_process(path, relations, seed), batch=3, fraction=0.5)
    assert assert_only_whole_batches(path, articles) >= 3 * BATCH
    finish(path, relations, seed)
    with SQLiteStore(path) as store:
        assert canonical(store.subgraph()) == canonical(graph_from_extractions(articles))


def test_killed_while_replacing_articles_rerun_equals_a_clean_run(tmp_path):
    """The second ingest rewrites every article (another seed, same ids): the batches killed
    mid-way replace claims and recompute shared events and entities."""
    path = str(tmp_path / "replace.db")
    first = list(synthetic_corpus(1000, seed=1))
    second = list(synthetic_corpus(1000, seed=2))
    finish(path, 1000, 1)
    kill_during_batch(ingest_process(path, 1000, 2), batch=2, fraction=0.5)
    with SQLiteStore(path) as store:
        stored = {content_hash(x) for x in store.extractions()}
        graph = store.subgraph()
    done = sum(content_hash(x) in stored for x in second)
    assert done % BATCH == 0 and 2 * BATCH <= done < len(second)
    assert all(content_hash(x) in stored for x in second[:done])          # a prefix, in order
    assert canonical(graph) == canonical(graph_from_extractions(first + second[:done]))
    finish(path, 1000, 2)
    with SQLiteStore(path) as store:
        assert canonical(store.subgraph()) == canonical(graph_from_extractions(first + second))


def test_repeated_kills_then_completion(tmp_path):
    path, relations, seed = str(tmp_path / "kills.db"), 1500, 5
    articles = list(synthetic_corpus(relations, seed=seed))
    kept = 0
    for batch, fraction in ((1, 0.1), (2, 0.5), (1, 0.9)):
        kill_during_batch(ingest_process(path, relations, seed), batch=batch, fraction=fraction)
        now = assert_only_whole_batches(path, articles)
        assert now >= kept
        kept = now
    finish(path, relations, seed)
    with SQLiteStore(path) as store:
        assert canonical(store.subgraph()) == canonical(graph_from_extractions(articles))
