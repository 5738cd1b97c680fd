"""``ego``: the neighbourhood of one entity, a page at a time.

The node set and hop counts come from the store's adjacency alone (no edge data); names are read
only for the hop rings the page reaches into, and edge data only for the edges shown.
"""
from __future__ import annotations

from typing import Literal

import networkx as nx

from seccoop.errors import QueryError
from seccoop.graph.model import event_edges, is_event
from seccoop.graph.selection import Selection, select
from seccoop.queries.common import Rows, articles_of, check_depth, check_page, more_note
from seccoop.queries.resolve import resolve_record

DEFAULT_LIMIT = 100        # rows (nodes) per page
DEFAULT_PER_PAIR = 5       # events listed between two nodes: hub countries share hundreds


def ego(store, *, entity: str, depth: int = 1, limit: int = DEFAULT_LIMIT, offset: int = 0,
        per_pair: int = DEFAULT_PER_PAIR, lateral: bool = False,
        level: Literal["actor", "country"] = "actor") -> list[dict]:
    """The neighbourhood of an entity: nodes with type and hops (over events), and the edges that reach them.

    Rows are ordered by hops, then name (ignoring case): ``limit`` rows from ``offset`` (0: all),
    with a note saying how many more there are. A row lists the edges (events and structural
    links) between its node and nodes one hop nearer the centre; with ``lateral`` also those to
    nodes as far out, each on the row of the larger id, so that the rows then hold every edge of
    the neighbourhood once. Between two nodes at most ``per_pair`` events (the latest; 0: all),
    the rest counted in ``more_edges`` (``evidence A--B`` lists them).

    Args:
        entity: the entity at the centre (any name, code or alias).
        depth: how many event hops out from the centre.
        limit: rows (nodes) per page; 0 for all.
        offset: rows to skip (the next page starts at offset + limit).
        per_pair: at most this many events between two nodes, the latest; 0 for all.
        lateral: also the edges between nodes equally far out.
        level: actors as named, or the sides (countries) of events, hops counted between sides.
    """
    check_page(limit, offset)
    if per_pair < 0:
        raise QueryError(f"--per-pair must be 0 or more, got {per_pair}")
    record = resolve_record(store, entity)
    if level == "country":
        return _country_ego(store, record, check_depth("depth", depth), limit, offset, per_pair, lateral)
    hops, inward = event_rings(store, record["id"], check_depth("depth", depth))
    records = _page_records(store, hops, record, offset + limit if limit else len(hops))
    shown = records[offset:offset + limit] if limit else records[offset:]
    attached, more = _attached_edges(store, hops, inward, [r["id"] for r in shown], per_pair or None, lateral)
    rows = [_node_row(r, hops[r["id"]], attached.get(r["id"], []), more.get(r["id"], 0)) for r in shown]
    notes = [more_note(len(hops), offset, len(rows), "nodes"),
             f"rows list at most {per_pair} event(s) per pair of nodes, the latest (--per-pair 0: all)" if more else None]
    return Rows(rows, "; ".join(n for n in notes if n) or None)


def _country_ego(store, record: dict, depth: int, limit: int, offset: int, per_pair: int,
                 lateral: bool) -> Rows:
    """:func:`ego` at country level: the rows are the sides (countries, or international
    organizations) within ``depth`` hops of the entity's side over the country view."""
    view = select(store, Selection(level="country", center=record["id"], depth=depth))
    side = record.get("country") or record["id"]
    hops = nx.single_source_shortest_path_length(view.to_undirected(as_view=True), side) if side in view \
        else {side: 0}
    view.add_nodes_from(n for n in hops if n not in view)
    names = {n: view.nodes[n].get("name") or n for n in hops}
    order = sorted(hops, key=lambda n: (hops[n], n != side, names[n].casefold(), n))
    rank = lambda n: (hops[n], n)
    pairs: dict[tuple, list] = {}
    for u, v, key, data in event_edges(view):
        if hops[u] != hops[v] or lateral:
            pairs.setdefault((max((u, v), key=rank), min((u, v), key=rank)), []).append((u, v, key, data))
    attached, more = {}, {}
    for (far, _), found in sorted(pairs.items()):
        found.sort(key=lambda e: (e[3].get("date") or "", e[2]), reverse=True)
        kept = found[:per_pair] if per_pair else found
        attached.setdefault(far, []).extend(_edge(view, *e) for e in kept)
        more[far] = more.get(far, 0) + len(found) - len(kept)
    shown = order[offset:offset + limit] if limit else order[offset:]
    rows = [_node_row({"id": n, **view.nodes[n]}, hops[n], attached.get(n, []), more.get(n, 0)) for n in shown]
    notes = [more_note(len(order), offset, len(rows), "nodes"),
             f"rows list at most {per_pair} event(s) per pair of nodes, the latest (--per-pair 0: all)"
             if any(more.values()) else None]
    return Rows(rows, "; ".join(n for n in notes if n) or None)


