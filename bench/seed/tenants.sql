-- Seeds :tenants tenants, each with two entitlements, into a migrated PostgreSQL database.
--   psql -v tenants=10000 -f bench/seed/tenants.sql
-- Tenant i has the id 00000000-0000-4000-8000-<i in hex, 12 digits>, so load scripts and pgbench can name any
-- tenant from its number. Nine in ten are active, the rest on a trial that ends in 14 days: every one can verify
-- keys and get new ones.
\set ON_ERROR_STOP on
\timing on

INSERT INTO tenants (id, slug, name, status, kind, plan, trial_ends_at, contract_start, contract_end, created_at, updated_at)
SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
       'bench-tenant-' || i,
       'Bench Tenant ' || i,
       CASE WHEN i % 10 = 0 THEN 'trial' ELSE 'active' END,
       'customer',
       (ARRAY['starter', 'growth', 'business', 'enterprise'])[1 + i % 4],
       CASE WHEN i % 10 = 0 THEN now() + interval '14 days' END,
       CASE WHEN i % 10 <> 0 THEN date '2025-01-01' END,
       CASE WHEN i % 10 <> 0 THEN date '2027-12-31' END,
       now() - interval '400 days' + i * interval '1 minute',
       now() - interval '400 days' + i * interval '1 minute'
FROM generate_series(1, :tenants) AS i;

INSERT INTO tenant_products (tenant_id, product, enabled, config, expires_at, created_at, updated_at)
SELECT t.id, p.product, true, jsonb_build_object('seats', 10), NULL, t.created_at, t.created_at
FROM tenants t CROSS JOIN (VALUES ('compliance-scanner'), ('policy-studio')) AS p (product);

VACUUM (ANALYZE) tenants, tenant_products;
