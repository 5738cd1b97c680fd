"""The graph model every part of seccoop shares, as a networkx ``MultiDiGraph``.

Nodes are entity ids with attributes ``name, type, country, role, aliases (list), parent``.
Event edges are keyed by :func:`event_id` and carry ``type, date, amount_usd, amount, currency,
confidence`` (the highest of its claims), ``source_side, target_side`` (the country, or
international organization, of each end), ``part_of`` (the id of the total this event is a stated
part of, or None) and ``sources``: one dict per claim ``{article, title, url, published, evidence,
start, end, confidence, source, target}`` (``source``/``target``: the actors that claim names)
sorted by article id. Structural edges (``AFFILIATED_WITH`` with ``role``, ``PART_OF``) are keyed by
their type and have no sources. ``G.graph["articles"]`` maps article id -> metadata.

Event identity (README, "Events and claims"): an event is its type, its two sides, its month and
its amount. Every claim of it, whichever actors of a side it names (the president, a ministry,
the country) and whichever article it comes from, is one more source of the same edge; the edge
joins the most specific actors named (a person or agency over its country, the first reported
between two). Symmetric types have their sides in sorted order so "A meets B" and "B meets A"
merge. Totals and their stated parts: see :func:`mark_parts`.
"""
from __future__ import annotations

import hashlib
from typing import Iterable

import networkx as nx

from seccoop.models import (AFFILIATED_WITH, PART_OF, RELATION_TYPES, SYMMETRIC_TYPES, Entity, Extraction,
                            Relation)

EVENT_ATTRS = ("type", "date", "amount_usd", "amount", "currency")


def event_endpoints(type_: str, source: str, target: str) -> tuple[str, str]:
    """Endpoints in canonical order: sorted for symmetric types, as given for directed ones."""
    if type_ in SYMMETRIC_TYPES:
        return tuple(sorted((source, target)))
    return source, target


def event_id(type_: str, source: str, target: str, date: str | None, amount_usd: float | None) -> str:
    """Stable id of an event: its type, its two sides (``source``, ``target``), its date at month
    precision and its amount; with an amount, the year is enough (the amount already tells two
    events apart, and articles date the same deal to its year or to its month).

    >>> event_id("MEETING", "ESP", "ARG", "2016-08-04", None) == event_id("MEETING", "ARG", "ESP", "2016-08", None)
    True
    >>> event_id("AID", "USA", "COL", "2000", 1e10) == event_id("AID", "USA", "COL", "2000-07", 1e10)
    True
    """
    a, b = event_endpoints(type_, source, target)
    amount = "" if amount_usd is None else f"{float(amount_usd):.0f}"
    key = "|".join((type_, a, b, (date or "")[:7 if amount_usd is None else 4], amount))
    return "ev:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


Sides = tuple[str, str]
# Amounts a total and its stated parts are compared with are rounded in the text ("$5.8
# billion" for $3.37 + $2.4 billion): parts may sum to this much over the total.
PARTS_ROUNDING = 1.05


def side_of(entity: Entity) -> str:
    """Who an actor acts for: its country, or itself when it has none (a country, an
    international organization, a person whose country is unknown).

    >>> side_of(Entity("person:jane-roe", "Jane Roe", "Person", country="CHL"))
    'CHL'
    """
    return entity.country or entity.id


def claim_sides(x: Extraction) -> list[Sides]:
    """The sides of each relation of an extraction, read from that article's own entities (so a
    later article cannot move an earlier claim to another country)."""
    by_id = {e.id: e for e in x.entities}
    side = lambda n: side_of(by_id[n]) if n in by_id else n
    return [(side(r.source), side(r.target)) for r in x.relations]


def claim_event_id(rel: Relation, sides: Sides) -> str:
    """The id of the event a claim reports: its type, sides, month and amount (not its actors)."""
    return event_id(rel.type, *sides, rel.date, rel.amount_usd)


def oriented(rel: Relation, sides: Sides) -> tuple[str, str, Sides]:
    """A claim's actors and sides in the event's order: sides sorted for symmetric types."""
    u, v, (s, t) = rel.source, rel.target, sides
    if rel.type in SYMMETRIC_TYPES and (s, u) > (t, v):
        return v, u, (t, s)
    return u, v, (s, t)


def claim_source(rel: Relation, article: dict) -> dict:
    """The provenance record of one claim as it appears in an event edge's ``sources``."""
    return {"article": article["id"], "title": article.get("title"), "url": article.get("url"),
            "published": article.get("published"), "evidence": rel.evidence,
            "start": rel.start, "end": rel.end, "confidence": rel.confidence,
            "source": rel.source, "target": rel.target}


