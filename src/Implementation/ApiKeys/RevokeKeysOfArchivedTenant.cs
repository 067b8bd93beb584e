using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.ApiKeys;

/// <summary>Archiving a tenant revokes every live key of it, in the archiving transaction, each with its `api_key.revoked` event.</summary>
internal sealed class RevokeKeysOfArchivedTenant : IChangeHandler<TenantArchived>
{
    public async Task HandleAsync(TenantArchived happened, Change change)
    {
        var live = await change.Db.ApiKeys.Where(k => k.TenantId == happened.TenantId && k.RevokedAt == null).ToListAsync(change.CancellationToken);
        await change.Db.ApiKeys
            .Where(k => k.TenantId == happened.TenantId && k.RevokedAt == null)
            .Set(k => k.RevokedAt, change.Now)
            .UpdateAsync(change.CancellationToken);
        foreach (var key in live)
        {
            ApiKeyStore.RecordRevocation(change, key);
        }
    }
}
