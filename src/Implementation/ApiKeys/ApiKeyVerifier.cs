using System.Security.Cryptography;
using TenantRegistry.Generated;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// The hottest path of the platform. A malformed or mistyped key is refused without touching the store; a known key
/// is answered from <see cref="VerdictCache"/>; a key that cannot exist (no issuer tag, not a known untagged key) is
/// refused without touching the store; the store is read only for a key that may exist and has nothing fresh cached,
/// and concurrent misses for one key share that read.
/// </summary>
public sealed class ApiKeyVerifier(VerdictCache cache, KeyIssuer issuer, KeyLookup lookup, KeyUsage usage, TimeProvider clock)
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
        if (cached && cachedKey.ExpiresAt <= clock.GetUtcNow())
        {
            // Expiry is final (the API never moves it later), so an expired entry needs no store trip, stale or not.
            return Invalid;
        }

        if (!cached || !cache.IsFresh(cachedKey, cachedTenant))
        {
            try
            {
                // A cached key existed when it was read; only a key never seen here may be forged.
                if (!cached && !await issuer.MayExistAsync(prefix, cancellationToken))
                {
                    return Invalid;
                }

                if (await lookup.FindAsync(prefix, cancellationToken) is not { } found)
                {
                    return Invalid;
                }

                (cachedKey, cachedTenant) = found;
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
            && !(cachedKey.ExpiresAt <= now)
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
