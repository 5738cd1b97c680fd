"""The graph as readers see it: the store's graph with the curation log applied.

:func:`curated_view` is the one place decisions take effect; every read (queries, exports, the
page, ``stats``) goes through it (see :mod:`seccoop.graph.curated_store`). Decisions are applied
in a fixed order whatever order they were taken in: rejected claims leave their events, then
events are rejected, corrected or confirmed, then aliases are split off entities, entities are
renamed, and merged, each kind in the order of the log. A decision whose target is not in the store's graph is *orphaned*: it changes
nothing and is reported (``graph.graph["curation"]``), never dropped.
"""
from __future__ import annotations

import re
from itertools import chain

import networkx as nx

from seccoop.graph.curation import claim_key, event_key
from seccoop.graph.model import event_edges, is_event, part_links
from seccoop.models import AFFILIATED_WITH, SYMMETRIC_TYPES, normalize

APPLIED, ORPHANED = "applied", "orphaned"


def curated_view(graph: nx.MultiDiGraph, decisions: list[dict], copy: bool = True) -> nx.MultiDiGraph:
    """``graph`` with ``decisions`` applied: a new graph, or ``graph`` itself changed in place
    without ``copy`` (for a graph just read from a store; copying 100,000 events takes seconds).
    ``view.graph["curation"]`` maps each decision id to ``applied`` or ``orphaned``;
    ``view.graph["merged"]`` maps each merged-away entity id to the entity it now is."""
    where, claims = _targets(graph, decisions)
    status = _statuses(graph, decisions, where, claims)
    live = [d for d in decisions if status[d["id"]] == APPLIED]
    view = graph.copy() if copy else graph
    view.graph.update(curation=status, merged={})
    rejected = {claim_key(**d["target"]["claim"]) for d in live if "claim" in d["target"]}
    if rejected:
        _reject_claims(view, rejected)
    _apply_event_decisions(view, [d for d in live if "event" in d["target"]], where)
    for action in ("split", "rename", "merge"):      # a split-off entity can then be renamed or merged into
        for d in live:
            if d["action"] == action:
                ENTITY_ACTIONS[action](view, d)
    if any(d["action"] != "confirm" for d in live):   # a rejected total, a new amount or side regroups parts
        events = [(k, d) for _, _, k, d in event_edges(view)]
        links = part_links(events)
        for k, d in events:
            d["part_of"] = links.get(k)
    return view


def statuses(graph: nx.MultiDiGraph, decisions: list[dict]) -> dict[str, str]:
    """``{decision id: applied | orphaned}``: orphaned when its target is not in the graph."""
    return _statuses(graph, decisions, *_targets(graph, decisions))


def _targets(graph: nx.MultiDiGraph, decisions: list[dict]) -> tuple[dict, set]:
    """``({event key: (u, v, key)}, {claim key})`` of the graph, read in one pass, and only when
    some decision is about an event or a claim."""
    where, claims = {}, set()
    if any("event" in d["target"] or "claim" in d["target"] for d in decisions):
        for u, v, k, d in event_edges(graph):
            where[event_key(u, v, k, d)] = (u, v, k)
            claims.update(claim_key(s["article"], s["start"], s["end"]) for s in d["sources"])
    return where, claims


def _statuses(graph, decisions: list[dict], where: dict, claims: set) -> dict[str, str]:
    made = {d["value"]["id"] for d in decisions if d["action"] == "split"}
    return {d["id"]: APPLIED if _target_exists(d, graph, where, claims, made) else ORPHANED for d in decisions}


def _target_exists(d: dict, graph, events: dict, claims: set, made: set) -> bool:
    target, value = d["target"], d["value"]
    if "event" in target:
        return target["event"] in events
    if "claim" in target:
        return claim_key(**target["claim"]) in claims
    entity = target["entity"]
    if entity not in graph:
        return d["action"] == "rename" and entity in made
    if d["action"] == "merge":
        return value["into"] in graph or value["into"] in made
    if d["action"] == "split":
        return normalize(value["alias"]) in {normalize(a) for a in graph.nodes[entity].get("aliases") or ()}
    return True


# --- events -----------------------------------------------------------------------------------

