"""Two processes ingest into the same SQLite file at once (both opening it new), while this
process reads: both writers succeed, and every read sees a consistent graph, i.e. exactly the
graph of the whole articles it lists, never half a batch."""
from __future__ import annotations

import subprocess
import sys

from seccoop.graph.model import canonical, graph_from_extractions
from seccoop.graph.sqlite_store import SQLiteStore
from seccoop.graph.synthetic import CorpusShape, synthetic_corpus

RELATIONS, BATCH = 1200, 20
# No disagreement between articles and month-precision dates: the graph of a set of articles
# then does not depend on the order the two writers' batches interleave in.
SHAPE = CorpusShape(vary_entities=False, day_share=0.0)

WRITER = """
import sys
from seccoop.graph.sqlite_store import SQLiteStore
from seccoop.graph.synthetic import CorpusShape, synthetic_corpus
path, prefix, relations, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
xs = list(synthetic_corpus(relations, seed=8, prefix=prefix,
                           shape=CorpusShape(vary_entities=False, day_share=0.0)))
with SQLiteStore(path) as store:
    for i in range(0, len(xs), batch):
        store.upsert(xs[i:i + batch])
"""


def corpus(prefix: str):
    """Both writers draw the same events (same seed) under their own article ids, so they
    contend for the same entity and event rows."""
    return list(synthetic_corpus(RELATIONS, seed=8, prefix=prefix, shape=SHAPE))


def writer(path: str, prefix: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, path, prefix, str(RELATIONS), str(BATCH)],
                            stderr=subprocess.PIPE, text=True)


def test_two_writers_and_a_reader(tmp_path):
    path = str(tmp_path / "shared.db")
    by_id = {x.document.id: x for x in corpus("w1") + corpus("w2")}
    writers = [writer(path, "w1"), writer(path, "w2")]
    snapshots = []
    while any(w.poll() is None for w in writers) or not snapshots:
        with SQLiteStore(path) as reader:      # may be the first to open the file: that is fine
            graph = reader.subgraph()
        expected = graph_from_extractions(by_id[i] for i in sorted(graph.graph["articles"]))
        assert canonical(graph) == canonical(expected)
        snapshots.append(len(graph.graph["articles"]))
    for w in writers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
    with SQLiteStore(path) as store:
        assert canonical(store.subgraph()) == canonical(graph_from_extractions(by_id.values()))
        assert {x.document.id for x in store.extractions()} == set(by_id)
    assert len(set(snapshots)) > 2, f"the reader saw too little progress: {snapshots}"
