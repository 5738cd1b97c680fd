"""The Neo4j store: the same graph as the SQLite store, on a Neo4j 5 server, readable in Cypher.

Layout (every statement is in :mod:`seccoop.graph.cypher_statements`; the records written are built by
:mod:`seccoop.graph.neo4j_records`, shared with the Cypher and CSV exports)::

    (:Article {id, seq, title, url, published, language, source, content_hash})
    (:Article)-[:MENTIONS {position, name, type, country, role, aliases, parent}]->(:Entity)
    (:Article)-[:REPORTS]->(:Claim {id: "<article>#<position>", event, type, source, target,
                                     evidence, start, end, date, amount_usd, amount, currency, confidence,
                                     source_side, target_side})
    (:Claim)-[:SOURCE]->(:Entity),  (:Claim)-[:TARGET]->(:Entity)    -- the actors the claim names
    (:Entity:Country|Person|Organization|Program|Location {id, name, type, country, role, aliases, parent})
    (a:Entity)-[:AID {id: event id, date, amount_usd, amount, currency, confidence, source_side,
                      target_side, part_of, n_sources, articles, sources,
                      actor_level, country_level}]->(b:Entity)      -- one type per relation type
    (:Entity)-[:AFFILIATED_WITH {role}]->(:Entity:Country),  (:Entity)-[:PART_OF]->(:Entity)

Each event is a relationship between its actors (``actor_level``) and one between its sides
(``country_level``): the same relationship when the actors are the sides (the United States
gives to Colombia), two with the same id and properties otherwise (Bill Clinton gives to
Colombia; the United States gives to Colombia). So a Cypher match on ``:Country`` nodes sees each
event once, at country level, and a match on a person or agency sees what it did; the store's
own reads take the actor-level ones.

What each article said is stored as given: its MENTIONS (one per listed entity) and its Claim
nodes (one per relation; a relationship cannot be the target of another, so provenance lives
on claim nodes that carry their event id). Entity nodes, event relationships and structural
edges are derived from those in the same transaction, with the merge functions of
:mod:`seccoop.graph.model`, so ``subgraph()`` equals ``graph_from_extractions`` of everything
upserted. Replacing or removing an article deletes its mentions and claims and re-derives the
entities and events they touched from what remains; events left with no claim and entities no
article mentions are deleted. A property cannot hold maps, so ``sources`` on an event lists the
article id of each of its claims; reads build the model's ``sources`` (the claims' provenance)
from the claim nodes, and in Cypher one follows the claims::

    MATCH (a:Article)-[:REPORTS]->(c:Claim {event: $event_id}) RETURN a.title, c.evidence

Writes: one managed transaction (``execute_write``) per ``upsert`` batch, so no article is ever
half-written; the driver retries it after transient failures, so the transaction function
recomputes everything from what it reads. Writers serialize on one ``:SeccoopStore`` node,
which also holds the ingest-order counter.
"""
from __future__ import annotations

import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import networkx as nx
from neo4j import GraphDatabase, unit_of_work
from neo4j import exceptions as neo4j_errors

from seccoop.errors import StoreError, StoreUnavailable
from seccoop.graph import cypher_statements as C
from seccoop.graph.lookups import RECORD_FIELDS, unordered_pairs
from seccoop.graph.neo4j_records import entity_props, event_records, temporal
from seccoop.graph.model import (EventFold, claim_event_id, claim_sides, event_articles, event_edges,
                                  is_event, merge_entity, part_links)
from seccoop.graph.selection import Selection
from seccoop.graph.store import Store, UpsertReport, check_extraction, content_hash
from seccoop.models import (AFFILIATED_WITH, RELATION_TYPES, STRUCTURAL_TYPES, Document, Entity,
                            Extraction, Relation, normalize)

