"""SQLite store benchmark: ingest throughput and the latency of the selections queries rely on.

Builds a synthetic corpus (seccoop.graph.synthetic), ingests it into a temporary SQLite file in
batches, then times ``subgraph``/``neighbours`` selections pushed down to SQL against the
baseline of reading the whole graph and filtering it in memory (``apply_selection`` on
``subgraph()``), in the same run. Prints figures only (wall and CPU time: CPU time is steadier
on a shared machine); writes nothing outside a temporary directory.

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


def timed(func, repeat: int = 1) -> tuple[float, float, object]:
    """Median wall and CPU seconds of ``repeat`` calls, and the last result. CPU time is the
    steadier figure on a machine shared with other work."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = func()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def ingest(store: SQLiteStore, corpus: list, batch: int) -> tuple[float, float]:
    """Wall and CPU seconds to upsert ``corpus`` in batches of ``batch`` articles."""
    wall, cpu, _ = timed(lambda: [store.upsert(corpus[i:i + batch]) for i in range(0, len(corpus), batch)])
    return wall, cpu


def pick_centers(store: SQLiteStore) -> dict[str, str]:
    """The entities at the top, the 90th percentile and the median of the event-count ranking."""
    graph = store.subgraph()
    ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n), n))
    return {"hub": ranked[0], "p90": ranked[len(ranked) // 10], "median": ranked[len(ranked) // 2]}


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
        wall, cpu = ingest(store, corpus, args.batch)
        print(f"ingest: {len(corpus)} articles, {n_rel} relations in {wall:.1f} s wall ({cpu:.1f} s CPU) "
              f"= {n_rel / wall:,.0f} relations/s wall, {n_rel / cpu:,.0f} per CPU second "
              f"(batches of {args.batch} articles)")
        wall, cpu = ingest(store, corpus, args.batch)
        print(f"re-ingest of the same input (unchanged articles are skipped): {wall:.1f} s wall, {cpu:.1f} s CPU")
        print(f"stats: {store.stats()}")
        whole_wall, whole_cpu, whole = timed(store.subgraph)
        print(f"whole graph: {whole.number_of_nodes()} nodes, {whole.number_of_edges()} edges in "
              f"{whole_wall * 1000:.0f} ms wall, {whole_cpu * 1000:.0f} ms CPU")
        print(f"\n{'selection':38} {'edges':>6} {'p50 wall ms':>11} {'p50 CPU ms':>10} "
              f"{'baseline CPU ms':>15} {'speed-up':>8}")
        for name, sel in selections(pick_centers(store)).items():
            wall, cpu, got = timed(lambda: store.subgraph(sel), args.repeat)
            _, filter_cpu, _ = timed(lambda: apply_selection(whole, sel))
            baseline = whole_cpu + filter_cpu   # read everything, filter in memory
            print(f"{name:38} {got.number_of_edges():>6} {wall * 1000:>11.1f} {cpu * 1000:>10.1f} "
                  f"{baseline * 1000:>15.0f} {baseline / cpu:>7.1f}x")


if __name__ == "__main__":
    main()
