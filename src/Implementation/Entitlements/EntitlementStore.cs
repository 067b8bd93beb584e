using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.Entitlements;

public sealed class EntitlementStore(RegistryDb db, TenantStore tenants)
{
    /// <returns>Every entitlement of the tenant, disabled and expired ones included, ordered by product;
    /// null when there is no such tenant.</returns>
    public async Task<List<EntitlementRow>?> ListAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (!await tenants.ExistsAsync(tenantId, cancellationToken))
        {
            return null;
        }

        return await db.Entitlements
            .Where(e => e.TenantId == tenantId)
            .OrderBy(e => e.Product)
            .ToListAsync(cancellationToken);
    }
}
