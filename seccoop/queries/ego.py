"""``ego``: the neighbourhood of one entity."""
from __future__ import annotations

import networkx as nx

from seccoop.graph.model import event_edges
from seccoop.queries.common import articles_of, check_depth
from seccoop.queries.resolve import resolve_record


def ego(store, *, entity: str, depth: int = 1) -> list[dict]:
    """The neighbourhood of an entity: nodes with type and hops (over events), and the edges that reach them.

    Each edge is listed once, on the row of its endpoint farther from the centre, so following
    the ``edges`` of every row walks the whole neighbourhood.
    """
    record = resolve_record(store, entity)
    center = record["id"]
    graph = store.neighbours(center, check_depth("depth", depth))
    if center not in graph:
        return [_node_row(center, record, 0, [])]
    hops = _hops(graph, center)
    attached: dict[str, list] = {n: [] for n in graph}
    for u, v, key, data in graph.edges(keys=True, data=True):
        far = max((u, v), key=lambda n: (hops.get(n, depth + 1), n))
        attached[far].append(_edge(u, v, key, data))
    rows = [_node_row(n, graph.nodes[n], hops.get(n), attached[n]) for n in graph]
    return sorted(rows, key=lambda r: (r["hops"] is None, r["hops"], r["name"] or "", r["id"]))


def _hops(graph: nx.MultiDiGraph, center: str) -> dict[str, int]:
    events = nx.Graph()
    events.add_node(center)
    events.add_edges_from((u, v) for u, v, _, _ in event_edges(graph))
    return nx.single_source_shortest_path_length(events, center)


def _node_row(node: str, attrs: dict, hops, edges: list) -> dict:
    return {"id": node, "name": attrs.get("name"), "type": attrs.get("type"),
            "country": attrs.get("country"), "hops": hops,
            "edges": sorted(edges, key=lambda e: (e["type"], e["source"], e["target"], e["date"] or ""))}


def _edge(u: str, v: str, key: str, data: dict) -> dict:
    edge = {"type": data["type"], "source": u, "target": v, "date": data.get("date")}
    if data.get("sources") is None:
        return dict(edge, kind="structural", role=data.get("role"))
    return dict(edge, kind="event", event=key, amount_usd=data.get("amount_usd"), articles=articles_of(data))
