-- GET /v1/entitlements?tenant_id=: the two queries linq2db sends (EntitlementStore.ListAsync), for a random seeded tenant.
\set n random(1, :tenants)
SELECT EXISTS(SELECT * FROM tenants t WHERE t.id = ('00000000-0000-4000-8000-' || lpad(to_hex(:n::int), 12, '0'))::uuid);
SELECT e.tenant_id, e.product, e.enabled, e.config, e.expires_at, e.created_at, e.updated_at
FROM tenant_products e
WHERE e.tenant_id = ('00000000-0000-4000-8000-' || lpad(to_hex(:n::int), 12, '0'))::uuid
ORDER BY e.product;
