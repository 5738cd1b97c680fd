"""The data the HTML page draws: entities, events and two drawable views of them, as JSON records.

Everything here is data; the page's script (templates/page.js) turns it into the drawing, the
events table and the panels with DOM text APIs only, so article text is never interpreted as
markup. ``nodes`` and ``edges`` hold every entity and every event of the graph (the events table
and the filters cover them all); ``views`` hold what is drawn at each level:

- ``actor``: each entity is a node; each event is a link (events of one type between one pair
  become one link when the graph is large).
- ``country``: people, agencies and places are rolled up to their country (their ``country``
  attribute); an event links the two sides' countries, and events inside one country drop out.
  Entities without a country (international bodies, programmes) stay themselves.

A view draws at most ``DRAW_LIMIT`` nodes (the most connected) and ``LINK_LIMIT`` links (the
most reported), so a graph of tens of thousands of entities opens in seconds; the page says what
it leaves out.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from importlib import resources
from urllib.parse import urlsplit

import networkx as nx

from seccoop.graph.model import is_event
from seccoop.models import ENTITY_TYPES, SYMMETRIC_TYPES
from seccoop.visualizations.layout import layout_positions
from seccoop.visualizations.style import FALLBACK_ENTITY_TYPE

_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?")
# A wire-style dateline opening a sentence: a place in capitals (with an optional region), an
# optional parenthesis (date or agency), then a dash: "WASHINGTON (September 15, 2016) - ".
_DATELINE = re.compile(r"^\s*(?=[A-Z .'’-]*[A-Z]{3})[A-Z][A-Z .'’-]*?(?:,\s*[A-Z][\w.'’ -]{0,30}?)?\s*"
                       r"(?:\([^()]{1,60}\)\s*)?(?:--|[-–—])\s+")
ARTICLE_FIELDS = ("title", "url", "published")
LEVELS = ("actor", "country")
DRAW_LIMIT = 1500            # nodes drawn per view at most: the ones with most events
LINK_LIMIT = 4000            # links drawn per view at most: the most reported
GROUP_ABOVE = 3000           # events: above this, one link per (type, pair) at the actor level too
PARALLEL_ROUNDNESS = 0.18
WIDTH_PER_DOUBLING = 2.0     # pixels added each time the number of reports doubles


def month_span(date: str | None) -> list[int] | None:
    """The months a date covers, as ``[first, last]`` month numbers (year * 12 + month - 1);
    a bare year covers its twelve months. None for a missing or unreadable date.

    >>> month_span("2016-08-04"), month_span("2016")
    ([24199, 24199], [24192, 24203])
    """
    match = _DATE.match(date or "")
    if not match:
        return None
    year, month = int(match.group(1)), match.group(2)
    if month is None:
        return [year * 12, year * 12 + 11]
    if not 1 <= int(month) <= 12:
        return None
    return [year * 12 + int(month) - 1] * 2


def without_dateline(text: str | None) -> str | None:
    """Evidence as a reader wants it: without the dateline that opens a wire story.

    >>> without_dateline("WASHINGTON (September 15, 2016) - The US signed.")
    'The US signed.'
    """
    if not text:
        return text
    stripped = _DATELINE.sub("", text, count=1)
    return stripped if stripped.strip() else text


def graph_payload(graph: nx.MultiDiGraph, style: dict, title: str, stored: dict | None = None) -> dict:
    """Everything the page needs, JSON-ready: title, style, entities, events, the drawable views
    and, when given, the store's ``stats()`` (so the page can say what it does not show)."""
    articles = _article_records(graph)
    edges = [_edge_record(i, u, v, key, d, articles) for i, (u, v, key, d)
             in enumerate(graph.edges(keys=True, data=True))]
    nodes = [_node_record(n, d) for n, d in graph.nodes(data=True)]
    grouped = sum(e["event"] for e in edges) > GROUP_ABOVE
    spans = [e["span"] for e in edges if e["span"]]
    return {
        "title": title,
        "style": {k: style[k] for k in ("entity_types", "relation_types", "label_size")},
        "directed": sorted({e["type"] for e in edges} - SYMMETRIC_TYPES),
        "months": [min(s[0] for s in spans), max(s[1] for s in spans)] if spans else None,
        "stored": {k: dict(stored[k]) for k in ("entities", "events")} if stored else None,
        "articles": articles,
        "nodes": nodes,
        "edges": edges,
        "views": {level: _view(nodes, edges, level, style, grouped or level == "country")
                  for level in LEVELS},
    }


