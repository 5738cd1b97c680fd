"""Light reads of the graph, defined on the shared networkx model: who is linked to whom, the edges
between given pairs, one event by id, entity records by id, the members of a country.

These functions are the reference semantics of the matching :class:`~seccoop.graph.store.Store`
methods (whose defaults call them on the whole graph). The stores answer the same questions with
index lookups, so that a query touching a few hundred edges never loads a 100,000-edge graph.
"""
from __future__ import annotations

from itertools import chain
from typing import Iterable

import networkx as nx

from seccoop.graph.model import event_articles, event_edges, is_event

Pair = tuple[str, str]


def without_sources(data: dict) -> dict:
    """An event edge's attributes as a light read gives them: the sorted ids of the articles
    reporting it (``articles``) in place of its ``sources``."""
    light = {k: v for k, v in data.items() if k != "sources"}
    light["articles"] = sorted({s["article"] for s in data["sources"]})
    return light


def keeps_link(data: dict, types: tuple[str, ...], structural: bool, events: bool = True) -> bool:
    """Whether an edge counts as a link: with ``events``, an event of ``types`` (any when
    empty); with ``structural``, a structural edge."""
    if not is_event(data):
        return structural
    return events and (not types or data["type"] in types)


def adjacency(graph: nx.MultiDiGraph, ids: Iterable[str], types: tuple[str, ...] = (),
              structural: bool = False, events: bool = True, among=None) -> dict[str, set[str]]:
    """``{id: ids linked to it in either direction}`` for every id given (empty set if unknown);
    only those in ``among`` when it is given."""
    near: dict[str, set[str]] = {n: set() for n in ids}
    for node, found in near.items():
        if node not in graph:
            continue
        for u, v, data in chain(graph.out_edges(node, data=True), graph.in_edges(node, data=True)):
            if keeps_link(data, types, structural, events):
                found.add(v if u == node else u)
        found.discard(node)
        if among is not None:
            found &= set(among)
    return near


def unordered_pairs(pairs: Iterable[Pair]) -> list[Pair]:
    """Each pair once, as ``(smaller, larger)``, sorted; pairs of a node with itself dropped."""
    return sorted({tuple(sorted(p)) for p in pairs if p[0] != p[1]})


def edges_between(graph: nx.MultiDiGraph, pairs: Iterable[Pair], types: tuple[str, ...] = (),
                  sources: bool = True, latest: int | None = None) -> nx.MultiDiGraph:
    """Every event (of ``types``; any when empty) and structural edge joining the two ends of a
    pair, in either direction, with the pairs' entities as nodes and the cited articles.

    Without ``sources``, events carry ``articles`` instead (see :func:`without_sources`) and no
    article metadata is read. With ``latest`` (a positive number), at most that many events per pair, in
    :func:`latest_first` order; ``graph["left_out"]`` then counts, per ``(smaller, larger)``
    pair, the events left out (pairs with none left out are not listed).
    """
    pairs = unordered_pairs(pairs)
    found = nx.MultiDiGraph(articles={}, left_out={})
    found.add_nodes_from((n, graph.nodes[n]) for p in pairs for n in p if n in graph)
    for a, b in pairs:
        edges = [(u, v, key, data) for u, v in ((a, b), (b, a))
                 for key, data in (graph.get_edge_data(u, v) or {}).items() if keeps_link(data, types, True)]
        events = latest_first([e for e in edges if is_event(e[3])])
        if latest is not None and len(events) > latest:
            found.graph["left_out"][(a, b)] = len(events) - latest
            events = events[:latest]
        for u, v, key, data in events + [e for e in edges if not is_event(e[3])]:
            found.add_edge(u, v, key=key, **(data if sources or not is_event(data) else without_sources(data)))
    return with_cited_articles(found, graph.graph.get("articles", {}))


def latest_first(edges: list[tuple]) -> list[tuple]:
    """``(u, v, key, data)`` events in the order a capped read keeps them: latest date first
    (compared as ISO text, so "2016-01-20" before "2016-01"; undated last), then by event id."""
    by_id = sorted(edges, key=lambda e: e[2])
    return sorted(by_id, key=lambda e: e[3].get("date") or "", reverse=True)


def event(graph: nx.MultiDiGraph, event_id: str) -> nx.MultiDiGraph:
    """The event edge with this id, its two endpoints and its articles; an empty graph if unknown."""
    found = nx.MultiDiGraph(articles={})
    for u, v, key, data in event_edges(graph):
        if key == event_id:
            found.add_nodes_from(((u, graph.nodes[u]), (v, graph.nodes[v])))
            found.add_edge(u, v, key=key, **data)
    return with_cited_articles(found, graph.graph.get("articles", {}))


def with_cited_articles(graph: nx.MultiDiGraph, articles: dict) -> nx.MultiDiGraph:
    """Set ``graph.graph["articles"]`` to the metadata of the articles its events cite."""
    cited = {a for *_, d in event_edges(graph) for a in event_articles(d)}
    graph.graph["articles"] = {a: articles[a] for a in sorted(cited) if a in articles}
    return graph


RECORD_FIELDS = ("id", "name", "type", "country", "role", "parent")


def entity_records(graph: nx.MultiDiGraph, ids: Iterable[str]) -> dict[str, dict]:
    """``{id: record}`` for the ids that are entities, with the ``RECORD_FIELDS`` (not the
    aliases, which no row shows and which cost most to decode)."""
    record = lambda n: {k: n if k == "id" else graph.nodes[n].get(k) for k in RECORD_FIELDS}
    return {n: record(n) for n in ids if n in graph}


def members(graph: nx.MultiDiGraph, entity_id: str) -> set[str]:
    """The entity itself and every entity whose ``country`` it is: for a country, its people,
    agencies, places and programs (what stands for it at country level)."""
    found = {n for n, d in graph.nodes(data=True) if d.get("country") == entity_id}
    return found | ({entity_id} if entity_id in graph else set())
