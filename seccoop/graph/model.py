"""The graph model every part of seccoop shares, as a networkx ``MultiDiGraph``.

Nodes are entity ids with attributes ``name, type, country, role, aliases (list), parent``.
Event edges are keyed by :func:`event_id` and carry ``type, date, amount_usd, amount, currency,
confidence`` (the highest of its claims) and ``sources``: one dict per claim
``{article, title, url, published, evidence, start, end, confidence}`` sorted by article id.
Structural edges (``AFFILIATED_WITH`` with ``role``, ``PART_OF``) are keyed by their type and have
no sources. ``G.graph["articles"]`` maps article id -> metadata (title, url, published, language, source).

The same event reported by several articles (same type, endpoints, month and amount) is one edge;
symmetric types have their endpoints in sorted order so that "A meets B" and "B meets A" merge.
"""
from __future__ import annotations

import hashlib
from typing import Iterable

import networkx as nx

from seccoop.models import (AFFILIATED_WITH, PART_OF, SYMMETRIC_TYPES, Entity, Extraction,
                            Relation)

EVENT_ATTRS = ("type", "date", "amount_usd", "amount", "currency")


def event_endpoints(type_: str, source: str, target: str) -> tuple[str, str]:
    """Endpoints in canonical order: sorted for symmetric types, as given for directed ones."""
    if type_ in SYMMETRIC_TYPES:
        return tuple(sorted((source, target)))
    return source, target


def event_id(type_: str, source: str, target: str, date: str | None, amount_usd: float | None) -> str:
    """Stable id of the event a claim reports (type, endpoints, date at month precision, amount).

    >>> event_id("MEETING", "ESP", "ARG", "2016-08-04", None) == event_id("MEETING", "ARG", "ESP", "2016-08", None)
    True
    """
    a, b = event_endpoints(type_, source, target)
    amount = "" if amount_usd is None else f"{float(amount_usd):.0f}"
    key = "|".join((type_, a, b, (date or "")[:7], amount))
    return "ev:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def relation_event_id(rel: Relation) -> str:
    return event_id(rel.type, rel.source, rel.target, rel.date, rel.amount_usd)


def claim_source(rel: Relation, article: dict) -> dict:
    """The provenance record of one claim as it appears in an event edge's ``sources``."""
    return {"article": article["id"], "title": article.get("title"), "url": article.get("url"),
            "published": article.get("published"), "evidence": rel.evidence,
            "start": rel.start, "end": rel.end, "confidence": rel.confidence}


def entity_attrs(entity: Entity) -> dict:
    return {"name": entity.name, "type": entity.type, "country": entity.country,
            "role": entity.role, "aliases": sorted(set(entity.aliases)), "parent": entity.parent}


def merge_entity(graph: nx.MultiDiGraph, entity: Entity) -> None:
    """Add or update a node: aliases accumulate, known fields are never blanked by unknown ones,
    and the first name a node got stays (articles write names differently; a node is not renamed
    by every new article)."""
    attrs = entity_attrs(entity)
    if entity.id in graph:
        node = graph.nodes[entity.id]
        attrs["name"] = node.get("name") or attrs["name"]
        attrs["aliases"] = sorted((set(node.get("aliases", [])) | set(attrs["aliases"]) | {entity.name})
                                  - {attrs["name"]})
        for k in ("country", "role", "parent"):
            attrs[k] = attrs[k] or node.get(k)
    graph.add_node(entity.id, **attrs)


def add_structural_edges(graph: nx.MultiDiGraph, entity: Entity) -> None:
    if entity.type != "Country" and entity.country and entity.country in graph:
        graph.add_edge(entity.id, entity.country, key=AFFILIATED_WITH, type=AFFILIATED_WITH,
                       role=entity.role)
    if entity.parent and entity.parent in graph:
        graph.add_edge(entity.id, entity.parent, key=PART_OF, type=PART_OF)


def add_claim(graph: nx.MultiDiGraph, rel: Relation, article: dict) -> None:
    a, b = event_endpoints(rel.type, rel.source, rel.target)
    key = relation_event_id(rel)
    if graph.has_edge(a, b, key):
        data = graph.edges[a, b, key]
        data["confidence"] = max(data["confidence"], rel.confidence)
        data["sources"] = sorted(data["sources"] + [claim_source(rel, article)],
                                 key=lambda s: (s["article"], s["start"]))
    else:
        graph.add_edge(a, b, key=key, type=rel.type, date=rel.date, amount_usd=rel.amount_usd,
                       amount=rel.amount, currency=rel.currency, confidence=rel.confidence,
                       sources=[claim_source(rel, article)])


def graph_from_extractions(extractions: Iterable[Extraction]) -> nx.MultiDiGraph:
    """The reference semantics of the store: what any store's ``subgraph()`` must return after
    upserting these extractions (a later extraction of the same article id replaces the earlier)."""
    latest = {x.document.id: x for x in extractions}
    graph = nx.MultiDiGraph(articles={})
    for x in latest.values():
        graph.graph["articles"][x.document.id] = x.document.meta()
        for entity in x.entities:
            merge_entity(graph, entity)
    for x in latest.values():
        for entity in x.entities:
            add_structural_edges(graph, entity)
        for rel in x.relations:
            add_claim(graph, rel, x.document.meta())
    return graph


def event_edges(graph: nx.MultiDiGraph):
    """Iterate ``(u, v, key, data)`` over event edges only (not structural ones)."""
    return ((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if d.get("sources") is not None)


def graphs_equal(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> bool:
    """Same nodes with the same attributes, same edges with the same attributes (test helper for
    store round trips)."""
    return canonical(a) == canonical(b)


def canonical(graph: nx.MultiDiGraph) -> dict:
    nodes = {n: _plain(d) for n, d in graph.nodes(data=True)}
    edges = {(u, v, k): _plain(d) for u, v, k, d in graph.edges(keys=True, data=True)}
    return {"nodes": nodes, "edges": edges, "articles": graph.graph.get("articles", {})}


def _plain(d: dict) -> dict:
    out = {}
    for k, v in d.items():
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        out[k] = v
    return out
