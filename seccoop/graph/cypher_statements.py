"""Every Cypher statement the Neo4j store runs, as named constants.

Values always travel as parameters (``$ids``, ``$rows``...). Labels and relationship types cannot
be parameters in Cypher, so the few statements that need one are built here, once, from the
schema whitelists in :mod:`seccoop.models` and looked up by type; no text from an article can
reach a statement. See :mod:`seccoop.graph.neo4j_store` for the graph layout.
"""
from __future__ import annotations

from types import MappingProxyType

from seccoop.models import ENTITY_TYPES, RELATION_TYPES, STRUCTURAL_TYPES

EVENT_TYPES_PATTERN = "|".join(RELATION_TYPES)          # AGREEMENT|AID|...
STRUCTURE_PATTERN = "|".join(STRUCTURAL_TYPES)          # AFFILIATED_WITH|PART_OF
ALL_ENTITY_LABELS = ":" + ":".join(ENTITY_TYPES)        # :Country:Person:...

# --- schema (each in its own transaction; IF NOT EXISTS makes them idempotent) ----------------

def _schema_name(statement: str) -> str:
    return statement.split()[2]         # CREATE CONSTRAINT|INDEX <name> IF NOT EXISTS ...


SCHEMA = (
    "CREATE CONSTRAINT seccoop_entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE",
    "CREATE CONSTRAINT seccoop_article_id IF NOT EXISTS FOR (a:Article) REQUIRE a.id IS UNIQUE",
    "CREATE CONSTRAINT seccoop_claim_id IF NOT EXISTS FOR (c:Claim) REQUIRE c.id IS UNIQUE",
    "CREATE CONSTRAINT seccoop_store_id IF NOT EXISTS FOR (s:SeccoopStore) REQUIRE s.id IS UNIQUE",
    "CREATE CONSTRAINT seccoop_decision_id IF NOT EXISTS FOR (d:CurationDecision) REQUIRE d.id IS UNIQUE",
    "CREATE INDEX seccoop_article_seq IF NOT EXISTS FOR (a:Article) ON (a.seq)",
    "CREATE INDEX seccoop_claim_event IF NOT EXISTS FOR (c:Claim) ON (c.event)",
    "CREATE INDEX seccoop_entity_type IF NOT EXISTS FOR (e:Entity) ON (e.type)",
    "CREATE INDEX seccoop_entity_country IF NOT EXISTS FOR (e:Entity) ON (e.country)",
    "CREATE INDEX seccoop_mention_country IF NOT EXISTS FOR ()-[m:MENTIONS]-() ON (m.country)",
    "CREATE INDEX seccoop_mention_parent IF NOT EXISTS FOR ()-[m:MENTIONS]-() ON (m.parent)",
    *(f"CREATE INDEX seccoop_{t.lower()}_id IF NOT EXISTS FOR ()-[r:{t}]-() ON (r.id)" for t in RELATION_TYPES),
    *(f"CREATE INDEX seccoop_{t.lower()}_sides IF NOT EXISTS FOR ()-[r:{t}]-() ON (r.source_side, r.target_side)"
      for t in RELATION_TYPES),
)
SCHEMA_BY_NAME = MappingProxyType({_schema_name(s): s for s in SCHEMA})
# Constraints are backed by indexes of the same name, so one look-up finds both kinds.
EXISTING_SCHEMA = "SHOW INDEXES YIELD name WHERE name STARTS WITH 'seccoop_' RETURN collect(name) AS names"

# --- writing ----------------------------------------------------------------------------------

# Taking the write lock on one node serializes writers, so ingest order (seq) has no gaps or ties.
LOCK_STORE = ("MERGE (s:SeccoopStore {id: 'store'}) ON CREATE SET s.next_seq = 1, s.schema_version = $version "
              "SET s.locked_at = timestamp() RETURN s.next_seq AS next_seq")
