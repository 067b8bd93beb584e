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
        if (!await TenantExists(db, tenantId, cancellationToken))
        {
            return TenantStore.NotFound;
        }

        return await EntitlementsOf(db, tenantId, cancellationToken);
    }

    /// <summary>
    /// GET /v1/entitlements' two reads, compiled once: written inline, each built its expression tree on every call
    /// (reflection for each operator) and linq2db compared that tree with its cache before it could run
    /// (Tenants/TenantStore's read of GET tenant, docs/performance.md).
    /// </summary>
    private static readonly Func<RegistryDb, Guid, CancellationToken, Task<bool>> TenantExists =
        CompiledQuery.Compile((RegistryDb db, Guid tenantId, CancellationToken cancellationToken) =>
            db.Tenants.AnyAsync(t => t.Id == tenantId, cancellationToken));

    private static readonly Func<RegistryDb, Guid, CancellationToken, Task<List<EntitlementRow>>> EntitlementsOf =
        CompiledQuery.Compile((RegistryDb db, Guid tenantId, CancellationToken cancellationToken) =>
            db.Entitlements.Where(e => e.TenantId == tenantId).OrderBy(e => e.Product).ToListAsync(cancellationToken));
}
