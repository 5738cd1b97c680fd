"""Latency of the named queries on a synthetic store of >= 100,000 relations: p50/p95 of
``partners``, ``ego --depth 2`` and ``path`` on SQLite (and on Neo4j with --neo4j).

The baseline, measured in the same run, is what a query costs if it loads the whole graph
(``store.subgraph()``): the ratio says how much the pushed-down selections save. Target: p50 under
200 ms on SQLite. Neo4j: ``SECCOOP_NEO4J_URI`` (its database is CLEARED), else a throwaway server
from scripts/neo4j/server.py.

    python benchmarks/bench_queries.py --relations 100000 --samples 30 [--neo4j] [--db FILE]
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from seccoop.graph.sqlite_store import SQLiteStore
from seccoop.graph.synthetic import synthetic_corpus
from seccoop.queries.ego import ego
from seccoop.queries.partners import partners
from seccoop.queries.paths import path

LAUNCHER = Path(__file__).resolve().parents[1] / "scripts" / "neo4j" / "server.py"


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def measure(calls) -> tuple[float, float]:
    """p50 and p95 in ms over the calls (each a zero-argument function)."""
    times = []
    for call in calls:
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return percentiles(times)


def load(store, relations: int, batch: int = 500) -> float:
    corpus = list(synthetic_corpus(relations))
    start = time.perf_counter()
    for i in range(0, len(corpus), batch):
        store.upsert(corpus[i:i + batch])
    return time.perf_counter() - start


def subjects(store, samples: int, seed: int = 0) -> dict[str, list]:
    """Countries for partners, typical (median-degree) actors for ego and path, drawn once."""
    graph = store.subgraph()
    rng = random.Random(seed)
    countries = sorted(n for n, d in graph.nodes(data=True) if d.get("type") == "Country" and graph.degree(n))
    actors = sorted((n for n, d in graph.nodes(data=True) if d.get("type") != "Country" and graph.degree(n)),
                    key=lambda n: (graph.degree(n), n))
    middle = actors[len(actors) // 4: 3 * len(actors) // 4] or actors
    pick = lambda pool: [rng.choice(pool) for _ in range(samples)]
    return {"countries": pick(countries), "actors": pick(middle), "pairs": list(zip(pick(middle), pick(middle)))}


def bench(store, label: str, samples: int) -> list[dict]:
    chosen = subjects(store, samples)
    cases = {
        "whole graph load (baseline)": [lambda: store.subgraph() for _ in range(max(3, samples // 10))],
        "partners COUNTRY": [lambda c=c: partners(store, country=c) for c in chosen["countries"]],
        "ego ENTITY --depth 2": [lambda a=a: ego(store, entity=a, depth=2) for a in chosen["actors"]],
        "path A B": [lambda a=a, b=b: path(store, a=a, b=b) for a, b in chosen["pairs"] if a != b],
    }
    results = {name: measure(calls) for name, calls in cases.items()}
    base = results["whole graph load (baseline)"][0]
    return [{"store": label, "query": name, "p50_ms": round(p50, 1), "p95_ms": round(p95, 1),
             "p50_vs_baseline": round(p50 / base, 3)} for name, (p50, p95) in results.items()]


def print_rows(rows: list[dict]) -> None:
    print(f"{'store':8} {'query':30} {'p50 ms':>9} {'p95 ms':>9} {'p50/baseline':>13}")
    for r in rows:
        print(f"{r['store']:8} {r['query']:30} {r['p50_ms']:9.1f} {r['p95_ms']:9.1f} {r['p50_vs_baseline']:13.3f}")


def sqlite_rows(args) -> list[dict]:
    path_ = args.db or str(Path(tempfile.mkdtemp(prefix="seccoop-bench-")) / "bench.db")
    with SQLiteStore(path_) as store:
        if store.stats()["documents"] == 0:
            print(f"SQLite: loaded {args.relations} relations in {load(store, args.relations):.1f} s ({path_})")
        return bench(store, "sqlite", args.samples)


def neo4j_rows(args) -> list[dict]:
    from seccoop.graph.neo4j_store import Neo4jStore
    uri, server = os.environ.get("SECCOOP_NEO4J_URI"), None
    if not uri:
        spec = importlib.util.spec_from_file_location("seccoop_neo4j_launcher", LAUNCHER)
        launcher = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(launcher)
        server = launcher.Neo4jServer()
        uri = server.start(180)
    try:
        with Neo4jStore.from_uri(uri) as store:
            store.clear()
            print(f"Neo4j: loaded {args.relations} relations in {load(store, args.relations):.1f} s ({uri})")
            return bench(store, "neo4j", args.samples)
    finally:
        if server:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=30, help="calls per query")
    parser.add_argument("--db", help="reuse this SQLite file (loaded on first use)")
    parser.add_argument("--neo4j", action="store_true", help="also benchmark a Neo4j store")
    args = parser.parse_args()
    rows = sqlite_rows(args)
    if args.neo4j:
        rows += neo4j_rows(args)
    print_rows(rows)
    slow = [r for r in rows if r["store"] == "sqlite" and r["query"] != "whole graph load (baseline)"
            and r["p50_ms"] >= 200]
    print("target p50 < 200 ms on SQLite:", "met" if not slow else "MISSED by " + ", ".join(r["query"] for r in slow))


if __name__ == "__main__":
    sys.exit(main())
