-- Signing keys gain an algorithm and a lifecycle state. The one key stored
-- so far signs (active); rotated keys verify only; retired keys do neither.
ALTER TABLE signing_keys
    ADD COLUMN alg TEXT NOT NULL DEFAULT 'HS256' CHECK (alg IN ('HS256', 'EdDSA')),
    ADD COLUMN state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'verifying', 'retired'));
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (state) WHERE state = 'active';
