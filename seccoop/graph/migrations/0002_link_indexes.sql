-- seccoop SQLite store, schema version 2: indexes for the light reads of the named queries.
-- Written for seccoop (Apache-2.0). Applied once by seccoop.graph.sqlite_store.migrate.
--
-- Who is linked to whom is answered from indexes alone: events by either endpoint, covering the
-- other endpoint, type, date and id (replacing the (source, type) and (target, type) indexes,
-- whose lookups these serve too; the date ranks a pair's events latest first); structural links pointing at an entity through the mentions that
-- draw them (mentions.country for AFFILIATED_WITH, mentions.parent for PART_OF).

DROP INDEX events_source;
DROP INDEX events_target;
CREATE INDEX events_source_links ON events (source, target, type, date, id);
CREATE INDEX events_target_links ON events (target, source, type, date, id);
CREATE INDEX mentions_country ON mentions (country, type, entity_id);
CREATE INDEX mentions_parent ON mentions (parent, entity_id);
