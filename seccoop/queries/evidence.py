"""``evidence``: every sentence and article behind an event or behind a pair of entities."""
from __future__ import annotations

from seccoop.errors import QueryError
from seccoop.graph.model import event_edges
from seccoop.graph.selection import Selection
from seccoop.queries.common import relation_types
from seccoop.queries.resolve import resolve_entity


def evidence(store, *, edge: str, type: str | None = None) -> list[dict]:
    """Every evidence sentence and article behind an event id ("ev:...") or a pair "A--B" (optionally one --type).

    One row per claim, ordered by event date, then article.
    """
    types = relation_types(type)
    if edge.startswith("ev:"):
        found = _event(store, edge)
    else:
        found = _pair_events(store, edge, types)
    rows = [_claim_row(u, v, key, data, claim) for u, v, key, data in found for claim in data["sources"]]
    return sorted(rows, key=lambda r: (r["date"] or "", r["event"], r["article"], r["start"]))


def _event(store, event_id: str) -> list[tuple]:
    lookup = getattr(store, "event", None)   # a store may find one event by id without a scan
    graph = lookup(event_id) if lookup else store.subgraph()
    found = [e for e in event_edges(graph) if e[2] == event_id]
    if not found:
        raise QueryError(f"no event with id {event_id!r}")
    return found


def _pair_events(store, pair: str, types: tuple) -> list[tuple]:
    left, sep, right = pair.partition("--")
    if not sep or not left.strip() or not right.strip():
        raise QueryError(f"expected an event id (ev:...) or a pair 'A--B', got {pair!r}")
    a, b = resolve_entity(store, left.strip()), resolve_entity(store, right.strip())
    graph = store.subgraph(Selection(center=a, depth=1, types=types))
    return [e for e in event_edges(graph) if {e[0], e[1]} == {a, b}]


def _claim_row(u, v, key, data, claim) -> dict:
    return {"event": key, "type": data["type"], "source": u, "target": v, "date": data.get("date"),
            "amount_usd": data.get("amount_usd"), "article": claim["article"], "title": claim.get("title"),
            "url": claim.get("url"), "published": claim.get("published"), "evidence": claim["evidence"],
            "start": claim["start"], "end": claim["end"], "confidence": claim.get("confidence")}
