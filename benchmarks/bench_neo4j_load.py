"""Neo4j load benchmark: the batched writer against one transaction per relation, in the same run.

Loads a synthetic corpus (seccoop.graph.synthetic, 100,000 relations by default) into an empty
Neo4j database with ``Neo4jStore.upsert`` in batches, and, as the baseline, writes a sample of
relations with one transaction each (every relation its own single-claim upsert, so both go
through the same code and semantics). Prints relations/s for both and their ratio; the target is
a ratio of 10 or more. Checks the loaded graph's claim count so a fast but wrong load can't pass.

Server: ``SECCOOP_NEO4J_URI`` (credentials from NEO4J_USER/NEO4J_PASSWORD; its seccoop data is
CLEARED), else a throwaway server started with scripts/neo4j/server.py (run scripts/neo4j/fetch.sh
first).

    python benchmarks/bench_neo4j_load.py                        # 100,000 relations, batches of 500 articles
    python benchmarks/bench_neo4j_load.py --relations 20000 --batch 200 --sample 500
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from seccoop.graph.neo4j_store import Neo4jStore
from seccoop.graph.synthetic import synthetic_corpus
from seccoop.models import Extraction

LAUNCHER = Path(__file__).resolve().parents[1] / "scripts" / "neo4j" / "server.py"


@contextmanager
def neo4j_uri(heap: str, pagecache: str):
    """``SECCOOP_NEO4J_URI``, or the URI of a throwaway server stopped afterwards."""
    external = os.environ.get("SECCOOP_NEO4J_URI")
    if external:
        yield external
        return
    spec = importlib.util.spec_from_file_location("seccoop_neo4j_launcher", LAUNCHER)
    launcher = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(launcher)
    server = launcher.Neo4jServer(heap=heap, pagecache=pagecache)
    try:
        started = time.perf_counter()
        server.start(180)
        print(f"server: throwaway Neo4j at {server.uri}, up in {time.perf_counter() - started:.0f} s", flush=True)
        yield server.uri
    finally:
        server.stop()


def single_relation_articles(corpus: list[Extraction], count: int) -> list[Extraction]:
    """``count`` relations, each as its own article holding just that claim and its endpoints."""
    out = []
    for x in corpus:
        for pos, rel in enumerate(x.relations):
            if len(out) == count:
                return out
            doc = dataclasses.replace(x.document, id=f"{x.document.id}#{pos}")
            ends = [e for e in x.entities if e.id in (rel.source, rel.target)]
            out.append(Extraction(doc, ends, [rel]))
    return out


def load(store: Neo4jStore, corpus: list[Extraction], batch: int) -> float:
    """Seconds to upsert ``corpus`` in batches of ``batch`` articles."""
    started = time.perf_counter()
    for i in range(0, len(corpus), batch):
        store.upsert(corpus[i:i + batch])
    return time.perf_counter() - started


def relations(corpus: list[Extraction]) -> int:
    return sum(len(x.relations) for x in corpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=int, default=100_000, help="size of the batched load")
    parser.add_argument("--batch", type=int, default=500, help="articles per upsert transaction")
    parser.add_argument("--sample", type=int, default=1_000, help="relations written one transaction each")
    parser.add_argument("--heap", default="1g")
    parser.add_argument("--pagecache", default="256m")
    args = parser.parse_args(argv)

    corpus = list(synthetic_corpus(args.relations, seed=42, prefix="load"))
    sample = single_relation_articles(list(synthetic_corpus(args.sample * 2, seed=43, prefix="one")), args.sample)
    with neo4j_uri(args.heap, args.pagecache) as uri, Neo4jStore.from_uri(uri) as store:
        store.clear()
        one_each = load(store, sample, 1)
        per_tx = len(sample) / one_each
        print(f"one transaction per relation: {len(sample):>7,} relations in {one_each:7.1f} s = "
              f"{per_tx:8.0f} relations/s", flush=True)
        store.clear()
        batched = load(store, corpus, args.batch)
        per_batch = relations(corpus) / batched
        print(f"batched ({args.batch} articles/tx):   {relations(corpus):>7,} relations in {batched:7.1f} s = "
              f"{per_batch:8.0f} relations/s ({len(corpus):,} articles)", flush=True)
        stored = sum(store.stats()["claims"].values())
        started = time.perf_counter()
        store.clear()
        print(f"clear: {time.perf_counter() - started:.1f} s")
    if stored != relations(corpus):
        print(f"error: {stored} claims stored for {relations(corpus)} relations", file=sys.stderr)
        return 1
    print(f"ratio: {per_batch / per_tx:.1f}x (target >= 10x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
