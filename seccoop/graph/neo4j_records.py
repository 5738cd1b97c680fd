"""The Neo4j records of the shared model, built once for the store, the Cypher export and the CSV
export, so all three write the same nodes, relationships and properties (layout:
:mod:`seccoop.graph.neo4j_store`).

A record is ``{"id", "props", ...}``: entities add ``label``; relationships ``type``, ``source``
and ``target``; claims ``article`` (the article that reports them). Labels and relationship types
come from the schema's whitelists, never from text.

Claims built from a model graph (:func:`claim_records`) are keyed ``<article>@<start>/<event>`` (the graph
keeps each claim's article and span, not its position in the article) and carry their event's
type, date and amount; the store keys the claims it is given ``<article>#<position>``.
"""
from __future__ import annotations

import datetime
from collections import Counter

import networkx as nx

from seccoop.errors import SeccoopError
from seccoop.graph.model import is_event
from seccoop.models import (AFFILIATED_WITH, ENTITY_TYPES, RELATION_TYPES, STRUCTURAL_TYPES, SYMMETRIC_TYPES,
                            normalize)

ENTITY_PROPS = ("name", "type", "country", "role", "aliases", "parent")
ARTICLE_PROPS = ("title", "url", "published", "language")
EVENT_PROPS = ("date", "amount_usd", "amount", "currency", "confidence", "source_side", "target_side", "part_of")
CLAIM_SPAN_PROPS = ("evidence", "start", "end", "confidence", "source", "target")
CLAIM_EVENT_PROPS = ("type", "date", "amount_usd", "amount", "currency", "source_side", "target_side")
DATE_PRECISIONS = {1: "year", 2: "month", 3: "day"}     # by the number of parts of an ISO date


def entity_label(type_: str | None) -> str:
    """The type label of an entity (besides ``Entity``), from the whitelist."""
    if type_ not in ENTITY_TYPES:
        raise SeccoopError(f"cannot write entity type {type_!r} to Neo4j: not one of {', '.join(ENTITY_TYPES)}")
    return type_


def relationship_type(type_: str) -> str:
    if type_ not in RELATION_TYPES and type_ not in STRUCTURAL_TYPES:
        raise SeccoopError(f"cannot write relation type {type_!r} to Neo4j: not in the schema")
    return type_


def temporal(text: str | None) -> dict:
    """``date_value`` (a Neo4j DATE: the first day of the period) and ``date_precision`` (day,
    month or year) of an ISO date text, so Cypher can compare and truncate dates; the text stays
    in ``date``. Both None for no date or one that is not ISO.

    >>> temporal("2016-08")
    {'date_value': datetime.date(2016, 8, 1), 'date_precision': 'month'}
    >>> temporal("2016-13")
    {'date_value': None, 'date_precision': None}
    """
    parts = (text or "").split("-")
    precision = DATE_PRECISIONS.get(len(parts)) if all(p.isdigit() for p in parts) else None
    try:
        value = datetime.date(*(int(p) for p in parts), *(1,) * (3 - len(parts))) if precision else None
    except ValueError:
        value = None
    return {"date_value": value, "date_precision": precision if value else None}


def entity_props(node: str, attrs: dict) -> dict:
    """An entity node's properties, with the normalized ``search_keys`` name look-ups use."""
    props = {k: attrs.get(k) for k in ENTITY_PROPS}
    props["aliases"] = list(props["aliases"] or [])
    props["search_keys"] = sorted({normalize(k) for k in (node, props["name"] or "", *props["aliases"])} - {""})
    return props


def entity_record(node: str, attrs: dict) -> dict:
    return {"id": node, "label": entity_label(attrs.get("type")), "props": entity_props(node, attrs)}


def event_props(data: dict) -> dict:
    """An event relationship's properties, from the model's event data (with its ``sources``).
    A property cannot hold maps: ``sources`` keeps each claim's article id, in the claims' order
    (the provenance itself is on the claim nodes)."""
    return {**{k: data.get(k) for k in EVENT_PROPS}, **temporal(data.get("date")),
            "n_sources": len(data["sources"]), "articles": sorted({s["article"] for s in data["sources"]}),
            "sources": [s["article"] for s in data["sources"]]}


