"""The embedded SQLite store (the default): one file, safe for several processes at once.

Articles, the entity mentions of each article and its claims are stored as given. Entities
(mentions merged in ingest order), their search names and events (claims merged by event id,
with their sources) are derived from them inside the same write transaction, using the merge
functions of :mod:`seccoop.graph.model`, so reads merge nothing and ``subgraph()`` equals
``graph_from_extractions`` of everything upserted. Entities that no article mentions any more
(after a remove or a replace) are deleted; so are events left with no claim.

Writes: WAL journal, ``BEGIN IMMEDIATE`` (a writer waits for the lock up to the busy timeout
instead of failing half-way), one transaction per ``upsert`` batch. Reads run in one read
transaction, so a reader never sees half of a concurrent batch. ``synchronous=NORMAL``: a
process crash loses nothing committed; a power loss may lose the last commits, never
consistency. The schema is versioned (table ``schema_version``); migrations are the SQL files
in :mod:`seccoop.graph.migrations`.
"""
from __future__ import annotations

import json
import re
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from typing import Iterable, Iterator

import networkx as nx

from seccoop.errors import StoreError
from seccoop.graph.lookups import RECORD_FIELDS, unordered_pairs
from seccoop.graph.migrations import REDERIVE_EVENTS
from seccoop.graph.model import (EventFold, claim_event_id, claim_sides, event_articles, event_edges,
                                  event_id, merge_entity, part_links)
from seccoop.graph.selection import Selection
from seccoop.graph.store import Store, UpsertReport, check_extraction, content_hash
from seccoop.models import AFFILIATED_WITH, PART_OF, Document, Entity, Extraction, Relation, normalize

BUSY_TIMEOUT_MS = 30_000
MIGRATIONS_PACKAGE = "seccoop.graph.migrations"
MIGRATION_NAME = re.compile(r"(\d{4})_(\w+)\.sql")
PAGE_SIZE = 500   # articles per read when streaming extractions back out

ARTICLE_COLS = "id, title, url, published, language, source"
MENTION_COLS = "entity_id, name, type, country, role, aliases, parent"
CLAIM_COLS = ("type, source, target, evidence, start_offset, end_offset, date, amount_usd, amount, "
              "currency, confidence")
EVENT_COLS = ("id, type, source, target, date, amount_usd, amount, currency, confidence, source_side, "
              "target_side, part_of, sources")
# the claims' columns after the Relation fields: the sides each end acts for
SIDE_COLS = "source_side, target_side"
IDS = "(SELECT value FROM json_each(?))"   # a JSON array parameter used as a set of ids


