"""``seccoop cypher``: run a user's Cypher on a Neo4j store, read-only unless asked to write."""
from __future__ import annotations

import datetime as dt
import json

from seccoop.errors import QueryError

NEEDS_NEO4J = ("Cypher needs a Neo4j store (--store bolt://HOST:7687 or neo4j://...). On this store use "
               "`seccoop sparql` or the named queries (`seccoop query --list`), or copy it to Neo4j with "
               "`seccoop sync`.")


def parse_params(pairs) -> dict:
    """``["limit=5", "name=Kerry", 'ids=["USA","ARG"]']`` -> typed parameters: a value that parses
    as JSON is taken as JSON (numbers, lists, true/null), anything else as a string."""
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param expects KEY=VALUE, got {pair!r}")
        try:
            params[key.strip()] = json.loads(value)
        except ValueError:
            params[key.strip()] = value
    return params


def run_cypher(store, statement: str, params: dict | None = None, write: bool = False) -> list[dict]:
    """Rows of a Cypher statement run in a READ session (so writes are refused by the server),
    or a WRITE session with ``write``. Nodes, relationships and paths come back as plain dicts."""
    from neo4j.exceptions import Neo4jError
    if not hasattr(store, "cypher_session"):        # the capability only a Neo4j store has
        raise QueryError(NEEDS_NEO4J)
    try:
        with store.cypher_session(write) as session:
            work = session.execute_write if write else session.execute_read
            return work(_rows, statement, params or {})
    except Neo4jError as exc:
        raise QueryError(_explain(exc, write)) from None


def _rows(tx, statement: str, params: dict) -> list[dict]:
    result = tx.run(statement, params)
    return [{key: plain(value) for key, value in record.items()} for record in result]


def _explain(exc, write: bool) -> str:
    message = exc.message or str(exc)
    if not write and "AccessMode" in (exc.code or ""):
        return f"this statement writes; the cypher command is read-only unless you add --write ({message})"
    return f"Cypher failed: {message}"


def plain(value):
    """A driver value as JSON-friendly data: nodes and relationships as dicts of their properties
    plus ``_labels`` / ``_type``, paths as lists, temporal values as ISO text."""
    from neo4j.graph import Node, Path, Relationship
    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        ends = {"_start": value.start_node.get("id"), "_end": value.end_node.get("id")}
        return {"_type": value.type, **ends, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return [plain(part) for pair in zip(value.nodes, value.relationships) for part in pair] + \
            [plain(value.end_node)]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value