def event_records(key: str, u: str, v: str, data: dict) -> list[dict]:
    """The relationships of one event: between its actors (``actor_level``) and, when they are
    not its sides, also between its sides (``country_level``), with the same id and properties."""
    props, sides = event_props(data), (data["source_side"], data["target_side"])
    same = (u, v) == sides
    type_ = relationship_type(data["type"])
    records = [{"id": key, "type": type_, "source": u, "target": v,
                "props": {**props, "actor_level": True, "country_level": same}}]
    if not same:
        records.append({"id": key, "type": type_, "source": sides[0], "target": sides[1],
                        "props": {**props, "actor_level": False, "country_level": True}})
    return records


def structure_record(u: str, v: str, data: dict) -> dict:
    """A structural relationship (no id: events are the relationships with one)."""
    props = {"role": data.get("role")} if data["type"] == AFFILIATED_WITH else {}
    return {"id": None, "type": relationship_type(data["type"]), "source": u, "target": v, "props": props}


def claim_record(event_key: str, data: dict, source: dict, ordinal: int = 0, swapped: bool = False) -> dict:
    """A claim node built from one of an event's ``sources`` (see the module docstring);
    ``ordinal`` tells apart claims of one event in the same sentence; ``swapped``: the claim
    names the event's sides the other way round (a symmetric event, sides in sorted order)."""
    props = {**{k: source.get(k) for k in CLAIM_SPAN_PROPS}, **{k: data.get(k) for k in CLAIM_EVENT_PROPS},
             "event": event_key, **temporal(data.get("date"))}
    if swapped:
        props["source_side"], props["target_side"] = data["target_side"], data["source_side"]
    claim_id = f"{source['article']}@{source['start']}/{event_key}" + (f"/{ordinal}" if ordinal else "")
    return {"id": claim_id, "article": source["article"], "props": props}


# --- a whole model graph ------------------------------------------------------------------------

def node_records(graph: nx.MultiDiGraph) -> list[dict]:
    return [entity_record(n, d) for n, d in sorted(graph.nodes(data=True))]


def article_records(graph: nx.MultiDiGraph) -> list[dict]:
    articles = graph.graph.get("articles", {})
    return [{"id": a, "props": {k: articles[a].get(k) for k in ARTICLE_PROPS}} for a in sorted(articles)]


def relationship_records(graph: nx.MultiDiGraph) -> list[dict]:
    """Every relationship between entities: events at both levels (a side outside the graph gets
    no country-level one, as the store's MATCH would find no node), then structural links."""
    events, structure = [], []
    for u, v, k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1])):
        if not is_event(d):
            structure.append(structure_record(u, v, d))
        else:
            events += [r for r in event_records(k, u, v, d) if r["source"] in graph and r["target"] in graph]
    return events + structure


def claim_records(graph: nx.MultiDiGraph) -> list[dict]:
    """The claims of every event whose article is in the graph (one per source)."""
    articles, claims, seen = graph.graph.get("articles", {}), [], Counter()
    for _, _, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2]):
        for source in data.get("sources") or ():
            if source["article"] in articles:
                span = (key, source["article"], source["start"])
                claims.append(claim_record(key, data, source, seen[span], _swapped(graph, data, source)))
                seen[span] += 1
    return claims


def _swapped(graph: nx.MultiDiGraph, data: dict, source: dict) -> bool:
    """Whether a claim of a symmetric event names its target side first (:func:`seccoop.graph.model.oriented`)."""
    s, t, actor = data["source_side"], data["target_side"], source["source"]
    if data["type"] not in SYMMETRIC_TYPES or s == t:
        return False
    return actor != s and graph.nodes.get(actor, {}).get("country") != s


def claim_links(claims: list[dict], graph: nx.MultiDiGraph) -> list[dict]:
    """(:Claim)-[:SOURCE|TARGET]->(:Entity) for the named actors that are in the graph."""
    return [{"claim": c["id"], "type": end.upper(), "entity": c["props"][end]}
            for c in claims for end in ("source", "target") if c["props"][end] in graph]