PAGE_SIZE = 500                 # articles per read when streaming extractions back out
DEFAULT_RETRY_SECONDS = 15.0    # how long the driver retries a transaction after transient errors
# 1: events keyed by their actors; 2: by their sides, with the claims' sides and ``part_of``;
# 3: each event also between its sides (``actor_level``/``country_level``); 4: claims linked to
# the actors they name (SOURCE, TARGET); 5: dates also as DATE values with their precision;
# 6: an event's ``sources`` is the list of its claims' article ids, not JSON text.
# Versions before 5 are brought up by the same rebuild (:meth:`Neo4jStore._migrate`).
SCHEMA_VERSION = 6
REBUILT_BEFORE = 5              # versions below this have their claims and events rebuilt
MIGRATION_BATCH = 2000          # claims or events per transaction while migrating
ENTITY_FIELDS = ("name", "type", "country", "role", "aliases", "parent")
ARTICLE_FIELDS = ("id", "title", "url", "published", "language", "source")
RELATION_FIELDS = ("type", "source", "target", "evidence", "start", "end", "date", "amount_usd",
                   "amount", "currency", "confidence")
EVENT_FIELDS = ("type", "date", "amount_usd", "amount", "currency", "confidence", "source_side",
                "target_side", "part_of")


class Neo4jStore(Store):
    """The graph on a Neo4j 5 server (Community is enough).

    >>> with Neo4jStore.from_uri("bolt://127.0.0.1:7687") as store:     # doctest: +SKIP
    ...     store.stats()["documents"]
    0
    """

    def __init__(self, driver, uri: str, database: str | None = None, user: str | None = None):
        self._driver, self.uri, self.database, self.user = driver, uri, database, user
        with self._errors():
            driver.verify_connectivity()
            self._ensure_schema()
            self._migrate()

    @classmethod
    def from_uri(cls, uri: str, retry_seconds: float = DEFAULT_RETRY_SECONDS) -> "Neo4jStore":
        """Connect with credentials from ``NEO4J_USER``/``NEO4J_PASSWORD`` (no auth if no user)
        and the database ``NEO4J_DATABASE`` (default: the server's default database)."""
        user = os.environ.get("NEO4J_USER")
        auth = (user, os.environ.get("NEO4J_PASSWORD", "")) if user else None
        try:
            # Notifications off: on an empty database the server warns about every property key
            # it has not seen yet, which is noise to users of a fixed schema.
            driver = GraphDatabase.driver(uri, auth=auth, max_transaction_retry_time=retry_seconds,
                                          connection_timeout=10, notifications_min_severity="OFF")
        except (neo4j_errors.ConfigurationError, ValueError) as exc:
            raise StoreError(f"invalid Neo4j URI {uri!r}: {exc}") from exc
        try:
            return cls(driver, uri, os.environ.get("NEO4J_DATABASE") or None, user)
        except BaseException:
            driver.close()
            raise

    def _ensure_schema(self) -> None:
        """Create the constraints and indexes that are missing (usually none: one look-up)."""
        try:
            records, _, _ = self._driver.execute_query(C.EXISTING_SCHEMA, database_=self.database)
            existing = set(records[0]["names"])
        except neo4j_errors.Forbidden:      # a user who may not list indexes: IF NOT EXISTS copes
            existing = set()
        for name, statement in C.SCHEMA_BY_NAME.items():
            if name not in existing:
                self._driver.execute_query(statement, database_=self.database)

    def _migrate(self) -> None:
        """Bring a database written by an older seccoop to ``SCHEMA_VERSION``, one step per
        version range. A new, empty database has no store node and nothing to do."""
        found = self._read(_records_tx, C.STORE_VERSION, {})
        if not found or found[0]["version"] >= SCHEMA_VERSION:
            return
        if found[0]["version"] < REBUILT_BEFORE:
            self._rebuild_claims_and_events()
        self._sources_as_lists()
        self._write(_run_tx, C.SET_STORE_VERSION, {"version": SCHEMA_VERSION})

    def _sources_as_lists(self) -> None:
        """Version 6: events' ``sources`` from JSON text to the list of their claims' article ids
        (events already written as lists are left alone)."""
        for statement in C.SOURCES_AS_LISTS.values():
            self._write(_run_tx, statement, {})

    def _rebuild_claims_and_events(self) -> None:
        """Before version 5: the claims get their sides (from their article's mentions), event
        ids and dates, and the events are rebuilt from them, in batches."""
        rows = []
        for x in self.extractions():
            rows += [_claim_row(x.document.id, pos, r, sides)
                     for pos, (r, sides) in enumerate(zip(x.relations, claim_sides(x)))]
        for i in range(0, len(rows), MIGRATION_BATCH):
            self._write(_run_tx, C.SET_CLAIM_SIDES, {"rows": rows[i:i + MIGRATION_BATCH]})
        with self._driver.session(database=self.database) as session:
            session.run(C.DELETE_ALL_EVENTS).consume()
        events = self._read(_records_tx, C.ALL_CLAIM_EVENTS, {})
        for i in range(0, len(events), MIGRATION_BATCH):
            self._write(_rebuild_events_tx, {r["id"]: r["type"] for r in events[i:i + MIGRATION_BATCH]})

    def __repr__(self):
        return f"Neo4jStore({self.uri!r})"

    # --- writing -------------------------------------------------------------------------------

    def upsert(self, extractions: Iterable[Extraction]) -> UpsertReport:
        latest = list({x.document.id: x for x in extractions}.values())
        for x in latest:
            check_extraction(x)
        if not latest:
            return UpsertReport()
        return self._write(_upsert_tx, latest)

    def remove(self, article_id: str) -> bool:
        return self._write(_remove_tx, article_id)

    def clear(self) -> None:
        with self._errors(), self._driver.session(database=self.database) as session:
            for statement in C.CLEAR:           # each commits as it goes (not one transaction)
                session.run(statement).consume()

    def curation_log(self) -> list[dict]:
        return [json.loads(r["record"]) for r in self._read(_records_tx, C.CURATION_LOG, {})]

    def write_curation(self, add=(), drop=(), check=None) -> None:
        rows = [{"id": d["id"], "record": json.dumps(d, ensure_ascii=False, sort_keys=True)} for d in add]
        self._write(_curation_tx, list(drop), rows, check)

    # --- reading -------------------------------------------------------------------------------

    def subgraph(self, selection: Selection | None = None) -> nx.MultiDiGraph:
        if selection is None:
            return self._read(_whole_graph_tx)
        return self._read(_selected_graph_tx, selection)

    def adjacency(self, ids, *, types=(), structural=False, events=True, among=None) -> dict[str, set[str]]:
        near: dict[str, set[str]] = {n: set() for n in ids}
        if not near or not (events or structural):
            return near
        params = {"ids": sorted(near), "allowed": _allowed(types, structural, events),
                  "among": None if among is None else sorted(set(among))}
        for row in self._read(_records_tx, C.ADJACENT[bool(events), bool(structural)], params):
            near[row["id"]].update(row["near"])
        return near

    def reach(self, ids, *, types=()) -> set[str]:
        params = {"ids": sorted(set(ids)), "allowed": _allowed(types, False)}
        return set(self._read(_records_tx, C.REACH, params)[0]["near"])

    def edges_between(self, pairs, *, types=(), sources=True, latest=None) -> nx.MultiDiGraph:
        pairs = unordered_pairs(pairs)
        params = {"pairs": [list(p) for p in pairs], "allowed": _allowed(types, True),
                  "sources": bool(sources), "latest": latest}
        return self._read(_edges_tx, C.EDGES_BETWEEN, params, {n for p in pairs for n in p})

    def event(self, event_id: str) -> nx.MultiDiGraph:
        return self._read(_edges_tx, C.EVENT_BY_ID, {"id": event_id, "sources": True}, set())

    def entities(self, ids) -> dict[str, dict]:
        found = self._read(_records_tx, C.ENTITY_RECORDS, {"ids": sorted(set(ids))})
        return {row[0]: dict(zip(RECORD_FIELDS, row)) for row in found[0]["rows"]}

    def members(self, entity_id: str) -> set[str]:
        return {r["id"] for r in self._read(_records_tx, C.MEMBERS, {"id": entity_id})}

    def documents(self) -> Iterator[dict]:
        return iter(self._read(_records_tx, C.ALL_ARTICLES, {}))

    def find_entities(self, name: str, words: bool = False) -> list[dict]:
        key = normalize(name)
        if not key:
            return []
        rows = (not words and self._read(_records_tx, C.FIND_EXACT, {"key": key})) or \
            self._read(_records_tx, C.FIND_WORD, {"padded": f" {key} "})
        return [{**row, "aliases": list(row["aliases"] or [])} for row in rows]

    def name_keys(self) -> list[tuple[str, str]]:
        return [(r["key"], r["id"]) for r in self._read(_records_tx, C.NAME_KEYS, {})]

    def stats(self) -> dict:
        return self._read(_stats_tx)

    def extractions(self) -> Iterator[Extraction]:
        after = 0
        while True:
            page = self._read(_extraction_page_tx, after)
            if not page:
                return
            after = page[-1][0]
            yield from (x for _, x in page)

    def cypher_session(self, write: bool = False):
        """A driver session on this store's database for a user's own Cypher (``seccoop
        cypher``): read access unless ``write``, so the server refuses writes by default."""
        from neo4j import READ_ACCESS, WRITE_ACCESS
        return self._driver.session(database=self.database,
                                    default_access_mode=WRITE_ACCESS if write else READ_ACCESS)

    def close(self) -> None:
        self._driver.close()

    # --- sessions and errors -------------------------------------------------------------------

    def _write(self, work, *args):
        with self._errors(), self._driver.session(database=self.database) as session:
            return session.execute_write(work, *args)

    def _read(self, work, *args):
        with self._errors(), self._driver.session(database=self.database) as session:
            return session.execute_read(work, *args)

    @contextmanager
    def _errors(self):
        """Driver exceptions as seccoop errors that name the server and say what to do."""
        try:
            yield
        except neo4j_errors.AuthError as exc:
            who = f"user {self.user!r}" if self.user else "no credentials (NEO4J_USER is not set)"
            raise StoreUnavailable(f"Neo4j at {self.uri} refused {who}: {exc.message}. "
                                   "Set NEO4J_USER and NEO4J_PASSWORD to valid credentials.") from exc
        except neo4j_errors.IncompleteCommit as exc:
            raise StoreUnavailable(f"the connection to Neo4j at {self.uri} broke while committing, so "
                                   "the last batch may or may not be stored; re-run the same input "
                                   "(writes are idempotent)") from exc
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as exc:
            reason = " ".join(str(exc).split())
            raise StoreUnavailable(f"cannot reach Neo4j at {self.uri}: {reason}. Check that the server is "
                                   "running and the URI is right; an interrupted batch was rolled "
                                   "back, so re-running the same input completes it.") from exc
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
            raise StoreError(f"Neo4j at {self.uri}: {exc}") from exc