SET_NEXT_SEQ = "MATCH (s:SeccoopStore {id: 'store'}) SET s.next_seq = $next_seq"
# The store's schema version (null: version 1, from before versions were kept).
STORE_VERSION = "MATCH (s:SeccoopStore {id: 'store'}) RETURN coalesce(s.schema_version, 1) AS version"
SET_STORE_VERSION = "MATCH (s:SeccoopStore {id: 'store'}) SET s.schema_version = $version"
# A claim is linked to the actors it names: (c)-[:SOURCE]->(actor), (c)-[:TARGET]->(actor).
_CLAIM_ACTORS = ("WITH c, row MATCH (s:Entity {id: row.props.source}), (t:Entity {id: row.props.target}) "
                 "MERGE (c)-[:SOURCE]->(s) MERGE (c)-[:TARGET]->(t)")
SET_CLAIM_SIDES = f"UNWIND $rows AS row MATCH (c:Claim {{id: row.id}}) SET c += row.props {_CLAIM_ACTORS}"
DELETE_ALL_EVENTS = (f"MATCH ()-[r:{'|'.join(RELATION_TYPES)}]->() CALL (r) {{ DELETE r }} "
                     "IN TRANSACTIONS OF 5000 ROWS")
# Schema version 6: ``sources`` on events as the list of their claims' article ids, not JSON text.
SOURCES_AS_LISTS = MappingProxyType({t: (
    f"MATCH ()-[r:{t}]->() WHERE r.sources IS :: STRING CALL (r) {{ "
    "MATCH (a:Article)-[:REPORTS]->(:Claim {event: r.id}) WITH a ORDER BY a.id RETURN collect(a.id) AS ids } "
    "SET r.sources = ids") for t in RELATION_TYPES})
ALL_CLAIM_EVENTS = "MATCH (c:Claim) RETURN DISTINCT c.event AS id, c.type AS type ORDER BY id"

EXISTING_ARTICLES = ("UNWIND $ids AS id MATCH (a:Article {id: id}) "
                     "RETURN a.id AS id, a.seq AS seq, a.content_hash AS content_hash")
ARTICLE_ENTITIES = ("UNWIND $ids AS id MATCH (:Article {id: id})-[:MENTIONS]->(e:Entity) "
                    "RETURN DISTINCT e.id AS id")
ARTICLE_EVENTS = ("UNWIND $ids AS id MATCH (:Article {id: id})-[:REPORTS]->(c:Claim) "
                  "RETURN DISTINCT c.event AS id, c.type AS type")
DELETE_ARTICLE_CONTENT = ("UNWIND $ids AS id MATCH (a:Article {id: id}) "
                          "CALL (a) { MATCH (a)-[m:MENTIONS]->() DELETE m } "
                          "CALL (a) { MATCH (a)-[:REPORTS]->(c:Claim) DETACH DELETE c }")
DELETE_ARTICLES = "UNWIND $ids AS id MATCH (a:Article {id: id}) DETACH DELETE a"
UPSERT_ARTICLES = "UNWIND $rows AS row MERGE (a:Article {id: row.id}) SET a += row.props"
MERGE_ENTITY_IDS = "UNWIND $ids AS id MERGE (:Entity {id: id})"
UPSERT_MENTIONS = ("UNWIND $rows AS row MATCH (a:Article {id: row.article}), (e:Entity {id: row.entity}) "
                   "MERGE (a)-[m:MENTIONS {position: row.position}]->(e) SET m += row.props")
UPSERT_CLAIMS = ("UNWIND $rows AS row MATCH (a:Article {id: row.article}) "
                 f"MERGE (c:Claim {{id: row.id}}) SET c += row.props MERGE (a)-[:REPORTS]->(c) {_CLAIM_ACTORS}")

# Derived entity state. A node only MERGEd for this batch has no name yet: it did not exist.
ENTITY_STATE = ("UNWIND $ids AS id MATCH (e:Entity {id: id}) WHERE e.name IS NOT NULL "
                "RETURN e.id AS id, e.name AS name, e.type AS type, e.country AS country, "
                "e.role AS role, e.aliases AS aliases, e.parent AS parent")
_MENTION_FIELDS = ("e.id AS id, m.name AS name, m.type AS type, m.country AS country, m.role AS role, "
                   "m.aliases AS aliases, m.parent AS parent")
