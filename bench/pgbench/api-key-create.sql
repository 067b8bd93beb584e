-- POST /v1/api-keys: what ApiKeyStore.IssueAsync sends: read the tenant, then the key and its audit event in one
-- transaction. The prefix is random like a real one (the column is unique).
\set n random(1, :tenants)
SELECT t.id, t.slug, t.name, t.status, t.kind, t.plan, t.erp_customer_id, t.stripe_cust_id, t.sales_owner,
       t.trial_ends_at, t.contract_start, t.contract_end, t.freeze_scheduled_on, t.created_at, t.updated_at
FROM tenants t
WHERE t.id = ('00000000-0000-4000-8000-' || lpad(to_hex(:n::int), 12, '0'))::uuid
LIMIT 1;
BEGIN;
INSERT INTO api_keys (id, tenant_id, name, product, scopes, "prefix", secret_hash, created_by, last_used_at, revoked_at, created_at)
VALUES (gen_random_uuid(), ('00000000-0000-4000-8000-' || lpad(to_hex(:n::int), 12, '0'))::uuid, 'bench key', NULL,
        '["read"]', 'trk_' || left(md5(random()::text), 12), sha256(random()::text::bytea), 'bench', NULL, NULL, now());
INSERT INTO audit_events (tenant_id, project_id, actor_id, actor_name, actor_type, "action", target_id, target_type,
                          target_name, product, metadata, source_ip, user_agent, created_at)
VALUES (('00000000-0000-4000-8000-' || lpad(to_hex(:n::int), 12, '0'))::uuid, NULL, 'bench', NULL, 'api', 'api_key.created',
        gen_random_uuid()::text, 'api_key', 'bench key', NULL,
        '{"id": "x", "name": "bench key", "prefix": "trk_x", "scopes": ["read"]}', '127.0.0.1', 'wrk', now())
RETURNING id;
COMMIT;