class SQLiteStore(Store):
    """The graph in one SQLite file (or ``:memory:``).

    >>> with SQLiteStore(":memory:") as store:
    ...     store.stats()["documents"]
    0
    """

    def __init__(self, path: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS):
        self.path = str(path)
        self._db = _connect(self.path, busy_timeout_ms)
        with _sqlite_errors(self.path):
            migrate(self._db)

    def __repr__(self):
        return f"SQLiteStore({self.path!r})"

    # --- writing -------------------------------------------------------------------------------

    def upsert(self, extractions: Iterable[Extraction]) -> UpsertReport:
        latest = {x.document.id: x for x in extractions}
        for x in latest.values():
            check_extraction(x)
        report = UpsertReport(documents=len(latest))
        with self._transaction("IMMEDIATE") as db:
            batch = _Batch()
            known = _known_articles(db, list(latest))
            for x in latest.values():
                self._write_article(db, x, known.get(x.document.id), batch, report)
            db.executemany(f"INSERT INTO articles VALUES ({_marks(8)})", batch.article_rows)
            db.executemany(f"INSERT INTO mentions VALUES ({_marks(10)})", batch.mention_rows)
            db.executemany(f"INSERT INTO claims VALUES ({_marks(17)})", batch.claim_rows)
            report.entities_added = _refresh_entities(db, batch)
            _refresh_events(db, batch)
        return report

    def _write_article(self, db, x: Extraction, known: tuple | None, batch: "_Batch",
                       report: UpsertReport) -> None:
        """Queue a new article's rows, or replace a changed one's; ``known`` is its stored
        ``(seq, content_hash)``."""
        doc, digest = x.document, content_hash(x)
        if known and known[1] == digest:
            report.unchanged_documents += 1
            return                      # unchanged: re-running an ingest costs one lookup
        meta = (doc.title, doc.url, doc.published, doc.language, doc.source, digest)
        if known:
            seq = known[0]              # a replaced article keeps its place in the merge order
            batch.mark_dirty(*_delete_content(db, doc.id))
            db.execute("UPDATE articles SET title=?, url=?, published=?, language=?, source=?, "
                       "content_hash=? WHERE id=?", (*meta, doc.id))
            report.replaced_documents.append(doc.id)
        else:
            seq = batch.next_seq(db)
            batch.article_rows.append((doc.id, seq, *meta))
            report.new_documents += 1
        batch.add(x, seq, appended=not known)
        report.relations_added += len(x.relations)

    def remove(self, article_id: str) -> bool:
        with self._transaction("IMMEDIATE") as db:
            if not db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone():
                return False
            batch = _Batch()
            batch.mark_dirty(*_delete_content(db, article_id))
            db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            _refresh_entities(db, batch)
            _refresh_events(db, batch)
        return True

    def clear(self) -> None:
        with self._transaction("IMMEDIATE") as db:
            for table in ("articles", "mentions", "claims", "entities", "entity_names", "events"):
                db.execute(f"DELETE FROM {table}")

    def curation_log(self) -> list[dict]:
        with self._transaction("DEFERRED") as db:
            return [json.loads(r[0]) for r in db.execute("SELECT record FROM curation ORDER BY seq")]

    def write_curation(self, add=(), drop=(), check=None) -> None:
        with self._transaction("IMMEDIATE") as db:
            if check:
                check([json.loads(r[0]) for r in db.execute("SELECT record FROM curation ORDER BY seq")])
            db.executemany("DELETE FROM curation WHERE id = ?", [(i,) for i in drop])
            last = db.execute("SELECT coalesce(max(seq), 0) FROM curation").fetchone()[0]
            db.executemany("INSERT OR IGNORE INTO curation VALUES (?, ?, ?)",
                           [(d["id"], last + i, _json(d)) for i, d in enumerate(add, 1)])

    # --- reading -------------------------------------------------------------------------------

    def subgraph(self, selection: Selection | None = None) -> nx.MultiDiGraph:
        with self._transaction("DEFERRED") as db:
            if selection is None:
                return _whole_graph(db)
            events, nodes = _selected(db, selection)
            return _assemble(db, events, nodes)

    def adjacency(self, ids, *, types=(), structural=False, events=True, among=None) -> dict[str, set[str]]:
        near: dict[str, set[str]] = {n: set() for n in ids}
        param = json.dumps(sorted(near))
        among = None if among is None else set(among)
        with self._transaction("DEFERRED") as db:
            links = _event_links(db, param, types, among) if events else []
            if structural:
                links = [*links, *_structural_links(db, param)]
        for node, other in links:
            if among is None or other in among:
                near[node].add(other)
        for node, found in near.items():
            found.discard(node)
        return near

    def reach(self, ids, *, types=()) -> set[str]:
        param, kind = json.dumps(sorted(set(ids))), f" AND type IN ({_marks(len(types))})" if types else ""
        with self._transaction("DEFERRED") as db:
            rows = db.execute(
                f"SELECT target FROM events WHERE source IN {IDS} AND target != source{kind} UNION "
                f"SELECT source FROM events WHERE target IN {IDS} AND target != source{kind}",
                (param, *types, param, *types)).fetchall()
        return {r[0] for r in rows}

    def edges_between(self, pairs, *, types=(), sources=True, latest=None) -> nx.MultiDiGraph:
        pairs = unordered_pairs(pairs)
        both_ways = json.dumps([p for a, b in pairs for p in ((a, b), (b, a))])
        where, params = event_filter(Selection(types=tuple(types)))
        statement = (_PAIR_EVENTS if latest is None else _LATEST_PAIR_EVENTS).format(
            where=where, cols=_EVENT_SELECT if sources else _LIGHT_EVENT_COLS)
        with self._transaction("DEFERRED") as db:
            rows = db.execute(statement, (both_ways, *params, *([] if latest is None else [latest]))).fetchall()
            graph = _assemble(db, {r[0]: r for r in rows}, {n for p in pairs for n in p},
                              structure=set(pairs), sources=sources)
        graph.graph["left_out"] = {} if latest is None else \
            {(r[-2], r[-1]): r[-3] - latest for r in rows if r[-3] > latest}
        return graph

    def event(self, event_id: str) -> nx.MultiDiGraph:
        with self._transaction("DEFERRED") as db:
            row = db.execute(f"SELECT {EVENT_COLS} FROM events WHERE id = ?", (event_id,)).fetchone()
            if row is None:
                return nx.MultiDiGraph(articles={})
            return _assemble(db, {row[0]: row}, {row[2], row[3]}, structure=set())

    def entities(self, ids) -> dict[str, dict]:
        with self._transaction("DEFERRED") as db:
            rows = db.execute(f"SELECT {', '.join(RECORD_FIELDS)} FROM entities WHERE id IN {IDS}",
                              (json.dumps(sorted(set(ids))),)).fetchall()
        return {row[0]: dict(zip(RECORD_FIELDS, row)) for row in rows}

    def members(self, entity_id: str) -> set[str]:
        with self._transaction("DEFERRED") as db:
            rows = db.execute("SELECT id FROM entities WHERE country = ? OR id = ?", (entity_id, entity_id))
            return {r[0] for r in rows}

    def documents(self) -> Iterator[dict]:
        with self._transaction("DEFERRED") as db:
            rows = db.execute(f"SELECT {ARTICLE_COLS} FROM articles ORDER BY id").fetchall()
        return iter([_article(row) for row in rows])

    def find_entities(self, name: str, words: bool = False) -> list[dict]:
        key = normalize(name)
        if not key:
            return []
        with self._transaction("DEFERRED") as db:
            ids = [] if words else \
                [r[0] for r in db.execute("SELECT entity_id FROM entity_names WHERE norm = ?", (key,))]
            if not ids:     # normalize() leaves only [a-z0-9 ], so the key needs no LIKE escaping
                ids = [r[0] for r in db.execute(
                    "SELECT entity_id FROM entity_names WHERE ' ' || norm || ' ' LIKE ?", (f"% {key} %",))]
            rows = db.execute(f"SELECT {_ENTITY_SELECT} FROM entities WHERE id IN {IDS} ORDER BY id",
                              (json.dumps(sorted(set(ids))),)).fetchall()
        return [_entity_dict(row) for row in rows]

    def name_keys(self) -> list[tuple[str, str]]:
        with self._transaction("DEFERRED") as db:
            return [tuple(r) for r in db.execute("SELECT norm, entity_id FROM entity_names ORDER BY norm, entity_id")]

    def stats(self) -> dict:
        with self._transaction("DEFERRED") as db:
            count = lambda table: dict(db.execute(
                f"SELECT type, count(*) FROM {table} GROUP BY type ORDER BY type").fetchall())
            return {"documents": db.execute("SELECT count(*) FROM articles").fetchone()[0],
                    "entities": count("entities"), "events": count("events"), "claims": count("claims")}

    def extractions(self) -> Iterator[Extraction]:
        last = 0
        while True:
            with self._transaction("DEFERRED") as db:
                page = _extraction_page(db, last)
            if not page:
                return
            last = page[-1][0]
            yield from (x for _, x in page)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self, mode: str):
        with _sqlite_errors(self.path):
            self._db.execute(f"BEGIN {mode}")
            try:
                yield self._db
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")


