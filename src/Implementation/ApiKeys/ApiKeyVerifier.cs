using System.Security.Cryptography;
using TenantRegistry.Generated;
using TenantRegistry.Store;
using TenantRegistry.Telemetry;
using TenantRegistry.Tenants;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// The hottest path of the platform. A malformed or mistyped key is refused without touching the store; a known key
/// is answered from <see cref="VerdictCache"/>; a key that cannot exist (no issuer tag, not a known untagged key) is
/// refused without touching the store; the store is read only for a key that may exist and has nothing fresh cached,
/// and concurrent misses for one key share that read.
/// </summary>
public sealed class ApiKeyVerifier(VerdictCache cache, KeyIssuer issuer, KeyLookup lookup, KeyUsage usage, TimeProvider clock,
    RegistryMetrics metrics, GuessThrottle guesses)
{
    public static APIKeyVerify Invalid => new() { Valid = false };

    public async ValueTask<APIKeyVerify> VerifyAsync(string? key, CancellationToken cancellationToken)
    {
        var verdict = await JudgeAsync(key, cancellationToken);
        if (verdict.Outcome is VerifyOutcome.Unknown or VerifyOutcome.Malformed)
        {
            await guesses.AfterGuessAsync();
        }

        return verdict.Answer;
    }

    private async ValueTask<Verdict> JudgeAsync(string? key, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.IsWellFormed(key))
        {
            return Refused(VerifyCache.NotAsked, VerifyOutcome.Malformed);
        }

        var prefix = ApiKeyFormat.PrefixOf(key!);
        var cached = cache.TryGet(prefix, out var cachedKey, out var cachedTenant);
        if (cached && cachedKey.ExpiresAt <= clock.GetUtcNow())
        {
            // Expiry is final (the API never moves it later), so an expired entry needs no store trip, stale or not.
            metrics.VerdictCacheHit();
            return Refused(VerifyCache.Hit, VerifyOutcome.Expired);
        }

        if (cached && cache.IsFresh(cachedKey, cachedTenant))
        {
            metrics.VerdictCacheHit();
            return Decide(key!, cachedKey, cachedTenant, VerifyCache.Hit);
        }

        metrics.VerdictCacheMiss();
        try
        {
            // A cached key existed when it was read; only a key never seen here may be forged.
            if (!cached && !await issuer.MayExistAsync(prefix, cancellationToken))
            {
                return Refused(VerifyCache.Miss, VerifyOutcome.Unknown);
            }

            if (await ReadStoreAsync(prefix, cancellationToken) is not { } found)
            {
                return Refused(VerifyCache.Miss, VerifyOutcome.Unknown);
            }

            (cachedKey, cachedTenant) = found;
            return Decide(key!, cachedKey, cachedTenant, VerifyCache.Miss);
        }
        catch (Exception exception) when (StoreFailures.IsOutage(exception) && cached && cache.MayServeStale(cachedKey, cachedTenant))
        {
            // The store cannot be asked; what it last said about this key stands for ServeStaleFor.
            return Decide(key!, cachedKey, cachedTenant, VerifyCache.Stale);
        }
        catch (Exception exception) when (StoreFailures.IsOutage(exception))
        {
            RecordOutcome(VerifyCache.Miss, VerifyOutcome.StoreUnavailable);
            throw;
        }
    }

    /// <summary>Reads through <see cref="KeyLookup"/>, which shares concurrent reads of one key and stores what it found.</summary>
    private async Task<(CachedKey, CachedTenant)?> ReadStoreAsync(string prefix, CancellationToken cancellationToken)
    {
        // Ended before the verdict is decided, so the outcome tags land on the request's span, not on this one.
        using var storeRead = RegistryTracing.StartVerifyStoreRead();
        return await lookup.FindAsync(prefix, cancellationToken);
    }

    /// <summary>A body that cannot be read is a malformed key (<see cref="InvalidBodyMeansInvalidKeyAttribute"/>).</summary>
    public APIKeyVerify RefuseUnreadableBody() => Refused(VerifyCache.NotAsked, VerifyOutcome.Malformed).Answer;

    private Verdict Decide(string key, CachedKey cachedKey, CachedTenant tenant, string cacheAnswer)
    {
        var now = clock.GetUtcNow();
        var outcome = !CryptographicOperations.FixedTimeEquals(ApiKeyFormat.Hash(key), cachedKey.SecretHash) ? VerifyOutcome.Unknown
            : cachedKey.Revoked ? VerifyOutcome.Revoked
            : cachedKey.ExpiresAt <= now ? VerifyOutcome.Expired
            : !TenantRules.MayUsePlatform(tenant.Standing, now)
                // Why the tenant may not, for the metrics: a trial past its end, else shut off or due for its freeze.
                ? TenantRules.IsTrialOver(tenant.Standing, now) ? VerifyOutcome.TrialEnded : VerifyOutcome.TenantShutOff
            : cachedKey.Product is not null && !TenantRules.MayUseProduct(cachedKey.Entitlement, now) ? VerifyOutcome.NotEntitled
            : VerifyOutcome.Valid;
        if (outcome != VerifyOutcome.Valid)
        {
            return Refused(cacheAnswer, outcome);
        }

        RecordOutcome(cacheAnswer, outcome);

        usage.Record(cachedKey.KeyId, now);
        return new Verdict(new APIKeyVerify
        {
            Valid = true,
            Tenant_id = cachedKey.TenantId,
            Product = cachedKey.Product,
            Scopes = [.. cachedKey.Scopes],
        }, outcome);
    }

    private Verdict Refused(string cacheAnswer, string outcome)
    {
        RecordOutcome(cacheAnswer, outcome);
        return new Verdict(Invalid, outcome);
    }

    private void RecordOutcome(string cacheAnswer, string outcome)
    {
        metrics.KeyVerified(outcome);
        RegistryTracing.TagVerify(cacheAnswer, outcome);
    }

    /// <summary>The answer, and the outcome behind it (one of <see cref="VerifyOutcome"/>).</summary>
    private readonly record struct Verdict(APIKeyVerify Answer, string Outcome);

    /// <summary>How the verdict cache took part, as the request span shows it.</summary>
    private static class VerifyCache
    {
        public const string NotAsked = "not_asked";
        public const string Hit = "hit";
        public const string Miss = "miss";
        public const string Stale = "stale";
    }
}
