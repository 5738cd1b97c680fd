"""GEXF for Gephi, in dynamic mode: each dated edge lives over the period its date names, so
Gephi's timeline can play the network month by month. The file conforms to the published
GEXF 1.2draft schema (the version it declares), not only to what networkx reads back."""
from __future__ import annotations

import calendar
import re

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from seccoop import __version__
from seccoop.graph.export.common import edge_label, open_target, plain_graph

GEXF_VERSION = "1.2draft"
# Characters XML 1.0 cannot carry at all, escaped or not (a file holding one is not well-formed).
_NOT_XML_CHARS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def write_gexf(graph: nx.MultiDiGraph, file_or_path) -> None:
    """Write GEXF 1.2draft (dynamic). The relation type becomes ``relation`` and the edge label,
    because GEXF reserves an edge's ``type`` for directed/undirected."""
    writer = GEXFWriter(version=GEXF_VERSION)
    writer.add_graph(gexf_graph(graph))
    _conform_to_schema(writer)
    with open_target(file_or_path, binary=True) as stream:
        writer.write(stream)


def _conform_to_schema(writer: GEXFWriter) -> None:
    """Undo what networkx writes and the schema rejects: a ``name`` on ``<graph>`` (GEXF 1.2 has
    none; networkx always writes one, empty). The creator is the program that made the graph."""
    writer.graph_element.attrib.pop("name", None)
    writer.xml.find("meta/creator").text = f"seccoop {__version__}"


def gexf_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    out = plain_graph(graph)
    out.graph = {"mode": "dynamic"}
    for node, attrs in out.nodes(data=True):
        _xml_safe(attrs)
        attrs["label"] = attrs.get("name", node)
    for u, v, key, attrs in out.edges(keys=True, data=True):
        _xml_safe(attrs)
        attrs["relation"] = attrs.pop("type")
        attrs["label"] = attrs["relation"]
        attrs["id"] = edge_label(u, v, key)
        if attrs.get("date"):
            attrs["start"], attrs["end"] = date_spell(attrs["date"])
    return out


def _xml_safe(attrs: dict) -> None:
    """Drop from text values the characters no XML file can hold (article text is untrusted)."""
    for name, value in attrs.items():
        if isinstance(value, str):
            attrs[name] = _xml_text(value)


def _xml_text(value: str) -> str:
    return _NOT_XML_CHARS.sub("", value)


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