# ---- entities, events, articles ---------------------------------------------------------------

def _node_record(node, data: dict) -> dict:
    type_ = data.get("type") if data.get("type") in ENTITY_TYPES else FALLBACK_ENTITY_TYPE
    name = _text(data.get("name")) or str(node)
    return {"id": str(node), "name": name, "type": type_, "country": _text(data.get("country")),
            "role": _text(data.get("role")), "aliases": [_text(a) for a in data.get("aliases") or [] if _text(a)]}


def _edge_record(i: int, u, v, key, d: dict, articles: dict) -> dict:
    sources = [{"article": _text(s.get("article")), "evidence": without_dateline(_text(s.get("evidence")))}
               for s in d.get("sources") or []]
    return {"id": f"e{i}", "key": str(key), "from": str(u), "to": str(v), "type": str(d.get("type")),
            "event": is_event(d), "date": _text(d.get("date")),
            "span": month_span(d.get("date")), "amount_usd": _number(d.get("amount_usd")),
            "amount": _number(d.get("amount")), "currency": _text(d.get("currency")),
            "confidence": _number(d.get("confidence")), "role": _text(d.get("role")), "sources": sources}


def _article_records(graph: nx.MultiDiGraph) -> dict:
    """``{article id: {title, url, published, link}}`` for every cited article, once (events
    repeat articles many times); ``link`` is the address when it can be followed."""
    known = graph.graph.get("articles") or {}
    reserved = _reserved_domains()
    records = {}
    for *_, d in graph.edges(data=True):
        for source in d.get("sources") or []:
            article = _text(source.get("article"))
            if article not in records:
                meta = known.get(article) or source
                record = {f: _text(meta.get(f)) for f in ARTICLE_FIELDS}
                records[article] = {**record, "link": real_http_url(record["url"], reserved)}
    return records


def real_http_url(url: str | None, reserved: dict | None = None) -> str | None:
    """``url`` when it is an http(s) address on a real host (a dotted name outside the domains
    reserved for examples), else None.

    >>> real_http_url("https://www.state.gov/a"), real_http_url("https://news.example/a")
    ('https://www.state.gov/a', None)
    """
    reserved = reserved or _reserved_domains()
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return None
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme not in ("http", "https") or "." not in host:
        return None
    if host.rsplit(".", 1)[1] in reserved["top_level"]:
        return None
    if any(host == d or host.endswith("." + d) for d in reserved["domains"]):
        return None
    return url


def _reserved_domains() -> dict:
    text = resources.files("seccoop.visualizations").joinpath("reserved_domains.json").read_text("utf-8")
    data = json.loads(text)
    return {"top_level": set(data["top_level"]), "domains": tuple(data["domains"])}


# ---- drawable views ---------------------------------------------------------------------------

def unit_of(node: dict, level: str) -> str:
    """What an entity is drawn as at ``level``: itself, or at the country level its country."""
    if level == "country" and node["type"] != "Country" and node["country"]:
        return node["country"]
    return node["id"]


def _view(nodes: list[dict], edges: list[dict], level: str, style: dict, grouped: bool) -> dict:
    """The nodes (with positions) and links drawn at ``level``, and what they leave out."""
    by_id = {n["id"]: n for n in nodes}
    unit = {n["id"]: unit_of(n, level) for n in nodes}
    links, inside = _links(edges, unit, grouped, level == "actor", style["edge_width"])
    weight = _unit_weights(edges, unit, by_amount=style["node_size"]["by"] == "amount")
    counts = _unit_weights(edges, unit, by_amount=False)
    units = set(unit.values())
    drawn, links = _drawn_part(units, links, counts)
    _curve_parallel(links)
    positions = layout_positions(_drawing_graph(drawn, links))
    sizes = _sizes(weight, drawn, style)
    return {"nodes": [_view_node(u, by_id, positions[u], sizes[u], counts[u]) for u in drawn],
            "links": links, "units": {n: u for n, u in unit.items() if n != u},
            "total": len(units), "inside": inside,
            "drawn_events": len({e for link in links for e in link["events"]})}


