-- Refresh-token reuse detection, the audit log and mint counts: the same
-- tables as SQLite's migration 3.
-- (Version 2 belongs to signing-key rotation.)
--
-- Times ending in _us are microseconds since the Unix epoch; hour_start is
-- in seconds. None of these tables holds a secret: refresh tokens appear
-- only as the lower-case hex SHA-256 the users table keeps too.

-- The refresh tokens that rotation at mint replaced, so that presenting one
-- again can be told apart from an unknown token: a retry within the grace
-- period, theft after it. epoch is the user's epoch at replacement; once it
-- moved on (an operator rotated, revoked or disabled), the row is inert.
CREATE TABLE replaced_refresh_tokens (
    hash           TEXT PRIMARY KEY CHECK (length(hash) = 64),
    user_id        BIGINT NOT NULL REFERENCES users (id),
    epoch          BIGINT NOT NULL,
    replaced_at_us BIGINT NOT NULL
);

CREATE INDEX replaced_refresh_tokens_by_time ON replaced_refresh_tokens (replaced_at_us);

-- Administrative changes and security events. Append-only.
CREATE TABLE audit_log (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at_us   BIGINT NOT NULL,
    actor   TEXT NOT NULL,
    subject TEXT NOT NULL,
    action  TEXT NOT NULL,
    details TEXT NOT NULL
);

CREATE INDEX audit_log_by_time ON audit_log (at_us, id);
CREATE INDEX audit_log_by_subject ON audit_log (subject, at_us, id);

-- Successful mints per user and clock hour, added up by every instance.
CREATE TABLE mint_counts (
    user_id         BIGINT NOT NULL REFERENCES users (id),
    hour_start      BIGINT NOT NULL,
    count           BIGINT NOT NULL CHECK (count >= 0),
    last_mint_at_us BIGINT NOT NULL,
    PRIMARY KEY (user_id, hour_start)
);
