"""``path``: how two entities are connected, hop by hop, with the evidence of each hop.

A bidirectional breadth-first search over the store's adjacency (events and structural links,
no edge data), growing the smaller frontier each time; then the edge data of the hops on the
shortest paths only.
"""
from __future__ import annotations

from itertools import islice, pairwise
from typing import Iterator, Literal

import networkx as nx

from seccoop.errors import QueryError
from seccoop.graph.model import is_event
from seccoop.graph.selection import Selection, select
from seccoop.models import SYMMETRIC_TYPES
from seccoop.queries.common import articles_of, check_depth
from seccoop.queries.resolve import resolve_entity


def path(store, *, a: str, b: str, max_hops: int = 4, limit: int = 10,
         level: Literal["actor", "country"] = "actor") -> list[dict]:
    """How two entities are connected: shortest paths (undirected; event and structural hops) with evidence per hop.

    One row per edge on each hop (a hop carried by several events lists each); ``kind`` says
    whether a hop is an event or a structural link (AFFILIATED_WITH, PART_OF). At most ``limit``
    paths, in order of their node ids.

    Args:
        a: one end (any name, code or alias).
        b: the other end.
        max_hops: the longest path looked for.
        limit: at most this many paths.
        level: between actors (events and structural links), or between the sides (countries) of events.
    """
    source, target = resolve_entity(store, a), resolve_entity(store, b)
    if level == "country":
        return _country_paths(store, source, target, check_depth("max-hops", max_hops, 1), max(limit, 1))
    if source == target:
        raise QueryError(f"{a!r} and {b!r} are the same entity ({source})")
    found = list(islice(shortest_paths(store, source, target, check_depth("max-hops", max_hops, 1)),
                        max(limit, 1)))
    if not found:
        return []
    graph = store.edges_between({hop for nodes in found for hop in pairwise(nodes)})
    return [row for number, nodes in enumerate(found, 1) for row in _hop_rows(graph, number, nodes)]


def _country_paths(store, source: str, target: str, max_hops: int, limit: int) -> list[dict]:
    """Shortest paths between the sides of two entities over events between sides (countries,
    or international organizations), in order of their node ids."""
    records = store.entities([source, target])
    ends = [(records.get(n) or {}).get("country") or n for n in (source, target)]
    if ends[0] == ends[1]:
        raise QueryError(f"{source!r} and {target!r} are on the same side ({ends[0]})")
    graph = select(store, Selection(level="country"))
    try:
        found = sorted(nx.all_shortest_paths(graph.to_undirected(as_view=True), *ends))
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []
    found = [nodes for nodes in found if len(nodes) - 1 <= max_hops][:limit]
    return [row for number, nodes in enumerate(found, 1) for row in _hop_rows(graph, number, nodes)]


class _Side:
    """One half of the search: every node reached so far with the nodes one hop nearer the
    root that reach it (``parents``), and the last ring reached (``frontier``)."""

    def __init__(self, root: str):
        self.parents: dict[str, set[str]] = {root: set()}
        self.frontier, self.depth = [root], 0

    def grow(self, store) -> None:
        near = store.adjacency(self.frontier, structural=True)
        ring: dict[str, set[str]] = {}
        for node in self.frontier:
            for other in near[node]:
                if other not in self.parents:
                    ring.setdefault(other, set()).add(node)
        self.parents.update(ring)
        self.frontier, self.depth = sorted(ring), self.depth + 1


def shortest_paths(store, source: str, target: str, max_hops: int) -> Iterator[list[str]]:
    """Every shortest path of at most ``max_hops`` hops, in lexicographic order of node ids."""
    ends = {source: _Side(source), target: _Side(target)}
    meeting: set[str] = set()
    while not meeting and ends[source].depth + ends[target].depth < max_hops:
        side, other = sorted(ends.values(), key=lambda s: (len(s.frontier), s.depth))
        if not side.frontier:
            return iter(())
        side.grow(store)
        # The first ring that touches the other side holds every shortest path's crossing point.
        meeting = {n for n in side.frontier if n in other.parents}
    return _walk(source, target, _forward(ends[source], ends[target], meeting))


def _forward(start: _Side, end: _Side, meeting: set[str]) -> dict[str, set[str]]:
    """Successors, towards the target, of the nodes on shortest paths through ``meeting``."""
    successors: dict[str, set[str]] = {}
    todo, seen = list(meeting), set(meeting)
    while todo:                              # back from the meeting nodes to the source
        node = todo.pop()
        for parent in start.parents[node]:
            successors.setdefault(parent, set()).add(node)
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    todo, seen = list(meeting), set(meeting)
    while todo:                              # on from the meeting nodes to the target
        node = todo.pop()
        successors.setdefault(node, set()).update(end.parents[node])
        todo += [n for n in end.parents[node] if n not in seen]
        seen.update(end.parents[node])
    return successors


def _walk(source: str, target: str, successors: dict[str, set[str]]) -> Iterator[list[str]]:
    """Depth-first, smallest id first, so paths come out lazily in lexicographic order."""
    if source == target:
        yield [source]
        return
    for node in sorted(successors.get(source, ())):
        for rest in _walk(node, target, successors):
            yield [source, *rest]


def _hop_rows(graph: nx.MultiDiGraph, number: int, nodes: list[str]) -> list[dict]:
    rows = []
    for hop, (x, y) in enumerate(pairwise(nodes), 1):
        between = [(x, y, k, d, "forward") for k, d in (graph.get_edge_data(x, y) or {}).items()]
        between += [(y, x, k, d, "backward") for k, d in (graph.get_edge_data(y, x) or {}).items()]
        rows += [_hop_row(graph, number, hop, *edge) for edge in sorted(between, key=_edge_order)]
    return rows


def _edge_order(edge) -> tuple:
    _, _, key, data, _ = edge
    return (not is_event(data), data.get("date") or "", data["type"], key)


def _hop_row(graph, number, hop, u, v, key, data, way) -> dict:
    name = lambda n: graph.nodes[n].get("name") or n
    start, end = (u, v) if way == "forward" else (v, u)
    structural = not is_event(data)
    first = (data.get("sources") or [{}])[0]
    return {"path": number, "hop": hop, "from": start, "from_name": name(start), "to": end,
            "to_name": name(end), "relation": data["type"], "kind": "structural" if structural else "event",
            "direction": "mutual" if data["type"] in SYMMETRIC_TYPES else way,
            "event": None if structural else key, "date": data.get("date"),
            "amount_usd": data.get("amount_usd"), "evidence": first.get("evidence"),
            "articles": articles_of(data)}
