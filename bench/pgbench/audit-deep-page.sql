-- GET /v1/audit?limit=50&cursor=: a page behind a cursor as linq2db sends it (AuditLog.ListAsync asks for limit + 1 rows).
SELECT e.id, e.tenant_id, e.project_id, e.actor_id, e.actor_name, e.actor_type, e."action", e.target_id, e.target_type,
       e.target_name, e.product, e.metadata, e.source_ip, e.user_agent, e.created_at
FROM audit_events e
WHERE e.id < :cursor
ORDER BY e.id DESC
LIMIT :limit;
