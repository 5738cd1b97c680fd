"""A Cypher script that recreates the subgraph in any Neo4j: constraints, then batched
``UNWIND [<list literal>] AS row MERGE ...`` statements (no ``:param``, so cypher-shell, the
browser or a driver can run it). Every value is a Cypher literal escaped here: article text can
never end a string or a statement."""
from __future__ import annotations

import json
import math
import re
from typing import Iterator

import networkx as nx

from seccoop.graph.export import neo4j_model as model
from seccoop.graph.export.common import open_target

BATCH = 500
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# Cypher string escapes; anything else below U+0020 becomes \uXXXX
ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
           "\b": "\\b", "\f": "\\f"}


def write_cypher(graph: nx.MultiDiGraph, file_or_path) -> None:
    """Write the statements, each ending with ``;`` on its own line end (cypher-shell -f)."""
    with open_target(file_or_path) as stream:
        for statement in cypher_statements(graph):
            stream.write(statement + ";\n")


def cypher_statements(graph: nx.MultiDiGraph, batch: int = BATCH) -> Iterator[str]:
    """The statements, in order: constraints, entities per label, articles, relationships per type."""
    yield "CREATE CONSTRAINT seccoop_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE"
    yield "CREATE CONSTRAINT seccoop_article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE"
    nodes, edges = model.node_records(graph), model.edge_records(graph)
    for label in model.ENTITY_TYPES:
        rows = [{"id": r["id"], "props": r["props"]} for r in nodes if r["label"] == label]
        yield from _unwind(rows, batch, f"MERGE (n:Entity {{id: row.id}}) SET n += row.props, n:{label}")
    yield from _unwind(model.article_records(graph), batch, "MERGE (a:Article {id: row.id}) SET a += row.props")
    for type_ in sorted({r["type"] for r in edges}):
        rows = [{k: r[k] for k in ("id", "source", "target", "props")} for r in edges if r["type"] == type_]
        yield from _unwind(rows, batch, "MATCH (a:Entity {id: row.source}), (b:Entity {id: row.target}) "
                                        f"MERGE (a)-[r:{model.relationship_type(type_)} {{id: row.id}}]->(b) "
                                        "SET r += row.props")


def _unwind(rows: list[dict], batch: int, body: str) -> Iterator[str]:
    for i in range(0, len(rows), batch):
        yield f"UNWIND {cypher_literal(rows[i:i + batch])} AS row\n{body}"


def cypher_literal(value) -> str:
    """A Cypher literal for a JSON-like value; map keys are backquoted unless plain identifiers.

    >>> cypher_literal({"name": "O'Brien\\n", "n": [1, 2.5, None, True]})
    "{name: 'O\\\\'Brien\\\\n', n: [1, 2.5, null, true]}"
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "null"
    if isinstance(value, str):
        return "'" + "".join(_escape(c) for c in value) + "'"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    return cypher_literal(json.dumps(value, default=str))


def _escape(char: str) -> str:
    if char in ESCAPES:
        return ESCAPES[char]
    if ord(char) < 0x20 or char in "\u2028\u2029\x7f":
        return f"\\u{ord(char):04x}"
    return char


def _key(key: str) -> str:
    return key if IDENTIFIER.match(key) else "`" + key.replace("`", "``") + "`"
