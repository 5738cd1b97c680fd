"""Helpers shared by the named query families: argument checks, which events concern a subject,
country-level aggregation keys and plain descriptions of nodes and events."""
from __future__ import annotations

import networkx as nx

from seccoop.errors import QueryError
from seccoop.graph.model import is_event
from seccoop.graph.selection import Selection
from seccoop.models import RELATION_TYPES, SYMMETRIC_TYPES
from seccoop.queries.resolve import is_country
from seccoop.queries.ends import ends

MAX_DEPTH = 6


class Rows(list):
    """A query's rows plus, when ``--limit`` left some out, a ``note`` saying how many and how
    to get them (the CLI prints it on stderr, so the rows stay machine-readable)."""

    def __init__(self, rows=(), note: str | None = None):
        super().__init__(rows)
        self.note = note


def check_page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise QueryError(f"--limit and --offset must be 0 or more, got {limit} and {offset}")


def more_note(total: int, offset: int, shown: int, what: str) -> str | None:
    """What the reader is not shown of ``total`` rows, and how to see it (None: nothing left)."""
    left = total - offset - shown
    if left <= 0:
        return None
    return (f"{left:,} more {what} (of {total:,}); see them with --offset {offset + shown}, "
            "or all with --limit 0")


def relation_types(value: str | None) -> tuple[str, ...]:
    """``"aid,arms_sale"`` -> ``("AID", "ARMS_SALE")``; None -> every type.

    >>> relation_types("visit, aid")
    ('VISIT', 'AID')
    """
    if not value:
        return ()
    types = tuple(t.strip().upper() for t in value.split(",") if t.strip())
    unknown = [t for t in types if t not in RELATION_TYPES]
    if unknown:
        raise QueryError(f"unknown relation type {', '.join(unknown)}; valid: {', '.join(RELATION_TYPES)}")
    return types


def check_depth(name: str, value: int, low: int = 0) -> int:
    if not low <= value <= MAX_DEPTH:
        raise QueryError(f"{name} must be between {low} and {MAX_DEPTH}, got {value}")
    return value


def subject_events(store, record: dict, types=(), since=None, until=None, direct=False, sources=True):
    """The events that concern a subject, as ``(graph, members, edges)``: for a country its own
    events plus those of its people, agencies and places (unless ``direct``); for any other entity
    its own. ``members`` is the set of nodes that stand for the subject. Read through the
    store's adjacency, then only the edges found; without ``sources`` events carry article ids
    (see ``Store.edges_between``)."""
    members = store.members(record["id"]) if is_country(record) and not direct else {record["id"]}
    near = store.adjacency(members, types=types)
    graph = store.edges_between({(m, o) for m in members for o in near[m] if o not in members},
                                types=types, sources=sources)
    dated = Selection(since=since, until=until, min_sources=0)    # types were read already
    edges = [(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
             if is_event(d) and dated.keeps_event(None, None, d)]
    return graph, members, edges


def end_key(graph: nx.MultiDiGraph, node: str, data: dict, end: str, level: str) -> str:
    """Who one end (``source``/``target``) of an event counts for: at ``actor`` level the actor
    the event names; at ``country`` level the event's side there (the actor's country, or the
    actor itself when it has none, as an international organization)."""
    if level == "actor":
        return node
    return data.get(f"{end}_side") or graph.nodes[node].get("country") or node


def counted(data: dict) -> bool:
    """Whether an event counts in totals: a stated part of a total (``part_of``) counts in that
    total only (README, "Events and claims")."""
    return not data.get("part_of")


def direction(type_: str, subject_is_source: bool) -> str:
    """``out``/``in`` seen from the subject; ``mutual`` for symmetric types, whose stored order
    is only alphabetical."""
    if type_ in SYMMETRIC_TYPES:
        return "mutual"
    return "out" if subject_is_source else "in"


def names(store, graph: nx.MultiDiGraph, ids) -> dict[str, str]:
    """Display names for ids, from the graph when present, else asking the store (country-level
    keys are often countries the selection itself did not include)."""
    ids = set(ids)
    records = store.entities(ids - set(graph))
    name = lambda n: (graph.nodes[n] if n in graph else records.get(n, {})).get("name") or n
    return {n: name(n) for n in ids}


def date_order(date: str | None) -> tuple:
    """Sort key for ISO dates of any precision: by the end of the interval the date names, finer
    first, so "2016-08" follows every day of August 2016 and "2016" follows December 2016; no
    date goes last.

    >>> sorted(["2016", "2016-08", "2016-08-04", "2016-12", "2016-09-01"], key=date_order)
    ['2016-08-04', '2016-08', '2016-09-01', '2016-12', '2016']
    """
    if not date:
        return (1,)
    parts = [int(p) for p in date.split("-")[:3]]
    return (0, parts[0], *(parts[1:] + [13, 32][len(parts) - 1:]))


def articles_of(data: dict) -> list[str]:
    """Sorted ids of the articles reporting an event (a light read gives them ready-made)."""
    if "articles" in data:
        return list(data["articles"])
    return sorted({s["article"] for s in data.get("sources") or []})


def event_row(graph: nx.MultiDiGraph, u: str, v: str, key: str, data: dict) -> dict:
    """A flat description of one event edge."""
    name = lambda n: graph.nodes[n].get("name") or n
    return {"event": key, "type": data["type"], "date": data.get("date"),
            "source": u, "source_name": name(u), "target": v, "target_name": name(v),
            "amount_usd": data.get("amount_usd"), "articles": articles_of(data)}


def amount(data: dict) -> float:
    return float(data.get("amount_usd") or 0.0)


def add_amount(row: dict, data: dict, suffix: str = "") -> None:
    """Add an event of a priced type (AID, ARMS_SALE) to ``row["amount_usd" + suffix]``, which
    stays None until some event has a known amount; one without counts in ``row["unpriced" +
    suffix]``, so that a sum is never read as complete (or as 0) when amounts were unknown."""
    if not ends(data["type"]).priced:
        return
    if data.get("amount_usd") is None:
        row["unpriced" + suffix] += 1
    else:
        row["amount_usd" + suffix] = (row["amount_usd" + suffix] or 0.0) + float(data["amount_usd"])
