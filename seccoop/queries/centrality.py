"""``top``: the most central actors, by events, brokerage (betweenness) or money."""
from __future__ import annotations

from typing import Literal

import networkx as nx

from seccoop.errors import QueryError
from seccoop.graph.model import event_edges
from seccoop.graph.selection import Selection
from seccoop.queries.common import add_amount, counted, end_key, names, relation_types

BETWEENNESS_SAMPLE = 400   # exact betweenness is O(nm): above this many nodes, sample pivots


def top(store, *, by: Literal["degree", "betweenness", "amount"] = "degree", type: str | None = None,
        level: Literal["country", "actor"] = "country", limit: int = 20, since: str | None = None,
        until: str | None = None) -> list[dict]:
    """The most central actors: by number of events, betweenness (brokerage) or USD given plus received.

    At ``country`` level (the default) actors are merged into their countries first; a stated
    part of a total counts in the total only. Betweenness is computed on
    the undirected actor graph and sampled (seeded, so repeatable) on graphs over 400 actors.
    ``amount_usd_out``/``_in`` sum the known amounts of aid and arms sales given and received
    (null when none is known); ``unpriced_out``/``_in`` count those without one.

    Args:
        by: rank by number of events, betweenness, or USD given plus received.
        type: only these relation types, comma-separated (AID,ARMS_SALE).
        level: merged into their countries, or actors one by one.
        limit: how many actors.
        since: only events dated on or after this date (YYYY[-MM[-DD]]).
        until: only events dated on or before this date (YYYY[-MM[-DD]]).
    """
    if limit < 1:
        raise QueryError(f"--limit must be at least 1, got {limit}")
    graph = store.subgraph(Selection(types=relation_types(type), since=since, until=until))
    stats, actors = _tally(graph, level)
    if by == "betweenness":
        for node, score in _betweenness(actors).items():
            stats[node]["betweenness"] = round(score, 6)
    metric = {"degree": lambda r: r["degree"],
              "amount": lambda r: (r["amount_usd_out"] or 0.0) + (r["amount_usd_in"] or 0.0),
              "betweenness": lambda r: r.get("betweenness", 0.0)}[by]
    best = sorted(stats.values(), key=lambda r: (-metric(r), r["id"]))[:limit]
    labels = names(store, graph, [r["id"] for r in best])
    return [dict(rank=i, id=r["id"], name=labels[r["id"]], **{k: v for k, v in r.items() if k != "id"})
            for i, r in enumerate(best, 1)]


def _tally(graph: nx.MultiDiGraph, level: str) -> tuple[dict, nx.Graph]:
    stats, actors = {}, nx.Graph()
    row = lambda n: stats.setdefault(n, {"id": n, "degree": 0, "partners": set(),
                                         "amount_usd_out": None, "unpriced_out": 0,
                                         "amount_usd_in": None, "unpriced_in": 0})
    for u, v, _key, data in filter(lambda e: counted(e[3]), event_edges(graph)):
        a, b = end_key(graph, u, data, "source", level), end_key(graph, v, data, "target", level)
        if a == b:
            continue
        actors.add_edge(a, b)
        row(a)["degree"] += 1
        row(b)["degree"] += 1
        row(a)["partners"].add(b)
        row(b)["partners"].add(a)
        add_amount(row(a), data, "_out")
        add_amount(row(b), data, "_in")
    for r in stats.values():
        r["partners"] = len(r["partners"])
    return stats, actors


def _betweenness(actors: nx.Graph) -> dict[str, float]:
    k = None if actors.number_of_nodes() <= BETWEENNESS_SAMPLE else BETWEENNESS_SAMPLE
    return nx.betweenness_centrality(actors, k=k, seed=0 if k else None)