def _reject_claims(view: nx.MultiDiGraph, rejected: set) -> None:
    for u, v, k, d in list(event_edges(view)):
        kept = [s for s in d["sources"] if claim_key(s["article"], s["start"], s["end"]) not in rejected]
        if not kept:
            view.remove_edge(u, v, k)
        elif len(kept) < len(d["sources"]):
            view.edges[u, v, k].update(sources=kept, confidence=max(s["confidence"] for s in kept))


def _apply_event_decisions(view: nx.MultiDiGraph, decisions: list[dict], where: dict) -> None:
    where = dict(where)
    for d in decisions:
        found = where.get(d["target"]["event"])
        if found is None or not view.has_edge(*found):   # every claim of it rejected: nothing to decide
            continue
        if d["action"] == "reject":
            view.remove_edge(*found)
            where.pop(d["target"]["event"])
        elif d["action"] == "confirm":
            _mark(view.edges[found], "confirmed")
        else:
            where[d["target"]["event"]] = _correct(view, found, d["value"])


def _correct(view: nx.MultiDiGraph, found: tuple, value: dict) -> tuple:
    u, v, k = found
    data = view.edges[found]
    data.update({f: value[f] for f in ("type", "date", "amount_usd") if f in value})
    _mark(data, "corrected")
    if value.get("direction") == "reversed" and data["type"] not in SYMMETRIC_TYPES:
        view.remove_edge(u, v, k)
        data.update(source_side=data.get("target_side"), target_side=data.get("source_side"))
        view.add_edge(v, u, key=k, **data)
        return v, u, k
    return found


def _mark(data: dict, what: str) -> None:
    """``curation`` on an edge: what analysts did to it ("confirmed", "corrected", both)."""
    marks = set(filter(None, (data.get("curation") or "").split(", "))) | {what}
    data["curation"] = ", ".join(sorted(marks))


# --- entities ---------------------------------------------------------------------------------

def _survivor(view: nx.MultiDiGraph, entity: str) -> str:
    while entity in view.graph["merged"]:
        entity = view.graph["merged"][entity]
    return entity


def _rename(view: nx.MultiDiGraph, d: dict) -> None:
    node_id = _survivor(view, d["target"]["entity"])
    if node_id not in view:             # the entity of an orphaned split
        return
    node, value = view.nodes[node_id], d["value"]
    if "name" in value and value["name"] != node.get("name"):
        aliases = (set(node.get("aliases") or ()) | {node.get("name")}) - {value["name"], None}
        node.update(name=value["name"], aliases=sorted(aliases))
    if "role" in value:
        node["role"] = value["role"]
    if "country" in value:
        _set_country(view, node_id, value["country"])
    if view.has_edge(node_id, node.get("country"), AFFILIATED_WITH):
        view.edges[node_id, node["country"], AFFILIATED_WITH]["role"] = node.get("role")


def _set_country(view: nx.MultiDiGraph, node_id: str, country: str | None) -> None:
    node = view.nodes[node_id]
    if view.has_edge(node_id, node.get("country"), AFFILIATED_WITH):
        view.remove_edge(node_id, node["country"], AFFILIATED_WITH)
    node["country"] = country
    if node.get("type") != "Country" and country in view:
        view.add_edge(node_id, country, key=AFFILIATED_WITH, type=AFFILIATED_WITH, role=node.get("role"))
        for u, v, _, data in event_edges(view):
            side = "source_side" if u == node_id else "target_side" if v == node_id else None
            if side:
                data[side] = country


def _split(view: nx.MultiDiGraph, d: dict) -> None:
    """The alias leaves the entity and becomes an entity of its own, with the claims whose
    evidence names the alias and not the entity's name."""
    old_id, alias, new_id = _survivor(view, d["target"]["entity"]), d["value"]["alias"], d["value"]["id"]
    old = view.nodes[old_id]
    old["aliases"] = [a for a in old.get("aliases") or () if normalize(a) != normalize(alias)]
    if new_id not in view:
        view.add_node(new_id, name=alias, type=old.get("type"), country=None, role=None, aliases=[], parent=None)
    names_alias = lambda s: _names(s["evidence"], alias) and not _names(s["evidence"], old.get("name") or "")
    for u, v, k, data in list(chain(view.out_edges(old_id, keys=True, data=True),
                                    view.in_edges(old_id, keys=True, data=True))):
        if not is_event(data):
            continue
        moved = [s for s in data["sources"] if names_alias(s)]
        if moved:
            _move_claims(view, (u, v, k), moved, old_id, new_id)


