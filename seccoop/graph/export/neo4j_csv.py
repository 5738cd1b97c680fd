"""CSV in the layout of ``neo4j-admin database import full``: a directory with ``nodes.csv``,
``articles.csv`` and ``relationships.csv`` (typed headers), a ``load.cypher`` doing the same with
LOAD CSV, and a README with the import command. For big exports: bulk import beats MERGE."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

from seccoop.errors import SeccoopError
from seccoop.graph.export import neo4j_model as model

ARRAY_DELIMITER = ";"
NODE_HEADER = ["id:ID(Entity)", ":LABEL", "name", "type", "country", "role", "aliases:string[]", "parent"]
ARTICLE_HEADER = ["id:ID(Article)", ":LABEL", *model.ARTICLE_PROPS]
REL_HEADER = [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "id", "date", "amount_usd:double",
              "amount:double", "currency", "confidence:double", "n_sources:int", "articles:string[]",
              "sources", "role"]
IMPORT_COMMAND = ("neo4j-admin database import full --multiline-fields=true "
                  "--nodes=nodes.csv --nodes=articles.csv --relationships=relationships.csv neo4j")


def write_csv(graph: nx.MultiDiGraph, directory) -> None:
    """Write the neo4j-admin import files into ``directory`` (created if needed)."""
    if directory in (None, "-") or not isinstance(directory, (str, Path)):
        raise SeccoopError("the csv export writes a directory: give -o DIRECTORY")
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    _write(out / "nodes.csv", NODE_HEADER, map(_node_row, model.node_records(graph)))
    _write(out / "articles.csv", ARTICLE_HEADER, map(_article_row, model.article_records(graph)))
    _write(out / "relationships.csv", REL_HEADER, map(_rel_row, model.edge_records(graph)))
    (out / "load.cypher").write_text(";\n".join(load_csv_statements("file:///")) + ";\n", encoding="utf-8")
    (out / "README.txt").write_text(_readme(), encoding="utf-8")


def _write(path: Path, header: list[str], rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):     # neo4j-admin arrays have no escape for the delimiter
        return ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, ",") for v in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _node_row(rec: dict) -> list[str]:
    p = rec["props"]
    return [_cell(v) for v in (rec["id"], f"Entity;{rec['label']}", p["name"], p["type"], p["country"],
                               p["role"], p["aliases"], p["parent"])]


def _article_row(rec: dict) -> list[str]:
    return [_cell(rec["id"]), "Article", *(_cell(rec["props"][k]) for k in model.ARTICLE_PROPS)]


def _rel_row(rec: dict) -> list[str]:
    p = rec["props"]
    values = [rec["source"], rec["target"], rec["type"], rec["id"],
              *(p.get(k) for k in ("date", "amount_usd", "amount", "currency", "confidence", "n_sources",
                                   "articles", "sources", "role"))]
    return [_cell(v) for v in values]


def load_csv_statements(base_url: str) -> list[str]:
    """LOAD CSV statements that import the three files from ``base_url`` (``file:///`` for the
    server's import directory, or an http URL): the neo4j-admin import as plain Cypher."""
    types = sorted(set(model.RELATION_TYPES) | set(model.STRUCTURAL_TYPES))
    rels = [_load_relationships(base_url, t) for t in types]
    return [
        "CREATE CONSTRAINT seccoop_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
        "CREATE CONSTRAINT seccoop_article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE",
        _load_nodes(base_url), _load_articles(base_url), *rels]


def _load_nodes(base: str) -> str:
    labels = " ".join(f"FOREACH (_ IN CASE WHEN row.type = '{t}' THEN [1] ELSE [] END | SET n:{t})"
                      for t in model.ENTITY_TYPES)
    return (f"LOAD CSV WITH HEADERS FROM '{base}nodes.csv' AS row "
            "MERGE (n:Entity {id: row.`id:ID(Entity)`}) "
            "SET n.name = row.name, n.type = row.type, n.country = row.country, n.role = row.role, "
            "n.parent = row.parent, n.aliases = CASE WHEN row.`aliases:string[]` IS NULL THEN [] "
            "ELSE split(row.`aliases:string[]`, ';') END " + labels)


def _load_articles(base: str) -> str:
    sets = ", ".join(f"a.{k} = row.{k}" for k in model.ARTICLE_PROPS)
    return (f"LOAD CSV WITH HEADERS FROM '{base}articles.csv' AS row "
            f"MERGE (a:Article {{id: row.`id:ID(Article)`}}) SET {sets}")


def _load_relationships(base: str, type_: str) -> str:
    return (f"LOAD CSV WITH HEADERS FROM '{base}relationships.csv' AS row "
            f"WITH row WHERE row.`:TYPE` = '{type_}' "
            "MATCH (a:Entity {id: row.`:START_ID(Entity)`}), (b:Entity {id: row.`:END_ID(Entity)`}) "
            f"MERGE (a)-[r:{type_} {{id: row.id}}]->(b) "
            "SET r.date = row.date, r.amount_usd = toFloat(row.`amount_usd:double`), "
            "r.amount = toFloat(row.`amount:double`), r.currency = row.currency, "
            "r.confidence = toFloat(row.`confidence:double`), r.n_sources = toInteger(row.`n_sources:int`), "
            "r.articles = CASE WHEN row.`articles:string[]` IS NULL THEN null "
            "ELSE split(row.`articles:string[]`, ';') END, r.sources = row.sources, r.role = row.role")


def _readme() -> str:
    return ("seccoop export (neo4j-admin import layout)\n\n"
            f"Bulk import into an empty database (server stopped):\n  {IMPORT_COMMAND}\n\n"
            "Or, on a running server, copy the CSV files into its import directory and run load.cypher\n"
            "(cypher-shell -f load.cypher). Arrays use ';' as delimiter; 'sources' holds the claims\n"
            "(evidence sentences, articles, offsets) as JSON text. A backslash right before a double\n"
            "quote in a name or title is read as an escape by LOAD CSV unless the server sets\n"
            "dbms.import.csv.legacy_quote_escaping=false.\n")
