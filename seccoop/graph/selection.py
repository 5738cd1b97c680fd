"""Which part of the graph a command works on: shared by ``export``, ``render`` and the stores."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

import networkx as nx

from seccoop.graph.model import event_articles, event_edges, is_event


@dataclass(frozen=True)
class Selection:
    """Subgraph selection. ``center`` is an entity id (already resolved from a name); a country
    as the center starts together with its own people, agencies and places (hop 0); ``types``
    and ``countries`` are ORed within and ANDed across; dates compare as ISO strings, so
    ``since="2016"`` keeps everything dated in 2016 or later. Undated events pass date filters.
    ``level`` is what :func:`select` returns: the actors (``actor``) or their sides (``country``)."""
    center: str | None = None
    depth: int = 1
    types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    min_confidence: float = 0.0
    min_sources: int = 1
    level: str = "actor"

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
        keep = _around(keep, center_with_members(graph, sel.center), sel.depth)
    for u, v, k, d in graph.edges(keys=True, data=True):
        if not is_event(d) and u in keep and v in keep:
            keep.add_edge(u, v, key=k, **d)
    used = {a for _, _, _, d in event_edges(keep) for a in event_articles(d)}
    keep.graph["articles"] = {a: m for a, m in graph.graph.get("articles", {}).items() if a in used}
    return keep


def select(store, sel: Selection | None) -> nx.MultiDiGraph:
    """The selected graph at its level: ``store.subgraph(sel)`` at actor level; at country level
    the selected events between their sides (:func:`country_view`), ``depth`` counting hops
    between sides from the center's side."""
    if sel is None or sel.level != "country":
        return store.subgraph(sel)
    view = country_view(store.subgraph(replace(sel, center=None, level="actor")), store.entities)
    if sel.center is None:
        return view
    center = store.entities([sel.center]).get(sel.center) or {}
    kept = _around(view, {center.get("country") or sel.center}, sel.depth)
    used = {a for _, _, _, d in event_edges(kept) for a in event_articles(d)}
    kept.graph["articles"] = {a: m for a, m in kept.graph.get("articles", {}).items() if a in used}
    return kept


def country_view(graph: nx.MultiDiGraph, entities: Callable[[set], dict]) -> nx.MultiDiGraph:
    """The graph at country level: one node per side (a country, or an entity that has none), one
    edge per event between its sides, keyed by the event id, with the actors it names in
    ``actors``; no structural edges. ``entities`` gives the records of sides not in ``graph``."""
    view = nx.MultiDiGraph(**graph.graph)
    ends = [(d.get("source_side") or u, d.get("target_side") or v, u, v, k, d) for u, v, k, d in event_edges(graph)]
    sides = {n for s, t, *_ in ends for n in (s, t)}
    records = entities(sides - set(graph))
    for side in sorted(sides):
        view.add_node(side, **(graph.nodes[side] if side in graph else _node_attrs(records.get(side), side)))
    for s, t, u, v, k, d in ends:
        view.add_edge(s, t, key=k, **d, actors=[u, v])
    return view


def _node_attrs(record: dict | None, node: str) -> dict:
    record = record or {"name": node, "type": None, "country": None, "role": None, "parent": None}
    return {**{k: v for k, v in record.items() if k != "id"}, "aliases": []}


def center_with_members(graph: nx.MultiDiGraph, center: str) -> set[str]:
    """Where a selection around ``center`` starts: the center and every entity whose country it is."""
    return {center} | {n for n, d in graph.nodes(data=True) if d.get("country") == center}


def _around(graph: nx.MultiDiGraph, start: set[str], depth: int) -> nx.MultiDiGraph:
    start = start & set(graph)
    if not start:
        return nx.MultiDiGraph(**graph.graph)
    near = nx.multi_source_dijkstra_path_length(graph.to_undirected(as_view=True), start, cutoff=depth)
    return graph.subgraph(near).copy()