class EventFold:
    """Events built claim by claim in merge order (ingest order, then position): the one merge
    both stores and :func:`graph_from_extractions` use. ``events`` maps id -> ``[u, v, data]``."""

    def __init__(self):
        self.events: dict[str, list] = {}

    def resume(self, key: str, u: str, v: str, data: dict) -> None:
        """Continue from a stored event (its later claims are then ``add``-ed)."""
        self.events[key] = [u, v, data]

    def add(self, rel: Relation, article: dict, sides: Sides) -> None:
        u, v, (s, t) = oriented(rel, sides)
        key, source = event_id(rel.type, s, t, rel.date, rel.amount_usd), claim_source(rel, article)
        found = self.events.get(key)
        if found is None:
            self.events[key] = [u, v, {
                "type": rel.type, "date": rel.date, "amount_usd": rel.amount_usd, "amount": rel.amount,
                "currency": rel.currency, "confidence": rel.confidence, "source_side": s,
                "target_side": t, "part_of": None, "sources": [source]}]
            return
        data = found[2]
        data["confidence"] = max(data["confidence"], rel.confidence)
        data["sources"] = sorted(data["sources"] + [source], key=lambda c: (c["article"], c["start"]))
        found[0], found[1] = _more_specific(found[0], u, s), _more_specific(found[1], v, t)

    def mark_parts(self) -> None:
        """Set ``part_of`` on every event from :func:`part_links` over the events held."""
        links = part_links((key, e[2]) for key, e in self.events.items())
        for key, (_, _, data) in self.events.items():
            data["part_of"] = links.get(key)

    def add_to(self, graph: nx.MultiDiGraph) -> None:
        for key, (u, v, data) in self.events.items():
            graph.add_edge(u, v, key=key, **data)


def _more_specific(current: str, new: str, side: str) -> str:
    """The actor an event edge keeps on one side: a person or agency named by a claim over the
    side itself; between two named ones, the first reported."""
    return new if current == side and new != side else current


def part_links(events) -> dict[str, str]:
    """``{part id: total id}`` over ``(id, data)`` events (data with ``type, source_side,
    target_side, date, amount_usd`` and ``sources`` or ``articles``).

    A total and its stated parts: events of the same type and sides, reported together by at
    least one article, dated alike (equal at the precision of the less precise date; an undated
    one agrees with any), where the smaller ones together come to no more than the largest
    (within ``PARTS_ROUNDING``). The smaller ones are then parts of the largest, and sums count
    the total only. Where they come to more, they are all separate events and all count.

    >>> total = {"type": "ARMS_SALE", "source_side": "KOR", "target_side": "POL", "date": "2022-08",
    ...          "amount_usd": 5.8e9, "articles": ["a"]}
    >>> part_links([("t", total), ("p", dict(total, date="2022", amount_usd=3.37e9))])
    {'p': 't'}
    """
    groups: dict[tuple, list] = {}
    for key, d in events:
        if d.get("amount_usd"):
            groups.setdefault((d["type"], d["source_side"], d["target_side"]), []).append((key, d))
    links: dict[str, str] = {}
    for members in groups.values():
        members.sort(key=lambda m: (-m[1]["amount_usd"], m[0]))
        decided: set[str] = set()       # a total, a part, or one of several separate events
        for total_key, total in members:
            if total_key in decided:
                continue
            parts = [(k, d) for k, d in members if k not in decided and d["amount_usd"] < total["amount_usd"]
                     and _stated_together(total, d)]
            decided.update([total_key, *(k for k, _ in parts)])
            if sum(d["amount_usd"] for _, d in parts) <= total["amount_usd"] * PARTS_ROUNDING:
                links.update((k, total_key) for k, _ in parts)
    return links


def _stated_together(a: dict, b: dict) -> bool:
    da, db = a.get("date") or "", b.get("date") or ""
    n = min(len(da), len(db))
    return da[:n] == db[:n] and bool(event_articles(a) & event_articles(b))


def event_articles(data: dict) -> set[str]:
    """The ids of the articles reporting an event (a light read gives them ready-made)."""
    if data.get("articles") is not None:
        return set(data["articles"])
    return {s["article"] for s in data.get("sources") or ()}


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


def graph_from_extractions(extractions: Iterable[Extraction]) -> nx.MultiDiGraph:
    """The reference semantics of the store: what any store's ``subgraph()`` must return after
    upserting these extractions (a later extraction of the same article id replaces the earlier)."""
    latest = {x.document.id: x for x in extractions}
    graph = nx.MultiDiGraph(articles={})
    for x in latest.values():
        graph.graph["articles"][x.document.id] = x.document.meta()
        for entity in x.entities:
            merge_entity(graph, entity)
    fold = EventFold()
    for x in latest.values():
        for entity in x.entities:
            add_structural_edges(graph, entity)
        for rel, sides in zip(x.relations, claim_sides(x)):
            fold.add(rel, x.document.meta(), sides)
    fold.mark_parts()
    fold.add_to(graph)
    return graph


def is_event(data: dict) -> bool:
    """Whether an edge is an event (a relation type) rather than a structural link (affiliation,
    part of): the one test every reader uses. The type decides, since a light read's events carry
    ``articles`` instead of ``sources``.

    >>> is_event({"type": "AID", "articles": ["a1"]}), is_event({"type": "AFFILIATED_WITH"})
    (True, False)
    """
    return data.get("type") in RELATION_TYPES


def event_edges(graph: nx.MultiDiGraph):
    """Iterate ``(u, v, key, data)`` over event edges only (not structural ones)."""
    return ((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if is_event(d))


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