def _drawn_part(units: set, links: list[dict], counts: Counter) -> tuple[list[str], list[dict]]:
    """The nodes and links to draw, most connected first. All of them when they fit; otherwise
    the strongest links (most reports, then best-connected ends) with their ends, up to the
    limits, so the drawing shows the backbone of the graph rather than hubs left without links."""
    rank = sorted(units, key=lambda u: (-counts[u], u))
    if len(units) <= DRAW_LIMIT and len(links) <= LINK_LIMIT:
        return rank, links
    chosen, kept = set(), []
    strongest = sorted(links, key=lambda link: (-link["reports"], -counts[link["from"]] - counts[link["to"]]))
    for link in strongest:
        ends = {link["from"], link["to"]} - chosen
        if len(chosen) + len(ends) <= DRAW_LIMIT:
            chosen |= ends
            kept.append(link)
        if len(kept) == LINK_LIMIT:
            break
    return [u for u in rank if u in chosen], kept


def _links(edges: list[dict], unit: dict, grouped: bool, structural: bool,
           widths: dict) -> tuple[list[dict], int]:
    """Links between units, and the number of events inside one unit (not drawable)."""
    groups, inside = {}, 0
    for e in edges:
        a, b = unit[e["from"]], unit[e["to"]]
        if not e["event"] and not structural:
            continue
        if e["event"] and a == b and e["from"] != e["to"]:
            inside += 1
            continue
        key = (a, b, e["type"]) if grouped and e["event"] else e["id"]
        group = groups.get(key)
        if group is None:
            group = groups[key] = {"id": f"g{len(groups)}" if grouped else e["id"], "from": a, "to": b,
                                   "type": e["type"], "event": e["event"], "events": [], "reports": 0}
        group["events"].append(e["id"])
        group["reports"] += max(len(e["sources"]), 1)
    links = list(groups.values())
    for link in links:
        link["width"] = _width(link["reports"], widths)
    return links, inside


def _unit_weights(edges: list[dict], unit: dict, by_amount: bool) -> Counter:
    """Each unit's number of events (or summed USD amounts)."""
    weight = Counter()
    for e in edges:
        if e["event"]:
            value = (e["amount_usd"] or 0.0) if by_amount else 1.0
            for end in {unit[e["from"]], unit[e["to"]]}:
                weight[end] += value
    return weight


def _drawing_graph(units: list[str], links: list[dict]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(units)
    graph.add_edges_from((link["from"], link["to"]) for link in links)
    return graph


def _view_node(unit: str, by_id: dict, position: tuple, size: float, events: int) -> dict:
    entity = by_id.get(unit)
    name, type_ = (entity["name"], entity["type"]) if entity else (unit, "Country")
    return {"id": unit, "name": name, "type": type_, "x": position[0], "y": position[1],
            "size": size, "events": int(events)}


def _width(reports: int, widths: dict) -> float:
    """Link width grows with the log of the number of reports (articles per event, summed over
    grouped events), on the same scale in every page, capped."""
    return round(min(widths["max"], widths["min"] + WIDTH_PER_DOUBLING * math.log2(max(reports, 1))), 2)


def _curve_parallel(links: list[dict]) -> None:
    """0 (straight) for the first link between two nodes, then alternating curves so that
    parallel links between the same pair stay visible and clickable."""
    seen = Counter()
    for link in links:
        pair = tuple(sorted((link["from"], link["to"])))
        nth, seen[pair] = seen[pair], seen[pair] + 1
        sign = 1 if nth % 2 else -1
        link["roundness"] = 0.0 if nth == 0 else round(sign * PARALLEL_ROUNDNESS * ((nth + 1) // 2), 2)


def _sizes(weight: Counter, units: list[str], style: dict) -> dict:
    """Node size from its weight, square-root scaled over the style's range."""
    low, high = style["node_size"]["min"], style["node_size"]["max"]
    top = max((weight[u] for u in units), default=0.0)
    if top <= 0:
        return defaultdict(lambda: low)
    return {u: round(low + (high - low) * math.sqrt(weight[u] / top), 1) for u in units}


def _text(value) -> str | None:
    """Strings as they are; other scalars as text; None stays None."""
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _number(value) -> float | None:
    """A finite float or None (JSON has no NaN or Infinity)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