# --- connection and migrations ----------------------------------------------------------------

@contextmanager
def _sqlite_errors(path: str):
    """Turn sqlite3 errors into StoreError naming the store."""
    try:
        yield
    except sqlite3.Error as exc:
        raise StoreError(f"SQLite store {path}: {exc}") from exc


def _connect(path: str, busy_timeout_ms: int) -> sqlite3.Connection:
    with _sqlite_errors(path):
        # isolation_level=None: this module issues BEGIN/COMMIT itself (sqlite3's implicit
        # transactions would start them DEFERRED, and a deferred writer can fail with BUSY).
        db = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None)
        db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if path != ":memory:":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        # migrations regroup claims under event ids computed exactly as the model computes them
        db.create_function("seccoop_event_id", 5, event_id, deterministic=True)
        return db


def migrations() -> list[tuple[int, str, str]]:
    """``(version, name, sql)`` of every bundled migration, in version order."""
    found = []
    for entry in resources.files(MIGRATIONS_PACKAGE).iterdir():
        match = MIGRATION_NAME.fullmatch(entry.name)
        if match:
            found.append((int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return sorted(found)


def schema_version(db: sqlite3.Connection) -> int:
    try:
        return db.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
    except sqlite3.OperationalError:     # no such table: a new, empty database
        return 0


def migrate(db: sqlite3.Connection) -> int:
    """Bring the schema up to the newest bundled migration; returns the schema version.

    Each run of missing migrations is one IMMEDIATE transaction, re-checked under the lock, so
    two processes opening a new file at once apply each migration exactly once.
    """
    known = migrations()
    newest = known[-1][0] if known else 0
    current = schema_version(db)
    if current < newest:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                       "name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            before = schema_version(db)
            current = _apply(db, known, before)
            if any(before < v <= current for v in REDERIVE_EVENTS):
                _rederive_events(db)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    if current > newest:
        raise StoreError(f"the store has schema version {current}, newer than this seccoop "
                         f"knows ({newest}): upgrade seccoop")
    return current


def _apply(db, known, current: int) -> int:
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for version, name, sql in known:
        if version > current:
            for statement in sql_statements(sql):
                db.execute(statement)
            db.execute("INSERT INTO schema_version VALUES (?, ?, ?)", (version, name, now))
            current = version
    return current


def sql_statements(script: str) -> Iterator[str]:
    """Split a SQL script into statements (``executescript`` would commit our transaction)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    leftover = "\n".join(ln for ln in buffer.splitlines() if not ln.strip().startswith("--"))
    if leftover.strip():
        raise StoreError(f"incomplete SQL statement in migration: {leftover.strip()[:60]!r}")


# --- what an upsert changes -------------------------------------------------------------------

@dataclass
class _Batch:
    """Rows to insert and the entities/events to re-derive. *Appended* ones only gained
    mentions/claims at the end of the merge order, so their stored state is folded forward;
    *dirty* ones lost or gained some in the middle and are recomputed from all their rows."""
    article_rows: list = field(default_factory=list)
    mention_rows: list = field(default_factory=list)
    claim_rows: list = field(default_factory=list)
    new_mentions: dict = field(default_factory=dict)     # entity id -> [Entity] in merge order
    new_claims: dict = field(default_factory=dict)       # event id -> [(Relation, article meta, sides)]
    dirty_entities: set = field(default_factory=set)
    dirty_events: set = field(default_factory=set)
    last_seq: int | None = None

    def next_seq(self, db) -> int:
        """The ingest position of a new article: after every stored one."""
        if self.last_seq is None:
            self.last_seq = db.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]
        self.last_seq += 1
        return self.last_seq

    def mark_dirty(self, entity_ids, event_ids) -> None:
        self.dirty_entities.update(entity_ids)
        self.dirty_events.update(event_ids)

    def add(self, x: Extraction, seq: int, appended: bool) -> None:
        doc, meta = x.document, x.document.meta()
        for pos, e in enumerate(x.entities):
            self.mention_rows.append((doc.id, pos, seq, e.id, e.name, e.type, e.country, e.role,
                                      _json(list(e.aliases)), e.parent))
            self.new_mentions.setdefault(e.id, []).append(e)
        events = []
        for pos, (r, sides) in enumerate(zip(x.relations, claim_sides(x))):
            event = claim_event_id(r, sides)
            events.append(event)
            self.claim_rows.append((doc.id, pos, seq, event, r.type, r.source, r.target, r.evidence,
                                    r.start, r.end, r.date, r.amount_usd, r.amount, r.currency,
                                    r.confidence, *sides))
            self.new_claims.setdefault(event, []).append((r, meta, sides))
        if not appended:
            self.mark_dirty({e.id for e in x.entities}, set(events))


def _known_articles(db, ids: list[str]) -> dict[str, tuple[int, str]]:
    rows = db.execute(f"SELECT id, seq, content_hash FROM articles WHERE id IN {IDS}", (json.dumps(ids),))
    return {r[0]: (r[1], r[2]) for r in rows}


def _delete_content(db, article_id: str) -> tuple[set, set]:
    """Delete an article's mentions and claims; returns the entity and event ids they touched."""
    entities = {r[0] for r in db.execute("SELECT entity_id FROM mentions WHERE article_id = ?", (article_id,))}
    events = {r[0] for r in db.execute("SELECT event_id FROM claims WHERE article_id = ?", (article_id,))}
    db.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
    db.execute("DELETE FROM claims WHERE article_id = ?", (article_id,))
    return entities, events


def _refresh_entities(db, batch: _Batch) -> int:
    """Re-derive the entities the batch touched; returns how many are new."""
    touched = sorted(batch.dirty_entities | set(batch.new_mentions))
    if not touched:
        return 0
    param = (json.dumps(touched),)
    fold = _EntityFold()
    for row in db.execute(f"SELECT {_ENTITY_SELECT} FROM entities WHERE id IN {IDS}", param):
        if row[0] not in batch.dirty_entities:
            fold.resume(row)
    existed = set(fold.graph) | _existing(db, "entities", batch.dirty_entities)
    for row in db.execute(f"SELECT {MENTION_COLS} FROM mentions WHERE entity_id IN {IDS} "
                          "ORDER BY seq, position", (json.dumps(sorted(batch.dirty_entities)),)):
        fold.add(_mention(row))
    for entity_id, mentions in batch.new_mentions.items():
        for entity in mentions if entity_id not in batch.dirty_entities else ():
            fold.add(entity)
    rewrite = (json.dumps(sorted(fold.changed | (set(touched) - set(fold.graph)))),)
    db.execute(f"DELETE FROM entities WHERE id IN {IDS}", rewrite)
    db.execute(f"DELETE FROM entity_names WHERE entity_id IN {IDS}", rewrite)
    db.executemany(f"INSERT INTO entities VALUES ({_marks(9)})", fold.rows())
    db.executemany("INSERT OR IGNORE INTO entity_names VALUES (?, ?)", fold.names())
    return len(set(fold.graph) - existed)


class _EntityFold:
    """Entity rows folded mention by mention in ingest order: the node as ``merge_entity``
    merges it, its structural edges as ``add_structural_edges`` draws them (the later mention
    of the same country sets the role; the check that the other end is a node is left to reads).
    Only ``changed`` entities are rewritten: most mentions of a known entity repeat it."""

    def __init__(self):
        self.graph = nx.MultiDiGraph()
        self.affiliations: dict[str, dict] = {}
        self.parents: dict[str, set] = {}
        self.changed: set[str] = set()

    def resume(self, row) -> None:
        self.graph.add_node(row[0], **_entity_attrs(row))
        self.affiliations[row[0]] = json.loads(row[7])
        self.parents[row[0]] = set(json.loads(row[8]))

    def add(self, entity: Entity) -> None:
        node = self.graph.nodes.get(entity.id)
        before = (dict(node), dict(self.affiliations[entity.id]), set(self.parents[entity.id])) \
            if node is not None else None
        merge_entity(self.graph, entity)
        affiliations = self.affiliations.setdefault(entity.id, {})
        parents = self.parents.setdefault(entity.id, set())
        if entity.type != "Country" and entity.country:
            affiliations[entity.country] = entity.role
        if entity.parent:
            parents.add(entity.parent)
        if before != (self.graph.nodes[entity.id], affiliations, parents):
            self.changed.add(entity.id)

    def rows(self) -> Iterator[tuple]:
        for n in self.changed:
            d = self.graph.nodes[n]
            yield (n, d["name"], d["type"], d["country"], d["role"], _json(d["aliases"]), d["parent"],
                   _json(self.affiliations[n]), _json(sorted(self.parents[n])))

    def names(self) -> Iterator[tuple]:
        for n in self.changed:
            d = self.graph.nodes[n]
            for key in {normalize(k) for k in (n, d["name"], *d["aliases"])} - {""}:
                yield key, n


def _existing(db, table: str, ids: set) -> set:
    rows = db.execute(f"SELECT id FROM {table} WHERE id IN {IDS}", (json.dumps(sorted(ids)),))
    return {r[0] for r in rows}


def _json(value) -> str:
    return json.dumps(value)    # default options: json's cached C encoder, several times faster


def _refresh_events(db, batch: _Batch) -> None:
    """Re-derive the events the batch touched with the model's :class:`EventFold`, then the
    total/part links of every group (type and sides) they are in or were in."""
    touched = sorted(batch.dirty_events | set(batch.new_claims))
    if not touched:
        return
    param = (json.dumps(touched),)
    fold, groups = EventFold(), set()
    for row in db.execute(f"SELECT {EVENT_COLS} FROM events WHERE id IN {IDS}", param):
        groups.add((row[1], row[9], row[10]))
        if row[0] not in batch.dirty_events:
            fold.resume(row[0], row[2], row[3], _event_attrs(row))
    for row in db.execute(
            f"SELECT {', '.join('c.' + c for c in (CLAIM_COLS + ', ' + SIDE_COLS).split(', '))}, "
            f"{_ARTICLE_SELECT} FROM claims c JOIN articles a ON a.id = c.article_id "
            f"WHERE c.event_id IN {IDS} ORDER BY c.seq, c.position", (json.dumps(sorted(batch.dirty_events)),)):
        fold.add(_relation(row[:11]), _article(row[13:]), (row[11], row[12]))
    for event, claims in batch.new_claims.items():
        for rel, meta, sides in claims if event not in batch.dirty_events else ():
            fold.add(rel, meta, sides)
    db.execute(f"DELETE FROM events WHERE id IN {IDS}", param)
    db.executemany(f"INSERT INTO events ({_EVENT_WRITE_COLS}) VALUES ({_marks(15)})", [
        (k, d["type"], u, v, d["date"], d["amount_usd"], d["amount"], d["currency"], d["confidence"],
         d["source_side"], d["target_side"], d["part_of"], len(d["sources"]), _json(d["sources"]),
         _json(sorted({s["article"] for s in d["sources"]}))) for k, (u, v, d) in fold.events.items()])
    groups |= {(d["type"], d["source_side"], d["target_side"]) for _, _, d in fold.events.values()}
    _refresh_parts(db, groups)


def _refresh_parts(db, groups: set) -> None:
    """Recompute ``part_of`` over every event of these groups (type, source side, target side)."""
    rows = db.execute(
        "SELECT e.id, e.type, e.source_side, e.target_side, e.date, e.amount_usd, e.articles, e.part_of "
        "FROM json_each(?) g JOIN events e ON e.type = g.value ->> 0 AND e.source_side = g.value ->> 1 "
        "AND e.target_side = g.value ->> 2", (json.dumps(sorted(groups)),)).fetchall()
    keys = ("type", "source_side", "target_side", "date", "amount_usd")
    links = part_links((r[0], {**dict(zip(keys, r[1:6])), "articles": json.loads(r[6])}) for r in rows)
    db.executemany("UPDATE events SET part_of = ? WHERE id = ?",
                   [(links.get(r[0]), r[0]) for r in rows if links.get(r[0]) != r[7]])


def _rederive_events(db) -> None:
    """Rebuild every event from the claims (after a migration that changed how they merge)."""
    batch = _Batch()
    batch.dirty_events.update(r[0] for r in db.execute("SELECT DISTINCT event_id FROM claims"))
    _refresh_events(db, batch)


# --- reading ----------------------------------------------------------------------------------

_ENTITY_SELECT = "id, name, type, country, role, aliases, parent, affiliations, parents"
_EVENT_WRITE_COLS = EVENT_COLS.replace("part_of, sources", "part_of, n_sources, sources, articles")
_EVENT_SELECT = ", ".join("e." + c for c in EVENT_COLS.split(", "))      # EVENT_COLS of ``events e``
# The events joining pairs (a JSON list of [source, target]). Columns: ``{cols}`` (over ``events e``).
_PAIR_EVENTS = ("SELECT {cols} FROM json_each(?) p "
                "JOIN events e ON e.source = p.value ->> 0 AND e.target = p.value ->> 1 WHERE {where}")
# The same, each ranked within its pair latest first (as ``lookups.latest_first`` orders them) from
# the covering endpoint indexes, so that only the rows kept are read: the first ``?`` of each
# pair. Columns: ``{cols}``, then how many events the pair has and its ends in id order.
_LATEST_PAIR_EVENTS = (
    "WITH found AS (SELECT e.id, e.date, min(e.source, e.target) AS lo, max(e.source, e.target) AS hi "
    "FROM json_each(?) p JOIN events e ON e.source = p.value ->> 0 AND e.target = p.value ->> 1 WHERE {where}), "
    "ranked AS (SELECT id, lo, hi, count(*) OVER (PARTITION BY lo, hi) AS total, "
    "row_number() OVER (PARTITION BY lo, hi ORDER BY coalesce(date, '') DESC, id) AS rank FROM found) "
    "SELECT {cols}, r.total, r.lo, r.hi FROM ranked r JOIN events e ON e.id = r.id WHERE r.rank <= ?")
# EVENT_COLS of ``events e`` with the sorted article ids (kept beside the sources on every
# write) in place of the sources: much less for Python to decode.
_LIGHT_EVENT_COLS = _EVENT_SELECT.rsplit(", ", 1)[0] + ", e.articles"
_ARTICLE_SELECT = "a.id, a.title, a.url, a.published, a.language, a.source"


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _article(row) -> dict:
    return dict(zip(("id", "title", "url", "published", "language", "source"), row))


def _entity_attrs(row) -> dict:
    return {"name": row[1], "type": row[2], "country": row[3], "role": row[4],
            "aliases": json.loads(row[5]), "parent": row[6]}


def _entity_dict(row) -> dict:
    return {"id": row[0], **_entity_attrs(row)}


def _mention(row) -> Entity:
    return Entity(row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])), row[6])


