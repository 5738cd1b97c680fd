-- seccoop SQLite store, schema version 4: an event is its type, its two sides, its month and its amount.
-- Written for seccoop (Apache-2.0). Applied once by seccoop.graph.sqlite_store.migrate.
--
-- Claims keep the side each end acts for (the end's country in that article, or the end itself
-- when it has none), read from the article's own mentions, and are regrouped under the event id
-- of their sides (seccoop_event_id is seccoop.graph.model.event_id, registered on the
-- connection). Events carry their sides and the total they are a stated part of; the events
-- table is emptied here and re-derived from the claims right after, by the model's own merge
-- (seccoop.graph.migrations.REDERIVE_EVENTS).

ALTER TABLE claims ADD COLUMN source_side TEXT;
ALTER TABLE claims ADD COLUMN target_side TEXT;
UPDATE claims SET
    source_side = coalesce((SELECT coalesce(nullif(m.country, ''), m.entity_id) FROM mentions m
                            WHERE m.article_id = claims.article_id AND m.entity_id = claims.source
                            ORDER BY m.position DESC LIMIT 1), source),
    target_side = coalesce((SELECT coalesce(nullif(m.country, ''), m.entity_id) FROM mentions m
                            WHERE m.article_id = claims.article_id AND m.entity_id = claims.target
                            ORDER BY m.position DESC LIMIT 1), target);
UPDATE claims SET event_id = seccoop_event_id(type, source_side, target_side, date, amount_usd);

ALTER TABLE events ADD COLUMN source_side TEXT;   -- canonical sides (sorted for symmetric types)
ALTER TABLE events ADD COLUMN target_side TEXT;
ALTER TABLE events ADD COLUMN part_of TEXT;       -- the id of the total this event is a stated part of
DELETE FROM events;
CREATE INDEX events_sides ON events (type, source_side, target_side);
CREATE INDEX events_source_side ON events (source_side, type);
CREATE INDEX events_target_side ON events (target_side, type);
