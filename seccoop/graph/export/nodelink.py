"""Node-link JSON (networkx ``node_link_data``; d3 and most JS graph libraries read it). Lists
such as ``sources`` stay lists."""
from __future__ import annotations

import json

import networkx as nx

from seccoop.graph.export.common import open_target


def write_json(graph: nx.MultiDiGraph, file_or_path) -> None:
    """Write ``{"directed", "multigraph", "graph", "nodes", "edges"}``; ``nx.node_link_graph(data,
    edges="edges")`` reads it back."""
    data = nx.node_link_data(graph, edges="edges")
    with open_target(file_or_path) as stream:
        json.dump(data, stream, ensure_ascii=False, indent=1, default=str)
        stream.write("\n")
