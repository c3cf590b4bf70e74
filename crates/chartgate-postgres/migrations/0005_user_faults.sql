-- Sandbox faults injected into a user's data requests (only honoured when
-- the server runs with --sandbox-faults): a failure rate in parts per
-- million and an added latency.
ALTER TABLE users ADD COLUMN fault_error_ppm BIGINT NOT NULL DEFAULT 0 CHECK (fault_error_ppm BETWEEN 0 AND 1000000);
ALTER TABLE users ADD COLUMN fault_latency_ms BIGINT NOT NULL DEFAULT 0 CHECK (fault_latency_ms BETWEEN 0 AND 30000);