ENTITY_MENTIONS = (f"UNWIND $ids AS id MATCH (a:Article)-[m:MENTIONS]->(e:Entity {{id: id}}) "
                   f"RETURN {_MENTION_FIELDS} ORDER BY a.seq, m.position")
WRITE_ENTITY = MappingProxyType({t: f"UNWIND $rows AS row MATCH (e:Entity {{id: row.id}}) "
                   f"REMOVE e{ALL_ENTITY_LABELS} SET e:{t}, e += row.props" for t in ENTITY_TYPES})
DELETE_UNMENTIONED = ("UNWIND $ids AS id MATCH (e:Entity {id: id}) "
                      "WHERE NOT (:Article)-[:MENTIONS]->(e) DETACH DELETE e")
REFERRING_ENTITIES = ("UNWIND $ids AS id CALL (id) { "
                      "MATCH (:Article)-[m:MENTIONS]->(e:Entity) WHERE m.country = id RETURN e.id AS ref "
                      "UNION MATCH (:Article)-[m:MENTIONS]->(e:Entity) WHERE m.parent = id RETURN e.id AS ref } "
                      "RETURN DISTINCT ref AS id")
DELETE_STRUCTURE = f"UNWIND $ids AS id MATCH (:Entity {{id: id}})-[r:{STRUCTURE_PATTERN}]->() DELETE r"
MERGE_AFFILIATIONS = ("UNWIND $rows AS row MATCH (e:Entity {id: row.id}), (c:Entity {id: row.country}) "
                      "MERGE (e)-[r:AFFILIATED_WITH]->(c) SET r.role = row.role")
MERGE_PART_OF = ("UNWIND $rows AS row MATCH (e:Entity {id: row.id}), (p:Entity {id: row.parent}) "
                 "MERGE (e)-[:PART_OF]->(p)")

# Derived events: every claim of the touched events, in merge order, with its article's metadata.
_ARTICLE_FIELDS = ", ".join(f"a.{k} AS article_{k}" for k in ("id", "title", "url", "published",
                                                                "language", "source"))
_CLAIM_FIELDS = ("c.type AS type, c.source AS source, c.target AS target, c.evidence AS evidence, "
                 "c.start AS start, c.`end` AS `end`, c.date AS date, c.amount_usd AS amount_usd, "
                 "c.amount AS amount, c.currency AS currency, c.confidence AS confidence, "
                 "c.source_side AS source_side, c.target_side AS target_side")
EVENT_CLAIMS = (f"UNWIND $ids AS id MATCH (a:Article)-[:REPORTS]->(c:Claim {{event: id}}) "
                f"RETURN {_CLAIM_FIELDS}, {_ARTICLE_FIELDS} ORDER BY a.seq, c.position")
# An event is written between its actors and, when they are not its sides, also between its sides
# (the records of seccoop.graph.neo4j_records.event_records, with actor_level/country_level).
WRITE_EVENT = MappingProxyType({t: (
    f"UNWIND $rows AS row MATCH (a:Entity {{id: row.source}}), (b:Entity {{id: row.target}}) "
    f"CREATE (a)-[r:{t} {{id: row.id}}]->(b) SET r += row.props") for t in RELATION_TYPES})
# Returns the groups (sides) of the events it deletes: their totals and parts are then recomputed.
DELETE_EVENT = MappingProxyType({t: f"UNWIND $ids AS id MATCH ()-[r:{t} {{id: id}}]->() "
                                 "WITH r, r.source_side AS source_side, r.target_side AS target_side DELETE r "
                                 "RETURN DISTINCT source_side, target_side" for t in RELATION_TYPES})
GROUP_EVENTS = MappingProxyType({t: f"UNWIND $groups AS g MATCH ()-[r:{t}]->() WHERE r.source_side = g[0] "
                                 "AND r.target_side = g[1] AND r.actor_level RETURN r.id AS id, r.source_side AS source_side, "
                                 "r.target_side AS target_side, r.date AS date, r.amount_usd AS amount_usd, "
                                 "r.articles AS articles, r.part_of AS part_of" for t in RELATION_TYPES})
