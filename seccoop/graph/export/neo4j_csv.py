"""CSV in the layout of ``neo4j-admin database import full``: a directory with one file per kind
of node and relationship (typed headers), a ``load.cypher`` doing the same with LOAD CSV, and a
README with the import command. For big exports: bulk import beats MERGE. The records are the
ones the store and the Cypher export write (:mod:`seccoop.graph.neo4j_records`)."""
from __future__ import annotations

import csv
import datetime
from pathlib import Path

import networkx as nx

from seccoop.errors import SeccoopError
from seccoop.graph import cypher_statements as C
from seccoop.graph import neo4j_records as records
from seccoop.models import ENTITY_TYPES, RELATION_TYPES, STRUCTURAL_TYPES

ARRAY_DELIMITER = ";"
# Property columns: (name, neo4j-admin type); "" is a string.
ENTITY_COLUMNS = (("name", ""), ("type", ""), ("country", ""), ("role", ""), ("aliases", "string[]"),
                  ("parent", ""), ("search_keys", "string[]"))
ARTICLE_COLUMNS = tuple((k, "") for k in records.ARTICLE_PROPS)
CLAIM_COLUMNS = (("event", ""), ("type", ""), ("source", ""), ("target", ""), ("evidence", ""), ("start", "int"),
                 ("end", "int"), ("confidence", "double"), ("date", ""), ("date_value", "date"),
                 ("date_precision", ""), ("amount_usd", "double"), ("amount", "double"), ("currency", ""),
                 ("source_side", ""), ("target_side", ""))
RELATIONSHIP_COLUMNS = (("id", ""), ("date", ""), ("date_value", "date"), ("date_precision", ""),
                        ("amount_usd", "double"), ("amount", "double"), ("currency", ""), ("confidence", "double"),
                        ("source_side", ""), ("target_side", ""), ("part_of", ""), ("n_sources", "int"),
                        ("articles", "string[]"), ("sources", "string[]"), ("actor_level", "boolean"),
                        ("country_level", "boolean"), ("role", ""))
# file -> (start id space, end id space): relationships between entities, reports, claim links
LINK_FILES = {"relationships.csv": ("Entity", "Entity"), "reports.csv": ("Article", "Claim"),
              "claim_links.csv": ("Claim", "Entity")}
IMPORT_COMMAND = ("neo4j-admin database import full --multiline-fields=true --nodes=nodes.csv "
                  "--nodes=articles.csv --nodes=claims.csv --relationships=relationships.csv "
                  "--relationships=reports.csv --relationships=claim_links.csv neo4j")
# LOAD CSV reads every cell as text (an empty one as null): each type's conversion back.
CONVERT = {"": "{}", "int": "toInteger({})", "double": "toFloat({})", "boolean": "toBoolean({})",
           "date": "date({})", "string[]": f"split({{}}, '{ARRAY_DELIMITER}')"}


def write_csv(graph: nx.MultiDiGraph, directory) -> None:
    """Write the neo4j-admin import files into ``directory`` (created if needed)."""
    if directory in (None, "-") or not isinstance(directory, (str, Path)):
        raise SeccoopError("the csv export writes a directory: give -o DIRECTORY")
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    claims = records.claim_records(graph)
    _write(out / "nodes.csv", _node_header("Entity", ENTITY_COLUMNS),
           ([r["id"], f"Entity;{r['label']}", *_values(r, ENTITY_COLUMNS)] for r in records.node_records(graph)))
    _write(out / "articles.csv", _node_header("Article", ARTICLE_COLUMNS),
           ([r["id"], "Article", *_values(r, ARTICLE_COLUMNS)] for r in records.article_records(graph)))
    _write(out / "claims.csv", _node_header("Claim", CLAIM_COLUMNS),
           ([r["id"], "Claim", *_values(r, CLAIM_COLUMNS)] for r in claims))
    _write(out / "relationships.csv", _link_header("relationships.csv", RELATIONSHIP_COLUMNS),
           ([r["source"], r["target"], r["type"], *_values({**r, "props": {**r["props"], "id": r["id"]}},
                                                           RELATIONSHIP_COLUMNS)]
            for r in records.relationship_records(graph)))
    _write(out / "reports.csv", _link_header("reports.csv", ()), ([c["article"], c["id"], "REPORTS"] for c in claims))
    _write(out / "claim_links.csv", _link_header("claim_links.csv", ()),
           ([x["claim"], x["entity"], x["type"]] for x in records.claim_links(claims, graph)))
    (out / "load.cypher").write_text(";\n".join(load_csv_statements("file:///")) + ";\n", encoding="utf-8")
    (out / "README.txt").write_text(_readme(), encoding="utf-8")