# --- write transactions (idempotent: the driver may run them more than once) ------------------

@dataclass
class _Work:
    """What a write changes. *New* mentions/claims were appended at the end of the merge order,
    so their entities are folded forward from the stored state; *dirty* entities and events lost
    or gained rows in the middle and are recomputed from all their rows."""
    new_mentions: dict = field(default_factory=dict)     # entity id -> [Entity] in merge order
    new_events: dict = field(default_factory=dict)       # event id -> relation type
    dirty_entities: set = field(default_factory=set)
    dirty_events: dict = field(default_factory=dict)     # event id -> relation type

    def add(self, x: Extraction, appended: bool) -> None:
        for e in x.entities:
            self.new_mentions.setdefault(e.id, []).append(e)
        events = {claim_event_id(r, sides): r.type for r, sides in zip(x.relations, claim_sides(x))}
        self.new_events.update(events)
        if not appended:
            self.dirty_entities.update(e.id for e in x.entities)
            self.dirty_events.update(events)


# The metadata shows in SHOW TRANSACTIONS, so an admin can tell what a long write is.
@unit_of_work(metadata={"app": "seccoop", "op": "upsert"})
def _upsert_tx(tx, batch: list[Extraction]) -> UpsertReport:
    next_seq = tx.run(C.LOCK_STORE, version=SCHEMA_VERSION).single()["next_seq"]
    existing = {r["id"]: (r["seq"], r["content_hash"])
                for r in tx.run(C.EXISTING_ARTICLES, ids=[x.document.id for x in batch])}
    report, work, articles, changed = UpsertReport(documents=len(batch)), _Work(), [], []
    for x in batch:
        old = existing.get(x.document.id)
        digest = content_hash(x)
        if old and old[1] == digest:
            report.unchanged_documents += 1
            continue                    # unchanged: re-running an ingest writes nothing
        if old:
            report.replaced_documents.append(x.document.id)
        else:
            report.new_documents += 1
        seq, next_seq = (old[0], next_seq) if old else (next_seq, next_seq + 1)
        articles.append({"id": x.document.id, "props": {**x.document.meta(), "seq": seq, "content_hash": digest}})
        changed.append(x)
        work.add(x, appended=not old)
        report.relations_added += len(x.relations)
    _forget_articles(tx, report.replaced_documents, work)
    _write_content(tx, articles, changed)
    if not changed:
        return report               # nothing new: no derived state to touch
    tx.run(C.SET_NEXT_SEQ, next_seq=next_seq).consume()
    report.entities_added = _refresh_entities(tx, work)
    _refresh_events(tx, work)
    return report


