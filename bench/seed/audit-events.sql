-- Seeds audit_events with :rows synthetic events, for the Bench target and the EXPLAIN plans in docs/audit.md.
-- Run against a migrated PostgreSQL database with no events yet:
--   psql -v rows=10000000 -v step_us=5184000 -f bench/seed/audit-events.sql
-- One event every step_us microseconds from 2025-01-01 (the Bench spreads any number of rows over 600 days, so the
-- log ends before today and new events follow it), ids and created_at rising together as the store keeps them;
-- 1,000 tenants, 20 actions of which one is rare, product on 40 % and actor_id on 70 % of the events.
-- The rows are in time order by construction, so the insert skips the trigger that puts them in order
-- (M0010_AuditTimeOrder: a lock per row, minutes at 10 M rows) and gives the ids itself; the two sequences the
-- trigger draws from are moved past them afterwards.
\set ON_ERROR_STOP on
\timing on

SET session_replication_role = replica;
INSERT INTO audit_events (id, tenant_id, project_id, actor_id, actor_name, actor_type, action, target_id, target_type,
                          target_name, product, metadata, source_ip, user_agent, created_at)
SELECT i,
       ('00000000-0000-4000-8000-' || lpad(to_hex((i * 7919) % 1000), 12, '0'))::uuid,
       NULL,
       CASE WHEN i % 10 < 7 THEN 'user-' || ((i * 31) % 5000) END,
       CASE WHEN i % 10 < 7 THEN 'User ' || ((i * 31) % 5000) END,
       CASE WHEN i % 10 < 7 THEN 'user' ELSE 'system' END,
       CASE WHEN i % 5000 = 0 THEN 'tenant.archived' ELSE 'action.' || ((i * 13) % 19) END,
       'target-' || (i % 100000),
       'thing',
       NULL,
       CASE WHEN i % 10 < 4 THEN 'product-' || (i % 8) END,
       jsonb_build_object('n', i, 'note', 'synthetic'),
       '198.51.100.' || (i % 250),
       'bench/1.0',
       timestamptz '2025-01-01 00:00:00+00' + i * :step_us * interval '1 microsecond'
FROM generate_series(1::bigint, :rows) AS i;
RESET session_replication_role;
SELECT setval('audit_events_id', max(id) + 1, false) FROM audit_events;
SELECT setval('audit_events_newest_time', (extract(epoch FROM max(created_at)) * 1000000)::bigint, true) FROM audit_events;

VACUUM (ANALYZE) audit_events;
SELECT count(*) AS events, min(created_at), max(created_at), pg_size_pretty(pg_total_relation_size('audit_events')) AS size
FROM audit_events;