def _header(columns) -> list[str]:
    return [f"{name}:{type_}" if type_ else name for name, type_ in columns]


def _node_header(space: str, columns) -> list[str]:
    return [f"id:ID({space})", ":LABEL", *_header(columns)]


def _link_header(file: str, columns) -> list[str]:
    start, end = LINK_FILES[file]
    return [f":START_ID({start})", f":END_ID({end})", ":TYPE", *_header(columns)]


def _values(record: dict, columns) -> list:
    return [record["props"].get(name) for name, _ in columns]


def _write(path: Path, header: list[str], rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([_cell(v) for v in row] for row in rows)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):     # neo4j-admin arrays have no escape for the delimiter
        return ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, ",") for v in value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


# --- the same import as LOAD CSV statements ------------------------------------------------------

def load_csv_statements(base_url: str) -> list[str]:
    """LOAD CSV statements that import the files from ``base_url`` (``file:///`` for the server's
    import directory, or an http URL): the neo4j-admin import as plain Cypher."""
    links = [_load_links(base_url, "relationships.csv", t, RELATIONSHIP_COLUMNS)
             for t in sorted(set(RELATION_TYPES) | set(STRUCTURAL_TYPES))]
    return [*C.SCHEMA, _load_entities(base_url), _load_nodes(base_url, "articles.csv", "Article", ARTICLE_COLUMNS),
            _load_nodes(base_url, "claims.csv", "Claim", CLAIM_COLUMNS), *links,
            _load_links(base_url, "reports.csv", "REPORTS", ()),
            *(_load_links(base_url, "claim_links.csv", t, ()) for t in ("SOURCE", "TARGET"))]


def _sets(variable: str, columns) -> str:
    return ", ".join(f"{variable}.`{name}` = " + CONVERT[type_].format(f"row.`{header}`")
                     for (name, type_), header in zip(columns, _header(columns)))


def _load_nodes(base: str, file: str, label: str, columns) -> str:
    return (f"LOAD CSV WITH HEADERS FROM '{base}{file}' AS row "
            f"MERGE (n:{label} {{id: row.`id:ID({label})`}}) SET {_sets('n', columns)}")


def _load_entities(base: str) -> str:
    labels = " ".join(f"FOREACH (_ IN CASE WHEN row.type = '{t}' THEN [1] ELSE [] END | SET n:{t})"
                      for t in ENTITY_TYPES)
    # an entity without aliases has the empty list, which a CSV cell cannot tell from none
    return (f"{_load_nodes(base, 'nodes.csv', 'Entity', ENTITY_COLUMNS)} SET n.aliases = coalesce(n.aliases, []) "
            f"{labels}")


def _load_links(base: str, file: str, type_: str, columns) -> str:
    (start, end), key = LINK_FILES[file], " {id: row.id}" if type_ in RELATION_TYPES else ""
    sets = f" SET {_sets('r', columns)}" if columns else ""
    return (f"LOAD CSV WITH HEADERS FROM '{base}{file}' AS row WITH row WHERE row.`:TYPE` = '{type_}' "
            f"MATCH (a:{start} {{id: row.`:START_ID({start})`}}), (b:{end} {{id: row.`:END_ID({end})`}}) "
            f"MERGE (a)-[r:{type_}{key}]->(b){sets}")


def _readme() -> str:
    return ("seccoop export (neo4j-admin import layout)\n\n"
            f"Bulk import into an empty database (server stopped):\n  {IMPORT_COMMAND}\n\n"
            "Or, on a running server, copy the CSV files into its import directory and run load.cypher\n"
            "(cypher-shell -f load.cypher). Arrays use ';' as delimiter; an event's 'sources' lists the\n"
            "article of each of its claims (claims.csv holds the evidence). A backslash right before a double\n"
            "quote in a name or title is read as an escape by LOAD CSV unless the server sets\n"
            "dbms.import.csv.legacy_quote_escaping=false.\n")
