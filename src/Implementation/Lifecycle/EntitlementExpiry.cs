using LinqToDB;
using TenantRegistry.Audit;
using TenantRegistry.Store;

namespace TenantRegistry.Lifecycle;

/// <summary>
/// Disables an entitlement whose expires_at has passed: a conditional UPDATE and the `entitlement.expired` event in
/// one transaction, so it happens once however many sweeps race for it. The row stays, so the tenant's entitlement
/// list still shows it and the one-trial-per-product rule still counts it.
/// </summary>
public sealed class EntitlementExpiry(RegistryDb db, AuditTrail audit)
{
    /// <returns>Whether this call disabled the entitlement; false when it was not (or no longer) due.</returns>
    public async Task<bool> ExpireAsync(DueEntitlement entitlement, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var disabled = await db.Entitlements
            .Where(e => e.TenantId == entitlement.TenantId && e.Product == entitlement.Product && e.Enabled && e.ExpiresAt <= now)
            .Set(e => e.Enabled, false)
            .Set(e => e.UpdatedAt, now)
            .UpdateAsync(cancellationToken);
        if (disabled == 0)
        {
            return false;
        }

        var expired = AuditTrail.TenantEvent("entitlement.expired", entitlement.TenantId, entitlement.TenantSlug, now, RequestOrigin.System,
            new { expires_at = entitlement.ExpiresAt });
        expired.Product = entitlement.Product;
        await audit.RecordAsync(db, expired, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