SET_PART_OF = MappingProxyType({t: f"UNWIND $rows AS row MATCH ()-[r:{t} {{id: row.id}}]->() SET r.part_of = row.part_of"
                                for t in RELATION_TYPES})

# Run in order, each committing every few thousand rows: relationships go before the nodes they
# hang on, so no inner transaction has to detach a hub entity's thousands of edges at once.
CLEAR = (
    "MATCH (:Entity)-[r]->(:Entity) CALL (r) { DELETE r } IN TRANSACTIONS OF 5000 ROWS",
    "MATCH (c:Claim) CALL (c) { DETACH DELETE c } IN TRANSACTIONS OF 5000 ROWS",
    "MATCH (a:Article) CALL (a) { DETACH DELETE a } IN TRANSACTIONS OF 1000 ROWS",
    "MATCH (n) WHERE n:Entity OR n:SeccoopStore CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS",
)

# --- reading ----------------------------------------------------------------------------------

_ENTITY_FIELDS = ("e.id AS id, e.name AS name, e.type AS type, e.country AS country, e.role AS role, "
                  "e.aliases AS aliases, e.parent AS parent")
ALL_ENTITIES = f"MATCH (e:Entity) WHERE e.name IS NOT NULL RETURN {_ENTITY_FIELDS}"
# An event's provenance (the model's ``sources``), read from its claims in merge order; a Neo4j
# property cannot hold maps, so the relationship's own ``sources`` lists only the article ids.
EVENT_SOURCES = ("COLLECT { MATCH (art:Article)-[:REPORTS]->(c:Claim {event: r.id}) "
                 "WITH art, c ORDER BY art.seq, c.position "
                 "RETURN {article: art.id, title: art.title, url: art.url, published: art.published, "
                 "evidence: c.evidence, start: c.start, end: c.`end`, confidence: c.confidence, "
                 "source: c.source, target: c.target} }")
_EVENT_FIELDS = ("a.id AS u, b.id AS v, r.id AS id, type(r) AS type, r.date AS date, "
                 "r.amount_usd AS amount_usd, r.amount AS amount, r.currency AS currency, "
                 "r.confidence AS confidence, r.source_side AS source_side, r.target_side AS target_side, "
                 f"r.part_of AS part_of, {EVENT_SOURCES} AS sources")
ALL_EVENTS = f"MATCH (a:Entity)-[r:{EVENT_TYPES_PATTERN}]->(b:Entity) WHERE r.actor_level RETURN {_EVENT_FIELDS}"
ALL_STRUCTURE = (f"MATCH (a:Entity)-[r:{STRUCTURE_PATTERN}]->(b:Entity) "
                 "RETURN a.id AS u, b.id AS v, type(r) AS type, r.role AS role")
ALL_ARTICLES = ("MATCH (a:Article) RETURN a.id AS id, a.title AS title, a.url AS url, "
                "a.published AS published, a.language AS language, a.source AS source ORDER BY a.id")
FIND_EXACT = (f"MATCH (e:Entity) WHERE e.name IS NOT NULL AND $key IN e.search_keys "
              f"RETURN {_ENTITY_FIELDS} ORDER BY e.id")
FIND_WORD = (f"MATCH (e:Entity) WHERE e.name IS NOT NULL AND "
             f"any(k IN e.search_keys WHERE ' ' + k + ' ' CONTAINS $padded) "
             f"RETURN {_ENTITY_FIELDS} ORDER BY e.id")
NAME_KEYS = ("MATCH (e:Entity) WHERE e.name IS NOT NULL UNWIND e.search_keys AS key "
             "RETURN key, e.id AS id ORDER BY key, id")
COUNT_ARTICLES = "MATCH (a:Article) RETURN count(a) AS n"
COUNT_ENTITIES = "MATCH (e:Entity) WHERE e.name IS NOT NULL RETURN e.type AS type, count(*) AS n ORDER BY type"
COUNT_EVENTS = (f"MATCH ()-[r:{EVENT_TYPES_PATTERN}]->() WHERE r.actor_level "
                "RETURN type(r) AS type, count(*) AS n ORDER BY type")
