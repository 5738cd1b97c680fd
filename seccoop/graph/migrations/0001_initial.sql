-- seccoop SQLite store, schema version 1.
-- Written for seccoop (Apache-2.0). Applied once, inside one transaction, by
-- seccoop.graph.sqlite_store; the version is then recorded in schema_version.
--
-- What is stored as given (the source of truth): articles, the entity mentions of each article
-- and its claims. What is derived from them after every write (so reads are single lookups):
-- entities (mentions merged in ingest order), entity_names (search keys) and events (claims
-- merged by event id, with their sources as JSON).

CREATE TABLE articles (
    id           TEXT PRIMARY KEY,
    seq          INTEGER NOT NULL UNIQUE,  -- first-ingest order; kept when an article is replaced
    title        TEXT,
    url          TEXT,
    published    TEXT,
    language     TEXT,
    source       TEXT,
    content_hash TEXT NOT NULL             -- unchanged re-ingests are skipped
);
CREATE INDEX articles_published ON articles (published);

CREATE TABLE mentions (
    article_id TEXT NOT NULL,
    position   INTEGER NOT NULL,           -- index in the extraction's entity list
    seq        INTEGER NOT NULL,           -- copy of articles.seq: merge order without a join
    entity_id  TEXT NOT NULL,
    name       TEXT NOT NULL,
    type       TEXT NOT NULL,
    country    TEXT,
    role       TEXT,
    aliases    TEXT NOT NULL,              -- JSON array, as given
    parent     TEXT,
    PRIMARY KEY (article_id, position)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions (entity_id, seq, position);

CREATE TABLE claims (
    article_id   TEXT NOT NULL,
    position     INTEGER NOT NULL,         -- index in the extraction's relation list
    seq          INTEGER NOT NULL,
    event_id     TEXT NOT NULL,
    type         TEXT NOT NULL,
    source       TEXT NOT NULL,            -- endpoints as extracted (not reordered)
    target       TEXT NOT NULL,
    evidence     TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    date         TEXT,
    amount_usd   REAL,
    amount       REAL,
    currency     TEXT,
    confidence   REAL NOT NULL,
    PRIMARY KEY (article_id, position)
) WITHOUT ROWID;
CREATE INDEX claims_event ON claims (event_id);

CREATE TABLE entities (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    type    TEXT NOT NULL,
    country TEXT,
    role    TEXT,
    aliases TEXT NOT NULL,                 -- JSON array, sorted, accumulated over articles
    parent  TEXT,
    -- structural edges as the mentions draw them (kept only where the other end is a node):
    affiliations TEXT NOT NULL,            -- JSON {country: role of the latest mention naming it}
    parents      TEXT NOT NULL             -- JSON array of every parent organization named
);
CREATE INDEX entities_type ON entities (type);
CREATE INDEX entities_country ON entities (country);

CREATE TABLE entity_names (
    norm      TEXT NOT NULL,               -- seccoop.models.normalize() of the id, name or an alias
    entity_id TEXT NOT NULL,
    PRIMARY KEY (norm, entity_id)
) WITHOUT ROWID;
CREATE INDEX entity_names_entity ON entity_names (entity_id);

CREATE TABLE events (
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
    sources    TEXT NOT NULL               -- JSON list of claim sources, as in the graph model
);
CREATE INDEX events_source ON events (source, type);
CREATE INDEX events_target ON events (target, type);
CREATE INDEX events_type_date ON events (type, date);
CREATE INDEX events_date ON events (date);
