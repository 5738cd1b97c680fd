"""What every export format shares: plain attribute values and opening the target."""
from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import networkx as nx

FLOAT_ATTRS = ("amount_usd", "amount", "confidence")


def plain_value(value):
    """A value every graph file format accepts: lists and dicts as JSON text; None stays None
    (callers drop it); numeric amounts as floats so a column has one type."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=isinstance(value, dict))
    return value


def plain_attrs(attrs: dict) -> dict:
    out = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if key in FLOAT_ATTRS and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = float(value)
        out[key] = plain_value(value)
    return out


def plain_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose node, edge and graph attributes are plain scalars (GraphML and GEXF reject
    lists and None): lists and dicts JSON-encoded, None dropped."""
    out = nx.MultiDiGraph(**plain_attrs(graph.graph))
    out.add_nodes_from((n, plain_attrs(d)) for n, d in graph.nodes(data=True))
    out.add_edges_from((u, v, k, plain_attrs(d)) for u, v, k, d in graph.edges(keys=True, data=True))
    return out


@contextlib.contextmanager
def open_target(file_or_path, binary: bool = False):
    """A writable stream for a path, ``-`` (stdout) or an open file, closed only if opened here."""
    if file_or_path in (None, "-"):
        yield sys.stdout.buffer if binary else sys.stdout
        sys.stdout.flush()
    elif isinstance(file_or_path, (str, Path)):
        with open(file_or_path, "wb" if binary else "w", **({} if binary else
                                                              {"encoding": "utf-8", "newline": ""})) as f:
            yield f
    else:
        yield file_or_path


def edge_label(u: str, v: str, key: str) -> str:
    """A unique edge id: event keys are unique already, structural keys only per node pair."""
    return key if key.startswith("ev:") else f"{key}:{u}->{v}"