@unit_of_work(metadata={"app": "seccoop", "op": "remove"})
def _remove_tx(tx, article_id: str) -> bool:
    tx.run(C.LOCK_STORE, version=SCHEMA_VERSION).consume()
    if not list(tx.run(C.EXISTING_ARTICLES, ids=[article_id])):
        return False
    work = _Work()
    _forget_articles(tx, [article_id], work)
    tx.run(C.DELETE_ARTICLES, ids=[article_id]).consume()
    _refresh_entities(tx, work)
    _refresh_events(tx, work)
    return True


def _curation_tx(tx, drop: list[str], rows: list[dict], check) -> None:
    tx.run(C.LOCK_STORE, version=SCHEMA_VERSION).consume()     # writers of the log one at a time
    if check:
        check([json.loads(r["record"]) for r in tx.run(C.CURATION_LOG)])
    tx.run(C.DROP_DECISIONS, ids=drop).consume()
    tx.run(C.ADD_DECISIONS, rows=rows).consume()


def _run_tx(tx, statement: str, params: dict) -> None:
    tx.run(statement, params).consume()


def _rebuild_events_tx(tx, event_types: dict) -> None:
    """Re-derive these events (id -> type) from their claims."""
    _refresh_events(tx, _Work(dirty_events=dict(event_types)))