COUNT_CLAIMS = "MATCH (c:Claim) RETURN c.type AS type, count(*) AS n ORDER BY type"

ARTICLE_PAGE = (f"MATCH (a:Article) WHERE a.seq > $after RETURN a.seq AS seq, {_ARTICLE_FIELDS} "
                "ORDER BY a.seq LIMIT $limit")
PAGE_MENTIONS = (f"UNWIND $ids AS article MATCH (:Article {{id: article}})-[m:MENTIONS]->(e:Entity) "
                 f"RETURN article, {_MENTION_FIELDS} ORDER BY article, m.position")
PAGE_CLAIMS = (f"UNWIND $ids AS article MATCH (:Article {{id: article}})-[:REPORTS]->(c:Claim) "
               f"RETURN article, {_CLAIM_FIELDS} ORDER BY article, c.position")

# Selections (seccoop.graph.selection.Selection.keeps_event) pushed down: every filter value is a
# parameter, and a null parameter switches its filter off.
_KEEPS_EVENT = ("r.actor_level AND ($types IS NULL OR type(r) IN $types) "
                "AND ($countries IS NULL OR a.country IN $countries OR b.country IN $countries) "
                "AND ($since IS NULL OR coalesce(r.date, '') = '' OR substring(r.date, 0, size($since)) >= $since) "
                "AND ($until IS NULL OR coalesce(r.date, '') = '' OR substring(r.date, 0, size($until)) <= $until) "
                "AND coalesce(r.confidence, 0) >= $min_confidence AND r.n_sources >= $min_sources")
SELECTED_EVENTS = (f"MATCH (a:Entity)-[r:{EVENT_TYPES_PATTERN}]->(b:Entity) WHERE {_KEEPS_EVENT} "
                   f"RETURN {_EVENT_FIELDS}")
# One ring of a breadth-first walk, in both directions: the other ends of the ring's selected events.
NEXT_RING = (f"MATCH (a:Entity)-[r:{EVENT_TYPES_PATTERN}]-(b:Entity) WHERE a.id IN $ring AND {_KEEPS_EVENT} "
             "RETURN DISTINCT b.id AS id")
# Those of $ids that are an end of a selected event.
TOUCHING = (f"MATCH (a:Entity)-[r:{EVENT_TYPES_PATTERN}]-(b:Entity) WHERE a.id IN $ids AND {_KEEPS_EVENT} "
            "RETURN DISTINCT a.id AS id")
EVENTS_AMONG = (f"MATCH (a:Entity)-[r:{EVENT_TYPES_PATTERN}]->(b:Entity) "
                f"WHERE a.id IN $nodes AND b.id IN $nodes AND {_KEEPS_EVENT} RETURN {_EVENT_FIELDS}")
ENTITIES_BY_ID = f"UNWIND $ids AS id MATCH (e:Entity {{id: id}}) RETURN {_ENTITY_FIELDS}"
STRUCTURE_AMONG = (f"UNWIND $ids AS id MATCH (a:Entity {{id: id}})-[r:{STRUCTURE_PATTERN}]->(b:Entity) "
                   "WHERE b.id IN $ids RETURN a.id AS u, b.id AS v, type(r) AS type, r.role AS role")
ARTICLES_BY_ID = ("UNWIND $ids AS id MATCH (a:Article {id: id}) RETURN a.id AS id, a.title AS title, "
                  "a.url AS url, a.published AS published, a.language AS language, a.source AS source")

# Light reads for the named queries (seccoop.graph.lookups gives their meaning). ``$allowed`` is
# the list of relationship types that count, built from the schema whitelists, never from input.
LINK_PATTERN = f"{EVENT_TYPES_PATTERN}|{STRUCTURE_PATTERN}"
# Keyed by (events count, structural edges count); one row per id with its neighbours collected
# on the server, so a hub's thousands of links cross the wire as one list, not as many records.
ADJACENT = MappingProxyType({kinds: (
    f"UNWIND $ids AS id MATCH (a:Entity {{id: id}}) "
    f"CALL (a) {{ MATCH (a)-[r:{pattern}]-(b:Entity) WHERE type(r) IN $allowed AND coalesce(r.actor_level, true) AND b <> a "
    f"AND ($among IS NULL OR b.id IN $among) "
    f"RETURN collect(DISTINCT b.id) AS near }} RETURN id, near")
    for kinds, pattern in (((True, False), EVENT_TYPES_PATTERN), ((True, True), LINK_PATTERN),
                           ((False, True), STRUCTURE_PATTERN))})
