using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.Entitlements;

public sealed class EntitlementStore(RegistryDb db)
{
    /// <returns>Every entitlement of the tenant, disabled and expired ones included, ordered by product.</returns>
    public async Task<Outcome<List<EntitlementRow>>> ListAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (!await db.Tenants.AnyAsync(t => t.Id == tenantId, cancellationToken))
        {
            return TenantStore.NotFound;
        }

        return await db.Entitlements
            .Where(e => e.TenantId == tenantId)
            .OrderBy(e => e.Product)
            .ToListAsync(cancellationToken);
    }
}
