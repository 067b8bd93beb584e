using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.ApiKeys;

/// <summary>Reads what verify needs about one key and its tenant in a single query.</summary>
public sealed class KeyLookup(DataOptions<RegistryDb> dataOptions, TimeProvider clock)
{
    public async ValueTask<(CachedKey Key, CachedTenant Tenant)?> FindAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var db = new RegistryDb(dataOptions);
        var found = await (
            from key in db.ApiKeys
            join tenant in db.Tenants on key.TenantId equals tenant.Id
            from grant in db.Entitlements.Where(e => e.TenantId == key.TenantId && e.Product == key.Product).DefaultIfEmpty()
            where key.Prefix == prefix
            select new
            {
                key.Id, key.TenantId, key.SecretHash, key.Product, key.Scopes, key.RevokedAt,
                tenant.Status, tenant.TrialEndsAt, tenant.FreezeScheduledOn,
                EntitlementEnabled = (bool?)grant.Enabled, EntitlementExpiresAt = grant.ExpiresAt,
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var scopes = JsonSerializer.Deserialize<List<string>>(found.Scopes) ?? [];
        var entitlement = found.EntitlementEnabled is { } enabled ? new EntitlementStanding(enabled, found.EntitlementExpiresAt) : null;
        return (new CachedKey(found.Id, found.TenantId, found.SecretHash, found.Product, scopes, found.RevokedAt is not null, entitlement, now),
            new CachedTenant(new TenantStanding(found.Status, found.TrialEndsAt, found.FreezeScheduledOn), now));
    }
}
