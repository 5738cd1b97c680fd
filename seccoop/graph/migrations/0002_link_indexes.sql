-- seccoop SQLite store, schema version 2: indexes for the light reads of the named queries.
-- Written for seccoop (Apache-2.0). Applied once by seccoop.graph.sqlite_store.migrate.
--
-- Who is linked to whom is answered from indexes alone: the endpoint indexes now cover the other
-- endpoint, date and id after (endpoint, type), so adjacency reads (and selections around a
-- centre, which use the same prefix) never read an event row; events_pair finds the events
-- between two given entities, ranked by date, without scanning a hub's other events.
-- Structural links pointing at an entity come through the mentions that draw them
-- (mentions.country for AFFILIATED_WITH, mentions.parent for PART_OF). Events keep the sorted
-- ids of the articles reporting them beside their sources (written with them on every upsert),
-- so reads that show only article ids decode a short list, not every claim's provenance.

DROP INDEX events_source;
DROP INDEX events_target;
CREATE INDEX events_source ON events (source, type, target, date, id);
CREATE INDEX events_target ON events (target, type, source, date, id);
CREATE INDEX events_pair ON events (source, target, type, date, id);
CREATE INDEX mentions_country ON mentions (country, type, entity_id);
CREATE INDEX mentions_parent ON mentions (parent, entity_id);
ALTER TABLE events ADD COLUMN articles TEXT NOT NULL DEFAULT '[]';
UPDATE events SET articles = (
    SELECT json_group_array(article) FROM (
        SELECT DISTINCT j.value ->> 'article' AS article FROM json_each(events.sources) j ORDER BY article));