def _relation(row) -> Relation:
    return Relation(type=row[0], source=row[1], target=row[2], evidence=row[3], start=row[4],
                    end=row[5], date=row[6], amount_usd=row[7], amount=row[8], currency=row[9],
                    confidence=row[10])


def _add_event(graph: nx.MultiDiGraph, row, sources: bool = True) -> None:
    """An event row as an edge: its ``sources`` (EVENT_COLS), or its ``articles``
    (``_LIGHT_EVENT_COLS``)."""
    graph.add_edge(row[2], row[3], key=row[0], **_event_attrs(row, sources))


def _event_attrs(row, sources: bool = True) -> dict:
    last = {"sources" if sources else "articles": json.loads(row[12])}
    return dict(type=row[1], date=row[4], amount_usd=row[5], amount=row[6], currency=row[7],
                confidence=row[8], source_side=row[9], target_side=row[10], part_of=row[11], **last)


def _whole_graph(db) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(articles={})
    _add_nodes(graph, db.execute(f"SELECT {_ENTITY_SELECT} FROM entities").fetchall())
    for row in db.execute(f"SELECT {EVENT_COLS} FROM events"):
        _add_event(graph, row)
    for row in db.execute(f"SELECT {ARTICLE_COLS} FROM articles"):
        graph.graph["articles"][row[0]] = _article(row)
    return graph


