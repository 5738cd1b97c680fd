"""GraphML (yEd, Gephi, Cytoscape, networkx): plain attributes, edge ids = event keys."""
from __future__ import annotations

import networkx as nx

from seccoop.graph.export.common import open_target, plain_graph


def write_graphml(graph: nx.MultiDiGraph, file_or_path) -> None:
    """Write the graph as GraphML; lists (aliases, sources, articles) are JSON text, None omitted.

    Read back with ``nx.read_graphml(path, force_multigraph=True, edge_key_type=str)``.
    """
    with open_target(file_or_path, binary=True) as stream:
        nx.write_graphml(plain_graph(graph), stream, named_key_ids=True)
