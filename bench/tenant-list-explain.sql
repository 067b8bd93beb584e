-- EXPLAIN ANALYZE of GET /v1/tenants's queries (the SQL linq2db sends, with literals) on a database seeded by
-- seed/tenants.sql; the plans and timings are in docs/behaviour.md, "Listing tenants".
--   psql -v tenants=1000000 -f bench/seed/tenants.sql && psql -f bench/tenant-list-explain.sql
\set ON_ERROR_STOP on
\pset pager off
\echo '== first page, no filter'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM tenants t ORDER BY t.created_at DESC, t.id DESC LIMIT 51;
\echo '== a page behind a deep cursor (the 900,000th tenant from the top)'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM tenants t
WHERE (t.created_at, t.id) < (SELECT created_at, id FROM tenants WHERE id = '00000000-0000-4000-8000-0000000186a0')
ORDER BY t.created_at DESC, t.id DESC LIMIT 51;
\echo '== status=trial'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM tenants t WHERE t.status = 'trial' ORDER BY t.created_at DESC, t.id DESC LIMIT 51;
\echo '== status=frozen (no such tenant)'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM tenants t WHERE t.status = 'frozen' ORDER BY t.created_at DESC, t.id DESC LIMIT 51;
\echo '== kind=demo (no such tenant)'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM tenants t WHERE t.kind = 'demo' ORDER BY t.created_at DESC, t.id DESC LIMIT 51;
\echo '== plan=growth and status=trial'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM tenants t WHERE t.plan = 'growth' AND t.status = 'trial' ORDER BY t.created_at DESC, t.id DESC LIMIT 51;
\echo '== q=bench tenant 12345 (slug or name prefix, ignoring case)'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM tenants t
WHERE t.slug LIKE 'bench tenant 12345%' ESCAPE '~' OR Lower(t.name) LIKE 'bench tenant 12345%' ESCAPE '~'
ORDER BY t.created_at DESC, t.id DESC LIMIT 51;
\echo '== q=bench (matches every tenant)'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT * FROM tenants t
WHERE t.slug LIKE 'bench%' ESCAPE '~' OR Lower(t.name) LIKE 'bench%' ESCAPE '~'
ORDER BY t.created_at DESC, t.id DESC LIMIT 51;
