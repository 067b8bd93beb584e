-- Stores the keys bench/KeyGen made (prefix and SHA-256, as the service stores them) into a database seeded by
-- tenants.sql. Key n goes to tenant ((n - 1) % tenants) + 1, so keys spread evenly over every tenant; its id is
-- 00000000-0000-4000-9000-<n in hex, 12 digits>, so ordering by id keeps KeyGen's order.
--   psql -v tenants=10000 -v stored_csv=/abs/path/keys.csv -f bench/seed/api-keys.sql
-- The file is read by the server (COPY FROM a file): it must be readable by the postgres user.
\set ON_ERROR_STOP on
\timing on

CREATE TEMP TABLE seed_keys (n bigserial, prefix text NOT NULL, secret_hash bytea NOT NULL);
COPY seed_keys (prefix, secret_hash) FROM :'stored_csv' WITH (FORMAT csv);

INSERT INTO api_keys (id, tenant_id, name, product, scopes, prefix, secret_hash, created_by, created_at)
SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(n), 12, '0'))::uuid,
       ('00000000-0000-4000-8000-' || lpad(to_hex((n - 1) % :tenants + 1), 12, '0'))::uuid,
       'bench key ' || n,
       CASE WHEN n % 3 = 0 THEN 'compliance-scanner' END,
       '["registry:read", "audit:write"]'::jsonb,
       prefix,
       secret_hash,
       'bench',
       now() - interval '30 days' + n * interval '1 second'
FROM seed_keys;

VACUUM (ANALYZE) api_keys;
