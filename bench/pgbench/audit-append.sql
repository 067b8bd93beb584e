-- POST /v1/audit: the insert linq2db sends (AuditTrail.AppendAsync), which returns the stored event itself, with the
-- body audit-append.lua sends.
\set n random(1, :tenants)
\set i random(1, 1000000)
INSERT INTO audit_events (tenant_id, project_id, actor_id, actor_name, actor_type, "action", target_id, target_type,
                          target_name, product, metadata, source_ip, user_agent, recorded_by, created_at)
VALUES (('00000000-0000-4000-8000-' || lpad(to_hex(:n::int), 12, '0'))::uuid, NULL, 'user-' || :i::int, 'Bench User', 'user',
        'bench.appended', 'target-' || :i::int, 'thing', NULL, 'compliance-scanner', jsonb_build_object('n', :i::int, 'note', 'bench'),
        '127.0.0.1', 'wrk', NULL, now())
RETURNING audit_events.id, audit_events.tenant_id, audit_events.project_id, audit_events.actor_id, audit_events.actor_name,
          audit_events.actor_type, audit_events."action", audit_events.target_id, audit_events.target_type,
          audit_events.target_name, audit_events.product, audit_events.metadata, audit_events.source_ip,
          audit_events.user_agent, audit_events.recorded_by, audit_events.created_at;
