"""Which part of the graph a command works on: shared by ``export``, ``render`` and the stores."""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from seccoop.graph.model import event_edges


@dataclass(frozen=True)
class Selection:
    """Subgraph selection. ``center`` is an entity id (already resolved from a name); ``types``
    and ``countries`` are ORed within and ANDed across; dates compare as ISO strings, so
    ``since="2016"`` keeps everything dated in 2016 or later. Undated events pass date filters."""
    center: str | None = None
    depth: int = 1
    types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    min_confidence: float = 0.0
    min_sources: int = 1

    def keeps_event(self, u_country, v_country, data: dict) -> bool:
        if self.types and data["type"] not in self.types:
            return False
        if self.countries and not ({u_country, v_country} & set(self.countries)):
            return False
        date = data.get("date") or ""
        if date and self.since and date[:len(self.since)] < self.since:
            return False
        if date and self.until and date[:len(self.until)] > self.until:
            return False
        return (data.get("confidence") or 0) >= self.min_confidence and \
            len(data.get("sources") or []) >= self.min_sources


def apply_selection(graph: nx.MultiDiGraph, sel: Selection | None) -> nx.MultiDiGraph:
    """A new graph holding the selected event edges, their endpoints, and the structural edges
    among those nodes. With a ``center``, only nodes within ``depth`` event hops are kept."""
    if sel is None:
        return graph.copy()
    keep = nx.MultiDiGraph(**graph.graph)
    country = lambda n: graph.nodes[n].get("country")
    for u, v, k, d in event_edges(graph):
        if sel.keeps_event(country(u), country(v), d):
            keep.add_node(u, **graph.nodes[u])
            keep.add_node(v, **graph.nodes[v])
            keep.add_edge(u, v, key=k, **d)
    if sel.center is not None:
        keep = _around(keep, sel.center, sel.depth)
    for u, v, k, d in graph.edges(keys=True, data=True):
        if d.get("sources") is None and u in keep and v in keep:
            keep.add_edge(u, v, key=k, **d)
    used = {a["article"] for _, _, _, d in event_edges(keep) for a in d["sources"]}
    keep.graph["articles"] = {a: m for a, m in graph.graph.get("articles", {}).items() if a in used}
    return keep


def _around(graph: nx.MultiDiGraph, center: str, depth: int) -> nx.MultiDiGraph:
    if center not in graph:
        return nx.MultiDiGraph(**graph.graph)
    near = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), center, cutoff=depth)
    return graph.subgraph(near).copy()
