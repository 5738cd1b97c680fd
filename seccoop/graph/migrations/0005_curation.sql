-- seccoop SQLite store, schema version 5: the curation log.
-- Written for seccoop (Apache-2.0). Applied once by seccoop.graph.sqlite_store.migrate.
--
-- Decisions analysts take about the graph (seccoop.graph.curation), in the order they were taken.
-- They are kept apart from what articles said and applied when the graph is read, so re-ingesting
-- or removing articles never loses them.

CREATE TABLE IF NOT EXISTS curation (
    id     TEXT PRIMARY KEY,                -- derived from the decision's content
    seq    INTEGER NOT NULL UNIQUE,         -- the order decisions were taken in
    record TEXT NOT NULL                    -- the decision as JSON
);
