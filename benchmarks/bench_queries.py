"""Latency of the named queries on a synthetic store of >= 100,000 relations: p50/p95 of
``partners``, ``ego --depth 2``, ``path`` and ``evidence COUNTRY--COUNTRY`` on SQLite (and on
Neo4j with --neo4j).

Subjects are drawn the way researchers pick them, with a fixed seed, the same for both stores:
*uniform* is any entity with at least one event, equally likely (most are people and agencies
in a handful of events); *in the news* is an endpoint of a random claim, so entities come up as
often as articles mention them (countries and other hubs dominate). Path pairs are two
independent draws. ``ego`` runs as the command line does (first page of 100 rows).

The baseline, measured in the same run, is what a query costs if it loads the whole graph
(``store.subgraph()``): the ratio says how much the light reads save. Wall time is what a user
waits; CPU time is this process's (for Neo4j the server's work is not in it), the steadier
figure on a shared machine. Target: p50 under 200 ms on SQLite. Neo4j: ``SECCOOP_NEO4J_URI``
(its database is CLEARED), else a throwaway server from scripts/neo4j/server.py.

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

from seccoop.graph.model import event_edges
from seccoop.graph.sqlite_store import SQLiteStore
from seccoop.graph.synthetic import synthetic_corpus
from seccoop.queries.ego import ego
from seccoop.queries.evidence import evidence
from seccoop.queries.partners import partners
from seccoop.queries.paths import path

LAUNCHER = Path(__file__).resolve().parents[1] / "scripts" / "neo4j" / "server.py"
BASELINE = "whole graph load (baseline)"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(calls) -> dict:
    """p50/p95 wall and p50 CPU time in ms over the calls (each a zero-argument function)."""
    wall, cpu = [], []
    for call in calls:
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return {"p50_ms": statistics.median(wall), "p95_ms": percentile(wall, 0.95),
            "cpu_p50_ms": statistics.median(cpu), "calls": len(wall)}


def load(store, relations: int, batch: int = 500) -> float:
    corpus = list(synthetic_corpus(relations))
    start = time.perf_counter()
    for i in range(0, len(corpus), batch):
        store.upsert(corpus[i:i + batch])
    return time.perf_counter() - start


def subjects(graph, samples: int, seed: int = 0) -> dict[str, list]:
    """Countries, entities and pairs drawn once (see the module docstring for how)."""
    rng = random.Random(seed)
    active = sorted({n for u, v, _, _ in event_edges(graph) for n in (u, v)})
    countries = [n for n in active if graph.nodes[n].get("type") == "Country"]
    claims = [n for u, v, _, d in sorted(event_edges(graph), key=lambda e: e[2])
              for _ in d["sources"] for n in (u, v)]
    draw = lambda pool, k=samples: [rng.choice(pool) for _ in range(k)]
    pairs = lambda pool: [(a, b) for a, b in zip(draw(pool), draw(pool)) if a != b]
    return {"countries": draw(countries), "uniform": draw(active), "news": draw(claims),
            "country pairs": pairs(countries), "uniform pairs": pairs(active), "news pairs": pairs(claims)}


def cases(store, chosen: dict, samples: int) -> dict[str, list]:
    return {
        BASELINE: [store.subgraph for _ in range(max(3, samples // 10))],
        "partners COUNTRY (uniform country)": [lambda c=c: partners(store, country=c) for c in chosen["countries"]],
        "ego ENTITY --depth 2 (uniform)": [lambda a=a: ego(store, entity=a, depth=2) for a in chosen["uniform"]],
        "ego ENTITY --depth 2 (in the news)": [lambda a=a: ego(store, entity=a, depth=2) for a in chosen["news"]],
        "path A B (uniform)": [lambda a=a, b=b: path(store, a=a, b=b) for a, b in chosen["uniform pairs"]],
        "path A B (in the news)": [lambda a=a, b=b: path(store, a=a, b=b) for a, b in chosen["news pairs"]],
        "evidence COUNTRY--COUNTRY": [lambda a=a, b=b: evidence(store, edge=f"{a}--{b}")
                                      for a, b in chosen["country pairs"]],
    }


def bench(store, label: str, chosen: dict, samples: int) -> list[dict]:
    rows = []
    for name, calls in cases(store, chosen, samples).items():
        rows.append({"store": label, "query": name, **measure(calls)})
        print_rows(rows[-1:], header=len(rows) == 1)
    base = rows[0]["p50_ms"]
    for row in rows:
        row["p50_vs_baseline"] = row["p50_ms"] / base
    return rows


def print_rows(rows: list[dict], header: bool = True) -> None:
    if header:
        print(f"{'store':7} {'query':36} {'calls':>5} {'p50 ms':>9} {'p95 ms':>9} {'CPU p50':>9} {'p50/base':>9}")
    for r in rows:
        ratio = f"{r['p50_vs_baseline']:9.4f}" if "p50_vs_baseline" in r else ""
        print(f"{r['store']:7} {r['query']:36} {r['calls']:5} {r['p50_ms']:9.1f} {r['p95_ms']:9.1f} "
              f"{r['cpu_p50_ms']:9.1f} {ratio}", flush=True)


def sqlite_rows(args) -> tuple[list[dict], dict]:
    path_ = args.db or str(Path(tempfile.mkdtemp(prefix="seccoop-bench-")) / "bench.db")
    with SQLiteStore(path_) as store:
        if store.stats()["documents"] == 0:
            print(f"SQLite: loaded {args.relations} relations in {load(store, args.relations):.1f} s ({path_})")
        graph = store.subgraph()
        print(f"SQLite store: {graph.number_of_nodes()} entities, {graph.number_of_edges()} edges ({path_})")
        chosen = subjects(graph, args.samples, args.seed)
        return bench(store, "sqlite", chosen, args.samples), chosen


def neo4j_rows(args, chosen: dict) -> list[dict]:
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
            if not args.keep_neo4j or store.stats()["documents"] == 0:
                store.clear()
                print(f"Neo4j: loaded {args.relations} relations in {load(store, args.relations):.1f} s ({uri})")
            return bench(store, "neo4j", chosen, args.samples)
    finally:
        if server:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=30, help="calls per query")
    parser.add_argument("--seed", type=int, default=0, help="seed of the subject draws")
    parser.add_argument("--db", help="reuse this SQLite file (loaded on first use)")
    parser.add_argument("--neo4j", action="store_true", help="also benchmark a Neo4j store")
    parser.add_argument("--keep-neo4j", action="store_true",
                        help="with SECCOOP_NEO4J_URI: reuse its data if it has any (must be this corpus)")
    args = parser.parse_args()
    print(__doc__.split("\n\n")[1].replace("\n", " "))
    rows, chosen = sqlite_rows(args)
    if args.neo4j:
        rows += neo4j_rows(args, chosen)
    print()
    print_rows(rows)
    slow = [r for r in rows if r["store"] == "sqlite" and r["query"] != BASELINE and r["p50_ms"] >= 200]
    print("target p50 < 200 ms on SQLite:", "met" if not slow else "MISSED by " + ", ".join(r["query"] for r in slow))


if __name__ == "__main__":
    sys.exit(main())
