"""A Cypher script that recreates the subgraph in any Neo4j: constraints, then batched
``UNWIND [<list literal>] AS row MERGE ...`` statements (no ``:param``, so cypher-shell, the
browser or a driver can run it). Every value is a Cypher literal escaped here: article text can
never end a string or a statement."""
from __future__ import annotations

import datetime
import json
import math
import re
from typing import Iterator

import networkx as nx

from seccoop.graph import cypher_statements as C
from seccoop.graph import neo4j_records as records
from seccoop.graph.export.common import open_target
from seccoop.models import ENTITY_TYPES, RELATION_TYPES

BATCH = 500
ROWS = "UNWIND $rows AS row "     # the store's statements take their rows as a parameter; here, a literal
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
    """The statements, in order: the store's constraints and indexes, entities per label,
    articles, claims with their links, relationships per type (:mod:`seccoop.graph.neo4j_records`)."""
    yield from C.SCHEMA
    for label in ENTITY_TYPES:
        rows = [{"id": r["id"], "props": r["props"]} for r in records.node_records(graph) if r["label"] == label]
        yield from _unwind(rows, batch, f"MERGE (n:Entity {{id: row.id}}) SET n += row.props, n:{label}")
    yield from _unwind(records.article_records(graph), batch, C.UPSERT_ARTICLES.removeprefix(ROWS))
    yield from _unwind(records.claim_records(graph), batch, C.UPSERT_CLAIMS.removeprefix(ROWS))
    rels = records.relationship_records(graph)
    for type_ in sorted({r["type"] for r in rels}):
        rows = [{k: r[k] for k in ("id", "source", "target", "props")} for r in rels if r["type"] == type_]
        key = " {id: row.id}" if type_ in RELATION_TYPES else ""
        yield from _unwind(rows, batch, "MATCH (a:Entity {id: row.source}), (b:Entity {id: row.target}) "
                                        f"MERGE (a)-[r:{records.relationship_type(type_)}{key}]->(b) SET r += row.props")


def _unwind(rows: list[dict], batch: int, body: str) -> Iterator[str]:
    for i in range(0, len(rows), batch):
        yield f"UNWIND {cypher_literal(rows[i:i + batch])} AS row\n{body}"


def cypher_literal(value) -> str:
    """A Cypher literal for a JSON-like value or a date; map keys are backquoted unless plain identifiers.

    >>> cypher_literal(datetime.date(2016, 8, 1))
    "date('2016-08-01')"

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
    if isinstance(value, datetime.date):
        return f"date('{value.isoformat()}')"
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