def _forget_articles(tx, article_ids: list[str], work: _Work) -> None:
    """Delete what these articles said, marking the entities and events it touched dirty."""
    if not article_ids:
        return
    work.dirty_entities.update(r["id"] for r in _fetch(tx, C.ARTICLE_ENTITIES, ids=article_ids))
    work.dirty_events.update((r["id"], r["type"]) for r in _fetch(tx, C.ARTICLE_EVENTS, ids=article_ids))
    _each(tx, C.DELETE_ARTICLE_CONTENT, ids=article_ids)


def _write_content(tx, articles: list[dict], changed: list[Extraction]) -> None:
    """Articles, their mentions and their claims, as given."""
    if not articles:
        return
    _each(tx, C.UPSERT_ARTICLES, rows=articles)
    _each(tx, C.MERGE_ENTITY_IDS, ids=sorted({e.id for x in changed for e in x.entities}))
    _each(tx, C.UPSERT_MENTIONS, rows=[_mention_row(x.document.id, pos, e)
                                       for x in changed for pos, e in enumerate(x.entities)])
    _each(tx, C.UPSERT_CLAIMS, rows=[_claim_row(x.document.id, pos, r, sides) for x in changed
                                     for pos, (r, sides) in enumerate(zip(x.relations, claim_sides(x)))])


def _mention_row(article_id: str, position: int, e: Entity) -> dict:
    return {"article": article_id, "entity": e.id, "position": position,
            "props": {"name": e.name, "type": e.type, "country": e.country, "role": e.role,
                      "aliases": list(e.aliases), "parent": e.parent}}


