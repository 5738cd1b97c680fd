"""How an exported subgraph looks in Neo4j (shared by the CSV and Cypher exports):
``(:Entity:<Type> {id, name, type, country, role, aliases, parent})``, ``(:Article {id, title,
url, published, language})`` (no local file path: documents are named by id, title and URL), and
one relationship per event typed by its relation (``{id, date, amount_usd, amount, currency,
confidence, source_side, target_side, part_of, n_sources, articles, sources}``, where
``sources`` is the claims as JSON text) or per structural link (``{id, role}``).

Labels and relationship types come from the schema's whitelists, never from text."""
from __future__ import annotations

import json
import re

import networkx as nx

from seccoop.errors import SeccoopError
from seccoop.graph.export.common import edge_label
from seccoop.models import ENTITY_TYPES, RELATION_TYPES, STRUCTURAL_TYPES

NODE_PROPS = ("name", "type", "country", "role", "aliases", "parent")
ARTICLE_PROPS = ("title", "url", "published", "language")
EVENT_PROPS = ("date", "amount_usd", "amount", "currency", "confidence", "source_side", "target_side", "part_of",
               "n_sources", "articles", "sources")


def entity_label(type_: str | None) -> str:
    """The type label of an entity (besides ``Entity``), from the whitelist."""
    if type_ not in ENTITY_TYPES:
        raise SeccoopError(f"cannot export entity type {type_!r}: not one of {', '.join(ENTITY_TYPES)}")
    return type_


def relationship_type(type_: str) -> str:
    if type_ not in RELATION_TYPES and type_ not in STRUCTURAL_TYPES:
        raise SeccoopError(f"cannot export relation type {type_!r}: not in the schema")
    return type_


def node_record(node: str, attrs: dict) -> dict:
    props = {k: attrs.get(k) for k in NODE_PROPS}
    props["aliases"] = list(props["aliases"] or [])
    return {"id": node, "label": entity_label(attrs.get("type")), "props": props}


def edge_record(u: str, v: str, key: str, data: dict) -> dict:
    if data.get("sources") is None:
        props = {"role": data.get("role")}
    else:
        props = {k: data.get(k) for k in EVENT_PROPS[:-3]}     # n_sources, articles, sources: below
        props.update(n_sources=len(data["sources"]), articles=sorted({s["article"] for s in data["sources"]}),
                     sources=json_text(data["sources"]))
    return {"id": edge_label(u, v, key), "source": u, "target": v,
            "type": relationship_type(data["type"]), "props": props}


def json_text(value) -> str:
    """JSON whose string escapes for quote and backslash are written as ``\\u0022``/``\\u005c``:
    the same JSON, but with no backslash before a quote, which Neo4j's CSV reader (legacy quote
    escaping, on by default) would take for an escaped quote and so break the field."""
    text = json.dumps(value, ensure_ascii=False)
    return re.sub(r'\\(["\\])', lambda m: f"\\u{ord(m.group(1)):04x}", text)


def article_records(graph: nx.MultiDiGraph) -> list[dict]:
    articles = graph.graph.get("articles", {})
    return [{"id": a, "props": {k: articles[a].get(k) for k in ARTICLE_PROPS}} for a in sorted(articles)]


def node_records(graph: nx.MultiDiGraph) -> list[dict]:
    return [node_record(n, d) for n, d in sorted(graph.nodes(data=True))]


def edge_records(graph: nx.MultiDiGraph) -> list[dict]:
    return [edge_record(u, v, k, d) for u, v, k, d in sorted(graph.edges(keys=True, data=True),
                                                             key=lambda e: (e[2], e[0], e[1]))]
