-- The list queries of GET /v1/audit as the service sends them (linq2db, PostgreSQL), with EXPLAIN (ANALYZE, BUFFERS).
-- Run after bench/seed/audit-events.sql: psql -f bench/audit-explain.sql. Each query runs twice; the second plan counts
-- (warm cache, as a busy service would have). Tenant 0x1f4 has 1,000 events; 'tenant.archived' 200.
\set ON_ERROR_STOP on
\pset pager off
\set tenant '''00000000-0000-4000-8000-0000000001f4'''

\echo '== 1. first page, no filter'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e ORDER BY e.id DESC LIMIT 51;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e ORDER BY e.id DESC LIMIT 51;

\echo '== 2. deep cursor near the oldest event, no filter'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.id < 1000 ORDER BY e.id DESC LIMIT 51;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.id < 1000 ORDER BY e.id DESC LIMIT 51;

\echo '== 3. tenant, first page and deep cursor'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.tenant_id = :tenant ORDER BY e.id DESC LIMIT 51;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.tenant_id = :tenant ORDER BY e.id DESC LIMIT 51;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.tenant_id = :tenant AND e.id < 60500 ORDER BY e.id DESC LIMIT 51;

\echo '== 4. tenant and action'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.tenant_id = :tenant AND e."action" = 'action.3' ORDER BY e.id DESC LIMIT 51;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.tenant_id = :tenant AND e."action" = 'action.3' ORDER BY e.id DESC LIMIT 51;

\echo '== 5. rare action, deep cursor; product; actor'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e."action" = 'tenant.archived' AND e.id < 500000 ORDER BY e.id DESC LIMIT 51;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.product = 'product-3' AND e.id < 5000 ORDER BY e.id DESC LIMIT 51;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.actor_id = 'user-42' ORDER BY e.id DESC LIMIT 51;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.actor_id = 'user-42' AND e."action" = 'action.7' ORDER BY e.id DESC LIMIT 51;

\echo '== 6. since/until: one day in the middle, the last week, two old months'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.created_at >= '2025-06-01 00:00:00+00' AND e.created_at < '2025-06-02 00:00:00+00' ORDER BY e.id DESC LIMIT 51;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.created_at >= '2025-06-01 00:00:00+00' AND e.created_at < '2025-06-02 00:00:00+00' ORDER BY e.id DESC LIMIT 51;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.created_at >= '2025-12-07 00:00:00+00' ORDER BY e.id DESC LIMIT 51;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.created_at >= '2025-01-01 00:00:00+00' AND e.created_at < '2025-03-01 00:00:00+00' ORDER BY e.id DESC LIMIT 51;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.created_at >= '2025-01-01 00:00:00+00' AND e.created_at < '2025-03-01 00:00:00+00' ORDER BY e.id DESC LIMIT 51;

\echo '== 6b. the next page of the old windows: the cursor starts inside the window'
SELECT max(id) - 50 AS june_cursor FROM audit_events WHERE created_at < '2025-06-02 00:00:00+00' \gset
SELECT max(id) - 50 AS march_cursor FROM audit_events WHERE created_at < '2025-03-01 00:00:00+00' \gset
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.created_at >= '2025-06-01 00:00:00+00' AND e.created_at < '2025-06-02 00:00:00+00' AND e.id < :june_cursor ORDER BY e.id DESC LIMIT 51;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.created_at >= '2025-01-01 00:00:00+00' AND e.created_at < '2025-03-01 00:00:00+00' AND e.id < :march_cursor ORDER BY e.id DESC LIMIT 51;

\echo '== 7. tenant within a time range'

EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM audit_events e WHERE e.tenant_id = :tenant AND e.created_at >= '2025-03-01 00:00:00+00' AND e.created_at < '2025-04-01 00:00:00+00' ORDER BY e.id DESC LIMIT 51;