def _claim_row(article_id: str, position: int, r: Relation, sides) -> dict:
    return {"article": article_id, "id": f"{article_id}#{position}",
            "props": {**r.to_dict(), "event": claim_event_id(r, sides), "position": position,
                      "source_side": sides[0], "target_side": sides[1], **temporal(r.date)}}


def _refresh_entities(tx, work: _Work) -> int:
    """Re-derive the entities the write touched and their structural edges; returns how many are new."""
    dirty, appended = work.dirty_entities, set(work.new_mentions) - work.dirty_entities
    scratch = nx.MultiDiGraph()
    for r in _fetch(tx, C.ENTITY_STATE, ids=sorted(appended)):
        scratch.add_node(r["id"], **_entity_attrs(r))
    existed = set(scratch) | dirty
    for entity in _mentions(tx, dirty):
        merge_entity(scratch, entity)
    for entity_id in sorted(appended):
        for entity in work.new_mentions[entity_id]:
            merge_entity(scratch, entity)
    _write_entities(tx, scratch)
    _each(tx, C.DELETE_UNMENTIONED, ids=sorted(dirty))
    created = set(scratch) - existed
    _refresh_structure(tx, work, created)
    return len(created)


def _mentions(tx, entity_ids) -> list[Entity]:
    """Every stored mention of these entities, in merge order (ingest order, then position)."""
    if not entity_ids:
        return []
    return [_entity(r) for r in _fetch(tx, C.ENTITY_MENTIONS, ids=sorted(entity_ids))]


def _write_entities(tx, scratch: nx.MultiDiGraph) -> None:
    by_type: dict[str, list] = {}
    for node, attrs in scratch.nodes(data=True):
        by_type.setdefault(attrs["type"], []).append({"id": node, "props": entity_props(node, attrs)})
    for type_, rows in sorted(by_type.items()):
        _each(tx, C.WRITE_ENTITY[type_], rows=rows)


def _refresh_structure(tx, work: _Work, created: set) -> None:
    """AFFILIATED_WITH/PART_OF edges as ``add_structural_edges`` draws them from every mention.

    Entities whose earlier mentions changed, or that point at a node that did not exist until
    now, get all their edges redrawn; the others only add the edges of their new mentions."""
    redraw = set(work.dirty_entities)
    if created:
        redraw |= {r["id"] for r in _fetch(tx, C.REFERRING_ENTITIES, ids=sorted(created))}
    _each(tx, C.DELETE_STRUCTURE, ids=sorted(redraw))
    mentions = _mentions(tx, redraw) + [e for entity_id in sorted(set(work.new_mentions) - redraw)
                                        for e in work.new_mentions[entity_id]]
    affiliations = [{"id": e.id, "country": e.country, "role": e.role}
                    for e in mentions if e.type != "Country" and e.country]
    _each(tx, C.MERGE_AFFILIATIONS, rows=affiliations)
    _each(tx, C.MERGE_PART_OF, rows=[{"id": e.id, "parent": e.parent} for e in mentions if e.parent])


def _refresh_events(tx, work: _Work) -> None:
    """Re-derive every touched event from all its claims with the model's :class:`EventFold`,
    then the total/part links of every group (type and sides) they are in or were in. Events
    have few claims each, so a full recompute is cheap and needs no stored state; an event whose
    most specific actor changed moves, so touched events are deleted and written anew."""
    types = {**work.new_events, **work.dirty_events}
    if not types:
        return
    by_type: dict[str, list] = {}
    for event_id, type_ in types.items():
        by_type.setdefault(type_, []).append(event_id)
    groups = set()
    for type_, ids in sorted(by_type.items()):
        groups |= {(type_, r["source_side"], r["target_side"]) for r in _fetch(tx, C.DELETE_EVENT[type_], ids=sorted(ids))}
    fold = EventFold()
    for r in _fetch(tx, C.EVENT_CLAIMS, ids=sorted(types)):
        fold.add(_relation(r), _article(r), (r["source_side"], r["target_side"]))
    rows: dict[str, list] = {}
    for key, (u, v, d) in fold.events.items():
        rows.setdefault(d["type"], []).extend(event_records(key, u, v, d))
        groups.add((d["type"], d["source_side"], d["target_side"]))
    for type_, batch in sorted(rows.items()):
        _each(tx, C.WRITE_EVENT[type_], rows=batch)
    _refresh_parts(tx, groups)


