-- seccoop SQLite store, schema version 3: events keep their article ids; covering endpoint indexes.
-- Written for seccoop (Apache-2.0). Applied once by seccoop.graph.sqlite_store.migrate.
--
-- Events keep the sorted ids of the articles reporting them beside their sources (written with
-- them on every upsert), so reads that show only article ids decode a short list, not every
-- claim's provenance. The table is rebuilt (SQLite cannot add a column only where it is
-- missing: some early version-2 stores lack it) and its indexes with it: the endpoint indexes
-- cover the other endpoint, date and id after (endpoint, type), so adjacency reads and
-- selections around a centre never read an event row; events_pair finds the events between
-- two given entities, ranked by date, without scanning a hub's other events.

CREATE TABLE events_v3 (
    id         TEXT PRIMARY KEY,
    type       TEXT NOT NULL,
    source     TEXT NOT NULL,              -- canonical endpoints (sorted for symmetric types)
    target     TEXT NOT NULL,
    date       TEXT,
    amount_usd REAL,
    amount     REAL,
    currency   TEXT,
    confidence REAL NOT NULL,              -- the highest of its claims
    n_sources  INTEGER NOT NULL,
    sources    TEXT NOT NULL,              -- JSON list of claim sources, as in the graph model
    articles   TEXT NOT NULL               -- JSON list of the sources' article ids, sorted, distinct
);
INSERT INTO events_v3
SELECT id, type, source, target, date, amount_usd, amount, currency, confidence, n_sources, sources,
       (SELECT json_group_array(article) FROM (
            SELECT DISTINCT j.value ->> 'article' AS article FROM json_each(events.sources) j ORDER BY article))
FROM events;
DROP TABLE events;
ALTER TABLE events_v3 RENAME TO events;
CREATE INDEX events_source ON events (source, type, target, date, id);
CREATE INDEX events_target ON events (target, type, source, date, id);
CREATE INDEX events_pair ON events (source, target, type, date, id);
CREATE INDEX events_type_date ON events (type, date);
CREATE INDEX events_date ON events (date);
