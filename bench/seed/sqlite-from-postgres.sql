-- Prints a SQLite script that copies the seeded tenants and the first :keys API keys (by id, so KeyGen's first
-- :keys plaintexts) from PostgreSQL into a migrated SQLite store, in the store's own TEXT forms (SqliteMapping):
--   psql -At -v keys=10000 -f bench/seed/sqlite-from-postgres.sql > seed.sql && sqlite3 registry.db < seed.sql
-- SQLite 3.40 has no unhex(), so hashes travel as blob literals.
\set ON_ERROR_STOP on
\pset footer off

SELECT 'BEGIN;';

SELECT format('INSERT INTO tenants (id, slug, name, status, kind, plan, trial_ends_at, contract_start, contract_end, created_at, updated_at) VALUES (%L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L);',
              id, slug, name, status, kind, plan,
              to_char(trial_ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
              to_char(contract_start, 'YYYY-MM-DD'), to_char(contract_end, 'YYYY-MM-DD'),
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
              to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
FROM tenants ORDER BY id;

SELECT format('INSERT INTO api_keys (id, tenant_id, name, product, scopes, prefix, secret_hash, created_by, created_at) VALUES (%L, %L, %L, %L, %L, %L, X%L, %L, %L);',
              id, tenant_id, name, product, scopes::text, prefix, encode(secret_hash, 'hex'), created_by,
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
FROM api_keys ORDER BY id LIMIT :keys;

SELECT 'COMMIT;';
SELECT 'ANALYZE;';
