"""The data the HTML page draws: nodes and edges of the shared graph model as plain JSON records.

Everything here is data; the page's script (templates/page.js) turns it into the drawing and the
panels with DOM text APIs only, so article text is never interpreted as markup.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

import networkx as nx

from seccoop.models import ENTITY_TYPES, SYMMETRIC_TYPES
from seccoop.visualizations.layout import layout_positions, separate_labels
from seccoop.visualizations.style import FALLBACK_ENTITY_TYPE

_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?")
SOURCE_FIELDS = ("article", "title", "url", "published", "evidence")
PARALLEL_ROUNDNESS = 0.18
WIDTH_PER_DOUBLING = 2.0     # pixels added each time the number of reporting articles doubles


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


def graph_payload(graph: nx.MultiDiGraph, style: dict, title: str) -> dict:
    """Everything the page needs, JSON-ready: title, style, nodes with positions, edges."""
    positions = layout_positions(graph)
    edges = _edge_records(graph, style)
    sizes = _node_sizes(graph, style)
    nodes = [_node_record(n, d, positions[n], sizes[n], label_font_size(sizes[n], style))
             for n, d in graph.nodes(data=True)]
    separate_labels(nodes)
    spans = [e["span"] for e in edges if e["span"]]
    return {
        "title": title,
        "style": {k: style[k] for k in ("entity_types", "relation_types", "label_size")},
        "directed": sorted({e["type"] for e in edges} - SYMMETRIC_TYPES),
        "months": [min(s[0] for s in spans), max(s[1] for s in spans)] if spans else None,
        "nodes": nodes,
        "edges": edges,
    }


def _node_record(node, data: dict, position: tuple, size: float, font: float) -> dict:
    type_ = data.get("type") if data.get("type") in ENTITY_TYPES else FALLBACK_ENTITY_TYPE
    name = _text(data.get("name")) or str(node)
    label = f"{name} ({node})" if type_ == "Country" and name != str(node) else name
    return {"id": str(node), "label": label, "name": name, "type": type_,
            "country": _text(data.get("country")), "role": _text(data.get("role")),
            "aliases": [_text(a) for a in data.get("aliases") or [] if _text(a)],
            "x": position[0], "y": position[1], "size": size, "font": font}


def _edge_records(graph: nx.MultiDiGraph, style: dict) -> list[dict]:
    widths = style["edge_width"]
    parallel = Counter()
    records = []
    for i, (u, v, key, d) in enumerate(graph.edges(keys=True, data=True)):
        pair = tuple(sorted((str(u), str(v))))
        nth, parallel[pair] = parallel[pair], parallel[pair] + 1
        records.append(_edge_record(i, u, v, key, d, _width(d, widths), _roundness(nth)))
    return records


def _edge_record(i: int, u, v, key, d: dict, width: float, roundness: float) -> dict:
    sources = [{f: _text(s.get(f)) for f in SOURCE_FIELDS} for s in d.get("sources") or []]
    return {"id": f"e{i}", "key": str(key), "from": str(u), "to": str(v), "type": str(d.get("type")),
            "event": d.get("sources") is not None, "date": _text(d.get("date")),
            "span": month_span(d.get("date")), "amount_usd": _number(d.get("amount_usd")),
            "amount": _number(d.get("amount")), "currency": _text(d.get("currency")),
            "confidence": _number(d.get("confidence")), "role": _text(d.get("role")),
            "sources": sources, "width": width, "roundness": roundness}


def _width(data: dict, widths: dict) -> float:
    """Edge width grows with the log of the number of reporting articles, on the same scale in
    every page (so widths compare across renders), capped at the style's maximum."""
    count = max(len(data.get("sources") or []), 1)
    return round(min(widths["max"], widths["min"] + WIDTH_PER_DOUBLING * math.log2(count)), 2)


def _roundness(nth: int) -> float:
    """0 (straight) for the first edge between two nodes, then alternating curves so that
    parallel events between the same pair stay visible and clickable."""
    if nth == 0:
        return 0.0
    sign = 1 if nth % 2 else -1
    return round(sign * PARALLEL_ROUNDNESS * ((nth + 1) // 2), 2)


def _node_sizes(graph: nx.MultiDiGraph, style: dict) -> dict:
    """Node size from its number of events (or summed USD amounts), square-root scaled."""
    weight = defaultdict(float)
    by_amount = style["node_size"]["by"] == "amount"
    for u, v, d in graph.edges(data=True):
        if d.get("sources") is None:
            continue
        value = (_number(d.get("amount_usd")) or 0.0) if by_amount else 1.0
        weight[u] += value
        weight[v] += value
    low, high = style["node_size"]["min"], style["node_size"]["max"]
    top = max(weight.values(), default=0.0)
    if top <= 0:
        return {n: low for n in graph}
    return {n: round(low + (high - low) * math.sqrt(weight[n] / top), 1) for n in graph}


def label_font_size(size: float, style: dict) -> float:
    """A node's label font size: it grows with the node across the style's label range, so that
    the main actors can be read while the whole graph is in view. Fixed ranges, not this
    graph's, so that the same size reads the same in every page.

    >>> label_font_size(20.5, {"node_size": {"min": 9, "max": 32}, "label_size": {"min": 14, "max": 36}})
    25.0
    """
    nodes, labels = style["node_size"], style["label_size"]
    share = (size - nodes["min"]) / (nodes["max"] - nodes["min"]) if nodes["max"] > nodes["min"] else 0.0
    return round(labels["min"] + min(max(share, 0.0), 1.0) * (labels["max"] - labels["min"]), 1)


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
