-- Each plan sets its access tokens' lifetime (`expires_in`); an hour, as the
-- real API, unless an operator shortens it (expiry on demand, for tests).
ALTER TABLE plans ADD COLUMN access_ttl INTEGER NOT NULL DEFAULT 3600 CHECK (access_ttl BETWEEN 1 AND 86400);
