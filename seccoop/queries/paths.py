"""``path``: how two entities are connected, hop by hop, with the evidence of each hop."""
from __future__ import annotations

from itertools import islice, pairwise

import networkx as nx

from seccoop.errors import QueryError
from seccoop.models import SYMMETRIC_TYPES
from seccoop.queries.common import articles_of, check_depth
from seccoop.queries.resolve import resolve_entity


def path(store, *, a: str, b: str, max_hops: int = 4, limit: int = 10) -> list[dict]:
    """How two entities are connected: shortest paths (undirected; event and structural hops) with evidence per hop.

    One row per edge on each hop (a hop carried by several events lists each); ``kind`` says
    whether a hop is an event or a structural link (AFFILIATED_WITH, PART_OF).
    """
    source, target = resolve_entity(store, a), resolve_entity(store, b)
    if source == target:
        raise QueryError(f"{a!r} and {b!r} are the same entity ({source})")
    graph = _meeting_graph(store, source, target, check_depth("max-hops", max_hops, 1))
    search = nx.Graph(graph.to_undirected(as_view=True))
    if source not in search or target not in search or not nx.has_path(search, source, target):
        return []
    paths = islice(nx.all_shortest_paths(search, source, target), max(limit, 1))
    return [row for number, nodes in enumerate(paths, 1) if len(nodes) - 1 <= max_hops
            for row in _hop_rows(graph, number, nodes)]


def _meeting_graph(store, source: str, target: str, max_hops: int) -> nx.MultiDiGraph:
    """The union of two ego networks grown alternately (the smaller side first) until they hold
    a shortest path. Both are induced subgraphs, so once radii sum to the path length every
    shortest path over events lies inside the union: only two ego fetches grow, never the graph."""
    radius = {source: 0, target: 0}
    egos = {source: store.neighbours(source, 0), target: store.neighbours(target, 0)}
    while radius[source] + radius[target] < max_hops:
        side = min(radius, key=lambda n: (egos[n].number_of_edges(), radius[n]))
        radius[side] += 1
        grown = store.neighbours(side, radius[side])
        exhausted = grown.number_of_nodes() == egos[side].number_of_nodes()
        egos[side] = grown
        union = nx.compose(egos[source], egos[target])
        found = _distance(union, source, target)
        if (found is not None and found <= radius[source] + radius[target]) or exhausted:
            return union
    return nx.compose(egos[source], egos[target])


def _distance(graph: nx.MultiDiGraph, source: str, target: str) -> int | None:
    try:
        return nx.shortest_path_length(graph.to_undirected(as_view=True), source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None


def _hop_rows(graph: nx.MultiDiGraph, number: int, nodes: list[str]) -> list[dict]:
    rows = []
    for hop, (x, y) in enumerate(pairwise(nodes), 1):
        between = [(x, y, k, d, "forward") for k, d in (graph.get_edge_data(x, y) or {}).items()]
        between += [(y, x, k, d, "backward") for k, d in (graph.get_edge_data(y, x) or {}).items()]
        rows += [_hop_row(graph, number, hop, *edge) for edge in sorted(between, key=_edge_order)]
    return rows


def _edge_order(edge) -> tuple:
    _, _, key, data, _ = edge
    return (data.get("sources") is None, data.get("date") or "", data["type"], key)


def _hop_row(graph, number, hop, u, v, key, data, way) -> dict:
    name = lambda n: graph.nodes[n].get("name") or n
    start, end = (u, v) if way == "forward" else (v, u)
    structural = data.get("sources") is None
    first = (data.get("sources") or [{}])[0]
    return {"path": number, "hop": hop, "from": start, "from_name": name(start), "to": end,
            "to_name": name(end), "relation": data["type"], "kind": "structural" if structural else "event",
            "direction": "mutual" if data["type"] in SYMMETRIC_TYPES else way, "event": None if structural else key, "date": data.get("date"),
            "amount_usd": data.get("amount_usd"), "evidence": first.get("evidence"),
            "articles": articles_of(data)}
