"""SQLite store benchmark: ingest throughput and the latency of the selections queries rely on.

Builds a synthetic corpus (seccoop.graph.synthetic), ingests it into a temporary SQLite file in
batches, then times ``subgraph``/``neighbours`` selections pushed down to SQL against the
baseline of filtering the whole graph in memory (``apply_selection`` on ``subgraph()``), in the
same run. Prints figures only; writes nothing outside a temporary directory.

    python benchmarks/bench_store.py                 # 100,000 relations
    python benchmarks/bench_store.py --relations 20000 --batch 1000
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from seccoop.graph.selection import Selection, apply_selection
from seccoop.graph.sqlite_store import SQLiteStore
from seccoop.graph.synthetic import synthetic_corpus


def timed(func, repeat: int = 1) -> tuple[float, object]:
    """Median seconds of ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def ingest(store: SQLiteStore, corpus: list, batch: int) -> float:
    start = time.perf_counter()
    for i in range(0, len(corpus), batch):
        store.upsert(corpus[i:i + batch])
    return time.perf_counter() - start


def pick_centers(store: SQLiteStore) -> dict[str, str]:
    """A hub, a median and a leaf entity, by number of events."""
    graph = store.subgraph()
    ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n), n))
    return {"hub": ranked[0], "median": ranked[len(ranked) // 2], "leaf": ranked[-1]}


def selections(centers: dict[str, str]) -> dict[str, Selection]:
    cases = {f"center={who} depth={d}": Selection(center=c, depth=d)
             for who, c in centers.items() for d in (1, 2)}
    cases["countries=XAC"] = Selection(countries=("XAC",))
    cases["countries=XAC type=AID since=2015"] = Selection(countries=("XAC",), types=("AID",), since="2015")
    cases["min_sources=3"] = Selection(min_sources=3)
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500, help="articles per upsert")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (median reported)")
    args = parser.parse_args()
    corpus = list(synthetic_corpus(args.relations))
    n_rel = sum(len(x.relations) for x in corpus)
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(str(Path(tmp) / "bench.db")) as store:
        seconds = ingest(store, corpus, args.batch)
        print(f"ingest: {len(corpus)} articles, {n_rel} relations in {seconds:.1f} s "
              f"= {n_rel / seconds:,.0f} relations/s (batches of {args.batch} articles)")
        again = ingest(store, corpus, args.batch)
        print(f"re-ingest of the same input (unchanged, skipped): {again:.1f} s")
        print(f"stats: {store.stats()}")
        whole_s, whole = timed(store.subgraph, repeat=1)
        print(f"whole graph: {whole.number_of_nodes()} nodes, {whole.number_of_edges()} edges "
              f"in {whole_s * 1000:.0f} ms")
        print(f"\n{'selection':40} {'edges':>7} {'sql p50 ms':>11} {'in-memory ms':>13} {'ratio':>6}")
        for name, sel in selections(pick_centers(store)).items():
            sql_s, got = timed(lambda: store.subgraph(sel), args.repeat)
            mem_s, _ = timed(lambda: apply_selection(whole, sel), 1)
            print(f"{name:40} {got.number_of_edges():>7} {sql_s * 1000:>11.1f} "
                  f"{(whole_s + mem_s) * 1000:>13.0f} {(whole_s + mem_s) / sql_s:>6.1f}x")


if __name__ == "__main__":
    main()
