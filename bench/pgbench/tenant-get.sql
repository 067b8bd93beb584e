-- GET /v1/tenants/{id}: the query linq2db sends (TenantStore.FindAsync), for a random seeded tenant.
\set n random(1, :tenants)
SELECT t.id, t.slug, t.name, t.status, t.kind, t.plan, t.erp_customer_id, t.stripe_cust_id, t.sales_owner,
       t.trial_ends_at, t.contract_start, t.contract_end, t.freeze_scheduled_on, t.created_at, t.updated_at
FROM tenants t
WHERE t.id = ('00000000-0000-4000-8000-' || lpad(to_hex(:n::int), 12, '0'))::uuid
LIMIT 1;
