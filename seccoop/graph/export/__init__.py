"""Subgraph exports, one module per format, each with ``write_<fmt>(graph, file_or_path)``.
:data:`WRITERS` maps the ``seccoop export --format`` names to them."""
from __future__ import annotations

from types import MappingProxyType

from seccoop.errors import SeccoopError
from seccoop.graph.export.cypher_export import write_cypher
from seccoop.graph.export.gexf import write_gexf
from seccoop.graph.export.graphml import write_graphml
from seccoop.graph.export.neo4j_csv import write_csv
from seccoop.graph.export.nodelink import write_json
from seccoop.graph.export.rdf import write_jsonld, write_nquads, write_ntriples, write_trig, write_turtle

WRITERS = MappingProxyType({
    "graphml": write_graphml, "gexf": write_gexf, "json": write_json, "csv": write_csv,
    "cypher": write_cypher, "turtle": write_turtle, "jsonld": write_jsonld, "ntriples": write_ntriples,
    "trig": write_trig, "nquads": write_nquads,
})
# Formats written as a directory rather than one file
DIRECTORY_FORMATS = frozenset({"csv"})


def export_graph(graph, fmt: str, file_or_path) -> None:
    """Write ``graph`` in format ``fmt`` to a path, ``-`` (stdout) or an open file."""
    if fmt not in WRITERS:
        raise SeccoopError(f"unknown export format {fmt!r}; available: {', '.join(WRITERS)}")
    WRITERS[fmt](shareable(graph), file_or_path)


def shareable(graph):
    """A copy of ``graph`` without the file path each article was read from on this machine:
    exports name documents by id, title and URL only."""
    out = graph.copy()
    out.graph["articles"] = {a: {k: v for k, v in meta.items() if k != "source"}
                             for a, meta in graph.graph.get("articles", {}).items()}
    return out
