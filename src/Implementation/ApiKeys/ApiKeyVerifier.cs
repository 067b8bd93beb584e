using System.Security.Cryptography;
using TenantRegistry.Generated;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// The hottest path of the platform. A malformed or mistyped key is refused without touching the store; a known key
/// is answered from <see cref="VerdictCache"/>; the store is read only when the cache has nothing fresh.
/// </summary>
public sealed class ApiKeyVerifier(VerdictCache cache, KeyLookup lookup, KeyUsage usage, StorePipelines pipelines, TimeProvider clock)
{
    public static APIKeyVerify Invalid => new() { Valid = false };

    public async ValueTask<APIKeyVerify> VerifyAsync(string? key, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.IsWellFormed(key))
        {
            return Invalid;
        }

        var prefix = ApiKeyFormat.PrefixOf(key!);
        var cached = cache.TryGet(prefix, out var cachedKey, out var cachedTenant);
        if (!cached || !cache.IsFresh(cachedKey, cachedTenant))
        {
            var readBegan = cache.Generation;
            try
            {
                if (await pipelines.HotRead.ExecuteAsync(lookup.FindAsync, prefix, cancellationToken) is not { } found)
                {
                    return Invalid;
                }

                (cachedKey, cachedTenant) = found;
                cache.Store(prefix, cachedKey, cachedTenant, readBegan);
            }
            catch (Exception exception) when (StoreFailures.IsOutage(exception) && cached && cache.MayServeStale(cachedKey, cachedTenant))
            {
                // The store cannot be asked; what it last said about this key stands for ServeStaleFor.
            }
        }

        return Decide(key!, cachedKey, cachedTenant);
    }

    private APIKeyVerify Decide(string key, CachedKey cachedKey, CachedTenant tenant)
    {
        var now = clock.GetUtcNow();
        var usable = CryptographicOperations.FixedTimeEquals(ApiKeyFormat.Hash(key), cachedKey.SecretHash)
            && !cachedKey.Revoked
            && TenantRules.MayUsePlatform(tenant.Standing, now);
        if (!usable)
        {
            return Invalid;
        }

        usage.Record(cachedKey.KeyId, now);
        return new APIKeyVerify
        {
            Valid = true,
            Tenant_id = cachedKey.TenantId,
            Product = cachedKey.Product,
            Scopes = [.. cachedKey.Scopes],
        };
    }
}