def _assemble(db, events: dict, nodes: set, structure: set | None = None,
              sources: bool = True) -> nx.MultiDiGraph:
    """The selected events, their endpoints' attributes, the structural edges among those
    nodes (only those joining a ``structure`` pair, when given) and the articles the events
    cite: what ``apply_selection`` keeps. Without ``sources``, event rows are
    ``_LIGHT_EVENT_COLS`` (article ids, not sources)."""
    graph = nx.MultiDiGraph(articles={})
    _add_nodes(graph, db.execute(f"SELECT {_ENTITY_SELECT} FROM entities WHERE id IN {IDS}",
                                 (json.dumps(sorted(nodes)),)).fetchall(), structure)
    for row in events.values():
        _add_event(graph, row, sources)
    cited = sorted({a for _, _, _, d in event_edges(graph) for a in event_articles(d)})
    for row in db.execute(f"SELECT {ARTICLE_COLS} FROM articles WHERE id IN {IDS}", (json.dumps(cited),)):
        graph.graph["articles"][row[0]] = _article(row)
    return graph


def _add_nodes(graph: nx.MultiDiGraph, rows: list, structure: set | None = None) -> None:
    """Entity rows as nodes, then their structural edges to other nodes of ``graph`` (only
    those joining a pair of ``structure``, ``(smaller id, larger id)``, when given)."""
    graph.add_nodes_from((row[0], _entity_attrs(row)) for row in rows)
    wanted = lambda u, v: v in graph and (structure is None or tuple(sorted((u, v))) in structure)
    for row in rows:
        for country, role in json.loads(row[7]).items():
            if wanted(row[0], country):
                graph.add_edge(row[0], country, key=AFFILIATED_WITH, type=AFFILIATED_WITH, role=role)
        for parent in json.loads(row[8]):
            if wanted(row[0], parent):
                graph.add_edge(row[0], parent, key=PART_OF, type=PART_OF)