def _refresh_parts(tx, groups: set) -> None:
    """Recompute ``part_of`` over every event of these groups (type, source side, target side)."""
    for type_ in sorted({g[0] for g in groups}):
        found = _fetch(tx, C.GROUP_EVENTS[type_], groups=sorted([g[1], g[2]] for g in groups if g[0] == type_))
        links = part_links((r["id"], {**r.data(), "type": type_}) for r in found)
        _each(tx, C.SET_PART_OF[type_], rows=[{"id": r["id"], "part_of": links.get(r["id"])}
                                              for r in found if links.get(r["id"]) != r["part_of"]])


def _each(tx, statement: str, **param) -> None:
    """Run a write over its one list parameter; an empty list saves the round trip."""
    (name, items), = param.items()
    if items:
        tx.run(statement, {name: items}).consume()


def _fetch(tx, statement: str, **param) -> list:
    """Records of a read over its one list parameter (none for an empty list, without asking)."""
    (name, items), = param.items()
    return list(tx.run(statement, {name: items})) if items else []


# --- read transactions ------------------------------------------------------------------------

def _records_tx(tx, statement: str, params: dict) -> list[dict]:
    return [r.data() for r in tx.run(statement, params)]


def _whole_graph_tx(tx) -> nx.MultiDiGraph:
    """The whole graph in one read transaction (a consistent snapshot of committed batches)."""
    graph = nx.MultiDiGraph(articles={})
    for r in tx.run(C.ALL_ENTITIES):
        graph.add_node(r["id"], **_entity_attrs(r))
    for r in tx.run(C.ALL_EVENTS):
        _add_event(graph, r)
    for r in tx.run(C.ALL_STRUCTURE):
        _add_structure(graph, r)
    for r in tx.run(C.ALL_ARTICLES):
        graph.graph["articles"][r["id"]] = r.data()
    return graph


def _selected_graph_tx(tx, sel: Selection) -> nx.MultiDiGraph:
    """What ``apply_selection`` keeps of the whole graph, reading only that part of it."""
    params = _selection_params(sel)
    if sel.center is None:
        events = list(tx.run(C.SELECTED_EVENTS, params))
        nodes = {n for r in events for n in (r["u"], r["v"])}
    else:
        nodes = _ball(tx, sel, params)
        events = list(tx.run(C.EVENTS_AMONG, params, nodes=sorted(nodes))) if nodes else []
    return _graph_of(tx, nodes, events, _fetch(tx, C.STRUCTURE_AMONG, ids=sorted(nodes)))


def _graph_of(tx, nodes: set, events, structure) -> nx.MultiDiGraph:
    """The shared model of these nodes (attributes read here), event and structural edge
    records, and the articles the events cite."""
    graph = nx.MultiDiGraph(articles={})
    for r in _fetch(tx, C.ENTITIES_BY_ID, ids=sorted(nodes)):
        graph.add_node(r["id"], **_entity_attrs(r))
    for r in events:
        _add_event(graph, r)
    for r in structure:
        _add_structure(graph, r)
    cited = sorted({a for *_, d in event_edges(graph) for a in event_articles(d)})
    for r in _fetch(tx, C.ARTICLES_BY_ID, ids=cited):
        graph.graph["articles"][r["id"]] = r.data()
    return graph


def _allowed(types, structural: bool, events: bool = True) -> list[str]:
    """The relationship types a light read follows: events of ``types`` (all when empty; none
    without ``events``), plus the structural ones when asked; only names from the schema whitelists."""
    kinds = [t for t in RELATION_TYPES if events and (not types or t in types)]
    return kinds + (list(STRUCTURAL_TYPES) if structural else [])


