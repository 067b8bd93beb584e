using LinqToDB;
using TenantRegistry.Audit;
using TenantRegistry.Store;

namespace TenantRegistry.Lifecycle;

/// <summary>
/// Disables an entitlement whose expires_at has passed: a conditional UPDATE and the `entitlement.expired` event in
/// one unit of change, so it happens once however many sweeps race for it. The row stays, so the tenant's
/// entitlement list still shows it and the one-trial-per-product rule still counts it.
/// </summary>
public sealed class EntitlementExpiry(UnitOfChange unit)
{
    private static readonly Refusal NotDue = Refusal.InvalidState("the entitlement is not (or no longer) due to expire");

    /// <returns>Whether this call disabled the entitlement; false when it was not (or no longer) due.</returns>
    public async Task<bool> ExpireAsync(DueEntitlement entitlement, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = await unit.RunAsync<DueEntitlement>(async change =>
        {
            var disabled = await change.Db.Entitlements
                .Where(e => e.TenantId == entitlement.TenantId && e.Product == entitlement.Product && e.Enabled && e.ExpiresAt <= now)
                .Set(e => e.Enabled, false)
                .Set(e => e.UpdatedAt, change.Now)
                .UpdateAsync(change.CancellationToken);
            if (disabled == 0)
            {
                return NotDue;
            }

            change.Record(AuditEntry.ForTenant("entitlement.expired", entitlement.TenantId, entitlement.TenantSlug,
                new { expires_at = entitlement.ExpiresAt }, entitlement.Product));
            change.Affects(VerdictSubject.Tenant(entitlement.TenantId));
            return entitlement;
        }, cancellationToken);
        return expired.Succeeded;
    }
}