def _event_links(db, ids_param: str, types, among: set | None) -> list[tuple[str, str]]:
    """``(id, other end)`` of the events (of ``types``, other end ``among`` these if given)
    touching the ids, from the covering endpoint indexes (no event row is read); other ends
    come grouped per id as a JSON array, a few rows to decode where a hub has thousands."""
    kind = f" AND type IN ({_marks(len(types))})" if types else ""
    # unary + keeps the planner on the endpoint index: ``among`` may be thousands of ids
    within = lambda end: f" AND +{end} IN {IDS}" if among is not None else ""
    extra = [json.dumps(sorted(among))] if among is not None else []
    grouped = db.execute(
        f"SELECT source, json_group_array(DISTINCT target) FROM events WHERE source IN {IDS}{kind}"
        f"{within('target')} GROUP BY source UNION ALL SELECT target, json_group_array(DISTINCT source) "
        f"FROM events WHERE target IN {IDS}{kind}{within('source')} GROUP BY target",
        (ids_param, *types, *extra, ids_param, *types, *extra))
    return [(node, other) for node, others in grouped for other in json.loads(others)]


def _structural_links(db, ids_param: str) -> list[tuple[str, str]]:
    """``(id, other end)`` of the AFFILIATED_WITH/PART_OF edges touching the ids, drawn as
    ``add_structural_edges`` draws them: from every mention, to an entity that exists."""
    pointing_in = db.execute(
        f"SELECT DISTINCT m.country, m.entity_id FROM mentions m WHERE m.country IN {IDS} "
        f"AND m.type != 'Country' UNION SELECT DISTINCT m.parent, m.entity_id FROM mentions m "
        f"WHERE m.parent IN {IDS}", (ids_param, ids_param)).fetchall()
    rows = db.execute(f"SELECT id, affiliations, parents FROM entities WHERE id IN {IDS}", (ids_param,)).fetchall()
    known = {r[0] for r in rows}
    pointing_out = [(r[0], other) for r in rows for other in (*json.loads(r[1]), *json.loads(r[2]))]
    ends = _existing(db, "entities", {other for _, other in pointing_out})
    return [(a, b) for a, b in pointing_in if a in known] + [(a, b) for a, b in pointing_out if b in ends]


