using System.Text.Json;
using LinqToDB;
using TenantRegistry.Audit;
using TenantRegistry.Catalog;
using TenantRegistry.Errors;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.Entitlements;

/// <summary>
/// Grants, changes and ends entitlements: the admin's way to give a tenant a product after sales followed up. The row
/// is written in a unit of change with its `entitlement.granted` or `entitlement.changed` event, and the tenant's
/// verdicts are forgotten on every instance, because keys issued for the product verify only while it is usable.
/// </summary>
public sealed class EntitlementGrants(UnitOfChange unit, ProductCatalog catalog)
{
    public Task<Outcome<GrantedEntitlement>> PutAsync(EntitlementGrant grant, CancellationToken cancellationToken) =>
        unit.RunAsync<GrantedEntitlement>(async change =>
        {
            if (catalog.Find(grant.Product) is null)
            {
                return ProductCatalog.NotInCatalog;
            }

            if (await TenantStore.ReadLockedAsync(change, grant.TenantId) is not { } tenant)
            {
                return TenantStore.NotFound;
            }

            if (tenant.Status == TenantStates.Archived)
            {
                return Refusal.InvalidState(WireMessages.ArchivedCannotBeEntitled);
            }

            var before = await change.Db.Entitlements
                .Where(e => e.TenantId == grant.TenantId && e.Product == grant.Product)
                .FirstOrNullAsync(change.CancellationToken);
            var after = new EntitlementRow
            {
                TenantId = grant.TenantId,
                Product = grant.Product,
                Enabled = grant.Enabled,
                Config = grant.Config,
                ExpiresAt = grant.ExpiresAt,
                CreatedAt = before?.CreatedAt ?? change.Now,
                UpdatedAt = change.Now,
            };
            if (before is null)
            {
                try
                {
                    await change.Db.InsertAsync(after, token: change.CancellationToken);
                }
                catch (Exception exception) when (StoreFailures.IsUniqueViolation(exception))
                {
                    // A parallel request (a trial, another grant) created the row first; the caller retries as a change.
                    return Refusal.Conflict(WireMessages.EntitlementChangedConcurrently);
                }
            }
            else
            {
                await change.Db.UpdateAsync(after, token: change.CancellationToken);
            }

            change.Record(AuditEntry.ForTenant(before is null ? "entitlement.granted" : "entitlement.changed", tenant.Id, tenant.Slug,
                new { before = before is null ? null : Describe(before), after = Describe(after) }, grant.Product));
            change.Affects(VerdictSubject.Tenant(tenant.Id));
            return new GrantedEntitlement(after, Created: before is null);
        }, cancellationToken);

    private static object Describe(EntitlementRow row) =>
        new { enabled = row.Enabled, config = JsonSerializer.Deserialize<JsonElement>(row.Config), expires_at = row.ExpiresAt };
}
