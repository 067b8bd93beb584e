-- POST /v1/audit: the insert and the read-back linq2db sends (AuditLog.AppendAsync), with the body audit-append.lua sends.
\set n random(1, :tenants)
\set i random(1, 1000000)
INSERT INTO audit_events (tenant_id, project_id, actor_id, actor_name, actor_type, "action", target_id, target_type,
                          target_name, product, metadata, source_ip, user_agent, created_at)
VALUES (('00000000-0000-4000-8000-' || lpad(to_hex(:n::int), 12, '0'))::uuid, NULL, 'user-' || :i::int, 'Bench User', 'user',
        'bench.appended', 'target-' || :i::int, 'thing', NULL, 'compliance-scanner', jsonb_build_object('n', :i::int, 'note', 'bench'),
        '127.0.0.1', 'wrk', now())
RETURNING id \gset
SELECT e.id, e.tenant_id, e.project_id, e.actor_id, e.actor_name, e.actor_type, e."action", e.target_id, e.target_type,
       e.target_name, e.product, e.metadata, e.source_ip, e.user_agent, e.created_at
FROM audit_events e
WHERE e.id = :id
LIMIT 1;
