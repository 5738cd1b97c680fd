"""GEXF for Gephi, in dynamic mode: each dated edge lives over the period its date names, so
Gephi's timeline can play the network month by month."""
from __future__ import annotations

import calendar

import networkx as nx

from seccoop.graph.export.common import edge_label, open_target, plain_graph


def write_gexf(graph: nx.MultiDiGraph, file_or_path) -> None:
    """Write GEXF 1.2 (dynamic). The relation type becomes ``relation`` and the edge label,
    because GEXF reserves an edge's ``type`` for directed/undirected."""
    with open_target(file_or_path, binary=True) as stream:
        nx.write_gexf(gexf_graph(graph), stream)


def gexf_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    out = plain_graph(graph)
    out.graph["mode"] = "dynamic"
    for node, attrs in out.nodes(data=True):
        attrs["label"] = attrs.get("name", node)
    for u, v, key, attrs in out.edges(keys=True, data=True):
        attrs["relation"] = attrs.pop("type")
        attrs["label"] = attrs["relation"]
        attrs["id"] = edge_label(u, v, key)
        if attrs.get("date"):
            attrs["start"], attrs["end"] = date_spell(attrs["date"])
    return out


def date_spell(date: str) -> tuple[str, str]:
    """The first and last day a date of any precision covers.

    >>> date_spell("2016-02")
    ('2016-02-01', '2016-02-29')
    """
    parts = date.split("-")
    year = int(parts[0])
    if len(parts) == 1:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    month = int(parts[1])
    if len(parts) == 2:
        last = calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    return date[:10], date[:10]
