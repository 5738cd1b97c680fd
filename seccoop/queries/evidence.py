"""``evidence``: every sentence and article behind an event or behind a pair of entities."""
from __future__ import annotations

import networkx as nx

from seccoop.errors import QueryError
from seccoop.graph.model import event_edges, is_event
from seccoop.queries.common import relation_types
from seccoop.queries.resolve import is_country, resolve_record


def evidence(store, *, edge: str, type: str | None = None, direct: bool = False) -> list[dict]:
    """Every evidence sentence and article behind an event id ("ev:...") or a pair "A--B" (optionally one --type).

    A country in a pair stands for itself and its people, agencies and places (as in
    ``partners``), so "Argentina--US" finds Kerry's visit to Argentina; ``direct`` keeps only
    events between the two entities named. One row per claim, ordered by event date, then article.

    Args:
        edge: an event id (ev:...) or a pair of entities "A--B" (any names, codes or aliases).
        type: only these relation types, comma-separated (VISIT,MEETING).
        direct: only events between the two entities named, not their people and agencies.
    """
    types = relation_types(type)
    graph = _event(store, edge) if edge.startswith("ev:") else _pair_events(store, edge, types, direct)
    name = lambda n: graph.nodes[n].get("name") or n
    rows = [_claim_row(u, v, key, data, claim, name) for u, v, key, data in event_edges(graph)
            for claim in data["sources"]]
    return sorted(rows, key=lambda r: (r["date"] or "", r["event"], r["article"], r["start"]))


def _event(store, event_id: str) -> nx.MultiDiGraph:
    graph = store.event(event_id)
    if not graph.number_of_edges():
        raise QueryError(f"no event with id {event_id!r}")
    return graph


def _pair_events(store, pair: str, types: tuple, direct: bool) -> nx.MultiDiGraph:
    """The events with one end standing for each side of the pair."""
    left, sep, right = pair.partition("--")
    if not sep or not left.strip() or not right.strip():
        raise QueryError(f"expected an event id (ev:...) or a pair 'A--B', got {pair!r}")
    a, b = resolve_record(store, left.strip()), resolve_record(store, right.strip())
    if a["id"] == b["id"]:
        raise QueryError(f"{left.strip()!r} and {right.strip()!r} are the same entity ({a['id']})")
    sides = sorted((_standing_for(store, a, direct), _standing_for(store, b, direct)), key=len)
    near = store.adjacency(sides[0], types=types)       # from the smaller side
    pairs = {(x, y) for x in sides[0] for y in near[x] if y in sides[1]}
    graph = store.edges_between(pairs, types=types)
    graph.remove_edges_from([(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True)
                             if not is_event(d)])
    return graph


def _standing_for(store, record: dict, direct: bool) -> set[str]:
    """The entities one side of a pair stands for: a country's members unless ``direct``."""
    if is_country(record) and not direct:
        return store.members(record["id"])
    return {record["id"]}


def _claim_row(u, v, key, data, claim, name) -> dict:
    return {"event": key, "type": data["type"], "source": u, "source_name": name(u), "target": v,
            "target_name": name(v), "date": data.get("date"), "amount_usd": data.get("amount_usd"),
            "article": claim["article"], "title": claim.get("title"), "url": claim.get("url"),
            "published": claim.get("published"), "evidence": claim["evidence"],
            "start": claim["start"], "end": claim["end"], "confidence": claim.get("confidence")}