REACH = (f"UNWIND $ids AS id MATCH (a:Entity {{id: id}})-[r:{EVENT_TYPES_PATTERN}]-(b:Entity) "
         "WHERE type(r) IN $allowed AND r.actor_level AND b <> a RETURN collect(DISTINCT b.id) AS near")
_EDGE_FIELDS = ("startNode(r).id AS u, endNode(r).id AS v, r.id AS id, type(r) AS type, r.date AS date, "
                "r.amount_usd AS amount_usd, r.amount AS amount, r.currency AS currency, "
                "r.confidence AS confidence, r.source_side AS source_side, r.target_side AS target_side, "
                f"r.part_of AS part_of, CASE WHEN $sources THEN {EVENT_SOURCES} END AS sources, "
                "r.articles AS articles, r.role AS role")
# Both ends bound, so the server expands into the pair from its smaller side. Per pair, events
# latest first (as seccoop.graph.lookups.latest_first), at most $latest of them unless it is null,
# then the structural edges; ``total`` counts the pair's events.
EDGES_BETWEEN = (f"UNWIND $pairs AS pair MATCH (a:Entity {{id: pair[0]}})-[r:{LINK_PATTERN}]-"
                 f"(b:Entity {{id: pair[1]}}) WHERE type(r) IN $allowed AND coalesce(r.actor_level, true) "
                 "WITH pair, r ORDER BY coalesce(r.date, '') DESC, r.id "
                 "WITH pair, collect(r) AS found "
                 "WITH pair, [x IN found WHERE x.id IS NOT NULL] AS events, [x IN found WHERE x.id IS NULL] AS structure "
                 "UNWIND CASE WHEN $latest IS NULL THEN events ELSE events[0..$latest] END + structure AS r "
                 f"RETURN {_EDGE_FIELDS}, size(events) AS total, pair[0] AS lo, pair[1] AS hi")
# An event by id: each relationship type's id index, one after the other.
EVENT_BY_ID = ("CALL () { " + " UNION ".join(f"MATCH ()-[r:{t} {{id: $id}}]->() WHERE r.actor_level RETURN r"
                                              for t in RELATION_TYPES)
               + f" }} RETURN {_EDGE_FIELDS}")
# Records as lists in seccoop.graph.lookups.RECORD_FIELDS order, all in one result row: thousands
# of short lists decode several times faster in the driver than as many records.
ENTITY_RECORDS = ("UNWIND $ids AS id MATCH (e:Entity {id: id}) WHERE e.name IS NOT NULL "
                  "RETURN collect([e.id, e.name, e.type, e.country, e.role, e.parent]) AS rows")
MEMBERS = ("CALL () { MATCH (e:Entity {id: $id}) RETURN e UNION MATCH (e:Entity) WHERE e.country = $id RETURN e } "
           "WITH e WHERE e.name IS NOT NULL RETURN e.id AS id")

# --- the curation log (seccoop.graph.curation): decisions as JSON, in the order taken -----------

CURATION_LOG = "MATCH (d:CurationDecision) RETURN d.record AS record ORDER BY d.seq"
DROP_DECISIONS = "UNWIND $ids AS id MATCH (d:CurationDecision {id: id}) DELETE d"
# one statement, so the next sequence number is read and used under the same write lock
ADD_DECISIONS = ("OPTIONAL MATCH (old:CurationDecision) WITH coalesce(max(old.seq), 0) AS last "
                 "UNWIND range(0, size($rows) - 1) AS i WITH last, i, $rows[i] AS row "
                 "MERGE (d:CurationDecision {id: row.id}) ON CREATE SET d.seq = last + i + 1, d.record = row.record")
