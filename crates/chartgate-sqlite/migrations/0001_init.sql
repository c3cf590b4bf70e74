-- chartgate's first schema.
--
-- meta.seq is the global change sequence: every write to users, plans or
-- artists bumps it by one in its own transaction and stamps the rows it
-- writes with the new value.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value INTEGER NOT NULL
) STRICT;

INSERT INTO meta (key, value) VALUES ('seq', 0);

CREATE TABLE plans (
    name     TEXT PRIMARY KEY NOT NULL,
    rps      INTEGER NOT NULL CHECK (rps >= 0),
    mint_rps INTEGER NOT NULL CHECK (mint_rps >= 0),
    -- space-separated, as on the wire
    scopes   TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    plan         TEXT NOT NULL REFERENCES plans (name),
    enabled      INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    epoch        INTEGER NOT NULL DEFAULT 0,
    -- lower-case hex SHA-256 of the refresh token; never the token itself
    refresh_hash TEXT UNIQUE CHECK (refresh_hash IS NULL OR length(refresh_hash) = 64),
    -- seconds since the Unix epoch
    created_at   INTEGER NOT NULL,
    seq          INTEGER NOT NULL
) STRICT;

CREATE INDEX users_by_seq ON users (seq);
CREATE INDEX users_by_plan ON users (plan);

-- ordinal 1 is the first key ever stored: the one to sign with.
CREATE TABLE signing_keys (
    kid        TEXT PRIMARY KEY NOT NULL,
    secret     BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    ordinal    INTEGER NOT NULL UNIQUE
) STRICT;

-- body is the artist object as JSON, exactly as the API returns it.
CREATE TABLE artists (
    id   INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    seq  INTEGER NOT NULL
) STRICT;
