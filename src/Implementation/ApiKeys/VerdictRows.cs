using System.Collections.Concurrent;
using System.Text.Json;
using LinqToDB;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.ApiKeys;

/// <summary>What the store holds about a key that verify needs: the key, its tenant's standing and, for a product
/// key, the tenant's entitlement to the product. One query shape for the read of one key (<see cref="KeyLookup"/>) and
/// for the warm-up's read of many (<see cref="VerdictWarmup"/>), so both cache the same thing.</summary>
public sealed class VerdictRow
{
    public required string Prefix { get; init; }
    public required Guid KeyId { get; init; }
    public required Guid TenantId { get; init; }
    public required byte[] SecretHash { get; init; }
    public string? Product { get; init; }
    public required string Scopes { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset? TrialEndsAt { get; init; }
    public DateOnly? FreezeScheduledOn { get; init; }
    public bool? EntitlementEnabled { get; init; }
    public DateTimeOffset? EntitlementExpiresAt { get; init; }
}

public static class VerdictRows
{
    /// <summary>Every key joined with its tenant and, when the key has a product, the tenant's entitlement to it.</summary>
    public static IQueryable<VerdictRow> Of(RegistryDb db) =>
        from key in db.ApiKeys
        join tenant in db.Tenants on key.TenantId equals tenant.Id
        from grant in db.Entitlements.Where(e => e.TenantId == key.TenantId && e.Product == key.Product).DefaultIfEmpty()
        select new VerdictRow
        {
            Prefix = key.Prefix, KeyId = key.Id, TenantId = key.TenantId, SecretHash = key.SecretHash, Product = key.Product,
            Scopes = key.Scopes, RevokedAt = key.RevokedAt, ExpiresAt = key.ExpiresAt, LastUsedAt = key.LastUsedAt,
            CreatedAt = key.CreatedAt, Status = tenant.Status, TrialEndsAt = tenant.TrialEndsAt,
            FreezeScheduledOn = tenant.FreezeScheduledOn, EntitlementEnabled = (bool?)grant.Enabled,
            EntitlementExpiresAt = grant.ExpiresAt,
        };

    /// <summary>The cache's entries for a row the store confirmed at <paramref name="now"/>.</summary>
    public static (CachedKey Key, CachedTenant Tenant) ToCached(VerdictRow row, DateTimeOffset now)
    {
        var entitlement = row.EntitlementEnabled is { } enabled ? new EntitlementStanding(enabled, row.EntitlementExpiresAt) : null;
        return (new CachedKey(row.KeyId, row.TenantId, row.SecretHash, row.Product is { } product ? string.Intern(product) : null,
                ScopesOf(row.Scopes), row.RevokedAt is not null, row.ExpiresAt, entitlement, now),
            new CachedTenant(new TenantStanding(string.Intern(row.Status), row.TrialEndsAt, row.FreezeScheduledOn), now));
    }

    /// <summary>
    /// The scopes of a key's stored JSON list, one shared array per distinct list: most keys carry one of a few lists,
    /// so 100,000 cached keys need a handful of arrays, not 100,000 arrays and twice as many strings (an array and two
    /// strings, about 136 bytes, for a key with two short scopes). At most <see cref="MaxSharedScopeLists"/> lists are kept; past that a key gets its own.
    /// </summary>
    public static string[] ScopesOf(string json)
    {
        if (SharedScopeLists.TryGetValue(json, out var shared))
        {
            return shared;
        }

        var scopes = JsonSerializer.Deserialize<string[]>(json) is { Length: > 0 } some ? Array.ConvertAll(some, string.Intern) : [];
        return SharedScopeLists.Count < MaxSharedScopeLists ? SharedScopeLists.GetOrAdd(json, scopes) : scopes;
    }

    private const int MaxSharedScopeLists = 4096;

    private static readonly ConcurrentDictionary<string, string[]> SharedScopeLists = new(StringComparer.Ordinal);
}