def _edges_tx(tx, statement: str, params: dict, nodes: set) -> nx.MultiDiGraph:
    """The edges a statement returns (events and structural edges, as ``_EDGE_FIELDS``), with
    ``nodes`` and the edges' endpoints as nodes and the articles the events cite."""
    rows = list(tx.run(statement, params))
    structural = [r for r in rows if not is_event(r)]
    events = [r for r in rows if is_event(r)]
    graph = _graph_of(tx, nodes | {n for r in rows for n in (r["u"], r["v"])}, events, structural)
    if "latest" in params:          # a read of pairs: say how many events each pair left out
        latest = params["latest"]
        graph.graph["left_out"] = {(r["lo"], r["hi"]): r["total"] - latest for r in rows
                                   if latest is not None and r["total"] > latest}
    return graph


def _selection_params(sel: Selection) -> dict:
    return {"types": list(sel.types) or None, "countries": list(sel.countries) or None,
            "since": sel.since or None, "until": sel.until or None,
            "min_confidence": float(sel.min_confidence or 0), "min_sources": int(sel.min_sources or 0)}


def _ball(tx, sel: Selection, params: dict) -> set:
    """Nodes within ``sel.depth`` selected-event hops of the center and its members, one query
    per ring; empty when none of them has a selected event (``apply_selection`` then keeps nothing)."""
    start = [r["id"] for r in tx.run(C.MEMBERS, id=sel.center)]
    ring = sorted(r["id"] for r in tx.run(C.TOUCHING, params, ids=start))
    seen = set(ring)
    for _ in range(sel.depth):
        ring = sorted({r["id"] for r in tx.run(C.NEXT_RING, params, ring=ring)} - seen)
        if not ring:
            break
        seen.update(ring)
    return seen


def _add_event(graph: nx.MultiDiGraph, r) -> None:
    """An event record as an edge, with its ``sources``; a light one (sources null) with the
    ``articles`` ids instead."""
    last = ({"sources": sorted(r["sources"], key=lambda c: (c["article"], c["start"]))}
            if r["sources"] is not None else {"articles": list(r["articles"])})
    graph.add_edge(r["u"], r["v"], key=r["id"], **{k: r[k] for k in EVENT_FIELDS}, **last)


def _add_structure(graph: nx.MultiDiGraph, r) -> None:
    extra = {"role": r["role"]} if r["type"] == AFFILIATED_WITH else {}
    graph.add_edge(r["u"], r["v"], key=r["type"], type=r["type"], **extra)


def _stats_tx(tx) -> dict:
    count = lambda statement: {r["type"]: r["n"] for r in tx.run(statement)}
    return {"documents": tx.run(C.COUNT_ARTICLES).single()["n"], "entities": count(C.COUNT_ENTITIES),
            "events": count(C.COUNT_EVENTS), "claims": count(C.COUNT_CLAIMS)}


def _extraction_page_tx(tx, after_seq: int) -> list[tuple[int, Extraction]]:
    """The next ``PAGE_SIZE`` articles after ``after_seq`` as ``(seq, Extraction)``, in ingest order."""
    articles = list(tx.run(C.ARTICLE_PAGE, after=after_seq, limit=PAGE_SIZE))
    ids = [a["article_id"] for a in articles]
    mentions: dict[str, list] = {}
    claims: dict[str, list] = {}
    for r in tx.run(C.PAGE_MENTIONS, ids=ids):
        mentions.setdefault(r["article"], []).append(_entity(r))
    for r in tx.run(C.PAGE_CLAIMS, ids=ids):
        claims.setdefault(r["article"], []).append(_relation(r))
    return [(a["seq"], Extraction(Document(text="", **_article(a)), mentions.get(a["article_id"], []),
                                  claims.get(a["article_id"], []))) for a in articles]


# --- records to model objects -----------------------------------------------------------------

def _entity_attrs(r) -> dict:
    attrs = {k: r[k] for k in ENTITY_FIELDS}
    attrs["aliases"] = list(attrs["aliases"] or [])
    return attrs


def _entity(r) -> Entity:
    return Entity(r["id"], r["name"], r["type"], r["country"], r["role"], tuple(r["aliases"] or ()), r["parent"])


def _relation(r) -> Relation:
    return Relation(**{k: r[k] for k in RELATION_FIELDS})


def _article(r) -> dict:
    return {k: r[f"article_{k}"] for k in ARTICLE_FIELDS}
