-- seccoop SQLite store, schema version 2: indexes for the light reads of the named queries.
-- Written for seccoop (Apache-2.0). Applied once by seccoop.graph.sqlite_store.migrate.
--
-- Structural links pointing at an entity are found through the mentions that draw them
-- (mentions.country for AFFILIATED_WITH, mentions.parent for PART_OF), from the index alone.
-- The events' indexes are rebuilt by schema version 3.

CREATE INDEX IF NOT EXISTS mentions_country ON mentions (country, type, entity_id);
CREATE INDEX IF NOT EXISTS mentions_parent ON mentions (parent, entity_id);