def event_rings(store, center: str, depth: int) -> tuple[dict[str, int], dict[str, set[str]]]:
    """Event hops from ``center`` of every entity within ``depth``, ring by ring (breadth first),
    and for each entity of the inner rings its event neighbours one ring nearer (``inward``).
    The outermost ring, by far the largest, is only gathered: its rows ask for their own links."""
    hops, inward, ring = {center: 0}, {}, [center]
    for hop in range(1, depth + 1):
        if hop == depth:
            found = dict.fromkeys(store.reach(ring) - hops.keys())
        else:
            near, found = store.adjacency(ring), {}
            for node in ring:
                for other in near[node] - hops.keys():
                    found.setdefault(other, set()).add(node)
            inward.update(found)
        if not found:
            break
        hops.update(dict.fromkeys(found, hop))
        ring = sorted(found)
    return hops, inward


def _page_records(store, hops: dict[str, int], center: dict, needed: int) -> list[dict]:
    """Records of the nodes in row order (hops, name, id), read ring by ring only until
    ``needed`` rows are known: a page near the centre never reads the far ring's names."""
    rings: dict[int, list[str]] = {}
    for node, hop in hops.items():
        rings.setdefault(hop, []).append(node)
    ordered = [center]
    for hop in sorted(rings)[1:]:
        if len(ordered) >= needed:
            break
        found = store.entities(rings[hop])
        ordered += sorted(found.values(), key=lambda r: ((r.get("name") or "").casefold(), r["id"]))
    return ordered


def _attached_edges(store, hops: dict[str, int], inward: dict[str, set[str]], shown: list[str],
                    per_pair: int | None, lateral: bool) -> tuple[dict, dict]:
    """The edges of the shown rows (see :func:`ego`), and per row how many events ``per_pair``
    left out. An edge belongs to the row of its end farther out (by hops, then id)."""
    rank = lambda n: (hops[n], n)
    reaches = lambda node, other: hops[other] < hops[node] or (lateral and rank(other) < rank(node))
    outer = [n for n in shown if hops[n] > 0]
    near = store.adjacency(outer, structural=True, events=False)
    # event links towards the centre are known from the walk, except for the outermost ring's
    unknown = [n for n in outer if lateral or n not in inward]
    outermost = max(hops.values())
    nearer = None if lateral else [n for n, hop in hops.items() if hop < outermost]
    for node, others in store.adjacency(unknown, among=nearer).items():
        near[node] |= others
    pairs = [(node, other) for node in outer for other in near[node] | inward.get(node, set())
             if other in hops and reaches(node, other)]
    if not pairs:
        return {}, {}
    graph = store.edges_between(pairs, sources=False, latest=per_pair)   # rows show article ids only
    attached: dict[str, list] = {}
    for u, v, key, data in graph.edges(keys=True, data=True):
        attached.setdefault(max((u, v), key=rank), []).append(_edge(graph, u, v, key, data))
    more: dict[str, int] = {}
    for pair, count in graph.graph["left_out"].items():
        far = max(pair, key=rank)
        more[far] = more.get(far, 0) + count
    return attached, more


def _node_row(record: dict, hops: int, edges: list, more_edges: int) -> dict:
    return {"id": record["id"], "name": record.get("name"), "type": record.get("type"),
            "country": record.get("country"), "hops": hops,
            "edges": sorted(edges, key=lambda e: (e["type"], e["source"], e["target"], e["date"] or "")),
            "more_edges": more_edges}


def _edge(graph, u: str, v: str, key: str, data: dict) -> dict:
    name = lambda n: graph.nodes[n].get("name") or n
    edge = {"type": data["type"], "source": u, "source_name": name(u), "target": v, "target_name": name(v),
            "date": data.get("date")}
    if not is_event(data):
        return dict(edge, kind="structural", role=data.get("role"))
    return dict(edge, kind="event", event=key, amount_usd=data.get("amount_usd"), articles=articles_of(data))