def _move_claims(view: nx.MultiDiGraph, edge: tuple, moved: list, old_id: str, new_id: str) -> None:
    u, v, k = edge
    data = dict(view.edges[edge])
    kept = [s for s in data["sources"] if s not in moved]
    end = lambda n: new_id if n == old_id else n
    if kept:
        view.edges[edge].update(sources=kept, confidence=max(s["confidence"] for s in kept))
        k = f"{k}/{new_id}"          # the claims that were about the alias: an event of their own
    else:
        view.remove_edge(u, v, k)
    data.update(sources=moved, confidence=max(s["confidence"] for s in moved))
    view.add_edge(end(u), end(v), key=k, **_renamed(data, old_id, new_id))


def _names(text: str, name: str) -> bool:
    key = normalize(name)
    return bool(key) and re.search(rf"\b{re.escape(key)}\b", normalize(text)) is not None


def _merge(view: nx.MultiDiGraph, d: dict) -> None:
    """The entity becomes the other: its names join the other's aliases, its edges and the
    entities that belong to it move over, events between the two disappear (no one cooperates
    with itself)."""
    gone, into = _survivor(view, d["target"]["entity"]), _survivor(view, d["value"]["into"])
    if gone == into or gone not in view or into not in view:
        return
    _absorb_attrs(view.nodes[into], view.nodes[gone])
    for u, v, k, data in list(chain(view.out_edges(gone, keys=True, data=True),
                                    view.in_edges(gone, keys=True, data=True))):
        a, b = (into if u == gone else u), (into if v == gone else v)
        if a != b and not view.has_edge(a, b, k):
            view.add_edge(a, b, key=k, **_renamed(data, gone, into))
    view.remove_node(gone)
    for node, attrs in view.nodes(data=True):
        attrs.update({f: into for f in ("country", "parent") if attrs.get(f) == gone})
    for *_, data in event_edges(view):
        data.update({f: into for f in ("source_side", "target_side") if data.get(f) == gone})
    view.graph["merged"][gone] = into


def _absorb_attrs(keep: dict, gone: dict) -> None:
    names = set(keep.get("aliases") or ()) | set(gone.get("aliases") or ()) | {gone.get("name")}
    keep["aliases"] = sorted(names - {keep.get("name"), None})
    for field in ("country", "role", "parent"):
        keep[field] = keep.get(field) or gone.get(field)


def _renamed(data: dict, gone: str, into: str) -> dict:
    if not is_event(data):
        return dict(data)
    swap = lambda n: into if n == gone else n
    sources = [{**s, "source": swap(s.get("source")), "target": swap(s.get("target"))} for s in data["sources"]]
    return {**data, "sources": sources}


ENTITY_ACTIONS = {"rename": _rename, "split": _split, "merge": _merge}


# --- name search over a view ------------------------------------------------------------------

def find_entities(view: nx.MultiDiGraph, name: str, words: bool = False) -> list[dict]:
    """:meth:`seccoop.graph.store.Store.find_entities` over a curated view (a merged-away id or
    name finds the entity it was merged into, through its aliases or ``merged``)."""
    key = normalize(name)
    if not key:
        return []
    forms = {n: {normalize(f) for f in (n, d.get("name") or "", *(d.get("aliases") or ()))}
             for n, d in view.nodes(data=True) if d.get("name")}
    merged = {normalize(g): _survivor(view, g) for g in view.graph.get("merged", {})}
    found = set() if words else {n for n, f in forms.items() if key in f} | ({merged[key]} if key in merged else set())
    if not found:
        found = {n for n, f in forms.items() if any(f" {key} " in f" {form} " for form in f)}
    record = lambda n: {"id": n, **{k: view.nodes[n].get(k) for k in ("name", "type", "country", "role", "parent")},
                        "aliases": list(view.nodes[n].get("aliases") or ())}
    return [record(n) for n in sorted(found)]