def event_filter(sel: Selection) -> tuple[str, list]:
    """``Selection.keeps_event`` as a SQL condition on ``events e`` (fixed text, values as parameters)."""
    clauses, params = [], []
    if sel.types:
        clauses.append(f"e.type IN ({_marks(len(sel.types))})")
        params += list(sel.types)
    if sel.countries:
        inside = f"(SELECT id FROM entities WHERE country IN ({_marks(len(sel.countries))}))"
        clauses.append(f"(e.source IN {inside} OR e.target IN {inside})")
        params += list(sel.countries) * 2
    for bound, op in ((sel.since, ">="), (sel.until, "<=")):
        if bound:
            clauses.append(f"(coalesce(e.date, '') = '' OR substr(e.date, 1, ?) {op} ?)")
            params += [len(bound), bound]
    if sel.min_confidence:
        clauses.append("coalesce(e.confidence, 0) >= ?")
        params.append(sel.min_confidence)
    if sel.min_sources > 1:
        clauses.append("e.n_sources >= ?")
        params.append(sel.min_sources)
    return " AND ".join(clauses) or "1", params


def _selected(db, sel: Selection) -> tuple[dict, set]:
    """Rows of the selected events (id -> row) and the nodes to keep."""
    where, params = event_filter(sel)
    if sel.center is None:
        events = {r[0]: r for r in db.execute(f"SELECT {EVENT_COLS} FROM events e WHERE {where}", params)}
        return events, {n for r in events.values() for n in (r[2], r[3])}
    return _around(db, sel, where, params)


