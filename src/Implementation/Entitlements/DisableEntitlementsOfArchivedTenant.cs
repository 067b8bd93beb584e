using LinqToDB;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.Entitlements;

/// <summary>An archived tenant may use no product: its entitlements are disabled in the archiving transaction; the rows stay.</summary>
internal sealed class DisableEntitlementsOfArchivedTenant : IChangeHandler<TenantArchived>
{
    public Task HandleAsync(TenantArchived happened, Change change) =>
        change.Db.Entitlements
            .Where(e => e.TenantId == happened.TenantId && e.Enabled)
            .Set(e => e.Enabled, false)
            .Set(e => e.UpdatedAt, change.Now)
            .UpdateAsync(change.CancellationToken);
}