def _around(db, sel: Selection, where: str, params: list) -> tuple[dict, set]:
    """Breadth-first over selected events, one query per ring: the ball of ``sel.depth`` hops
    around the center and every selected event between two of its nodes."""
    fetch = lambda cond, ids: db.execute(
        f"SELECT {EVENT_COLS} FROM events e WHERE {cond} AND {where}", (json.dumps(ids), *params))
    start = [r[0] for r in db.execute("SELECT id FROM entities WHERE country = ? OR id = ?", (sel.center,) * 2)]
    ring = sorted(_touching(db, start, where, params))
    if not ring:
        return {}, set()        # neither the center nor its members have a selected event
    events, seen = {}, set(ring)
    for _ in range(sel.depth):
        rows = [*fetch(f"e.source IN {IDS}", ring), *fetch(f"e.target IN {IDS}", ring)]
        events.update((r[0], r) for r in rows)
        ring = sorted({n for r in rows for n in (r[2], r[3])} - seen)
        seen.update(ring)
        if not ring:
            break
    else:
        events.update((r[0], r) for r in db.execute(
            f"SELECT {EVENT_COLS} FROM events e WHERE e.source IN {IDS} AND e.target IN {IDS} AND {where}",
            (json.dumps(ring), json.dumps(ring), *params)))
    return events, seen


def _touching(db, ids: list[str], where: str, params: list) -> set[str]:
    """Those of ``ids`` that are an end of a selected event."""
    param = json.dumps(sorted(ids))
    return {r[0] for r in db.execute(
        f"SELECT e.source FROM events e WHERE e.source IN {IDS} AND {where} UNION "
        f"SELECT e.target FROM events e WHERE e.target IN {IDS} AND {where}", (param, *params, param, *params))}


def _extraction_page(db, after_seq: int) -> list[tuple[int, Extraction]]:
    """The next ``PAGE_SIZE`` articles after ``after_seq`` as ``(seq, Extraction)``, in ingest order."""
    articles = db.execute(f"SELECT seq, {ARTICLE_COLS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
                          (after_seq, PAGE_SIZE)).fetchall()
    if not articles:
        return []
    param = (json.dumps([a[1] for a in articles]),)
    mentions, claims = {}, {}
    for row in db.execute(f"SELECT article_id, {MENTION_COLS} FROM mentions WHERE article_id IN {IDS} "
                          "ORDER BY article_id, position", param):
        mentions.setdefault(row[0], []).append(_mention(row[1:]))
    for row in db.execute(f"SELECT article_id, {CLAIM_COLS} FROM claims WHERE article_id IN {IDS} "
                          "ORDER BY article_id, position", param):
        claims.setdefault(row[0], []).append(_relation(row[1:]))
    return [(a[0], Extraction(Document(text="", **_article(a[1:])), mentions.get(a[1], []),
                              claims.get(a[1], []))) for a in articles]
