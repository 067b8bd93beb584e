using System.Runtime.CompilerServices;
using TenantRegistry.Tenants;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// Everything verify needs about one key, as last confirmed by the store. A product key carries its tenant's
/// entitlement to the product (null when there is none); an entitlement change forgets the tenant's verdicts.
/// </summary>
/// <remarks>
/// One object per key, since the cache holds up to <see cref="ApiKeyOptions.CacheMaxKeys"/> of them: the secret's
/// hash is inline (not an array object of its own, 56 bytes), times are UTC ticks (8 bytes instead of 16, or 24 for a
/// nullable one), keys with the same scopes share one array (<see cref="VerdictRows.ScopesOf"/>), product and status
/// strings are interned. Measured with 100,000 keys warm-loaded from SQLite: gen2 after the warm-up 41.6 MB instead of
/// 49.8 MB (docs/performance.md#memory). The key's expiry and the entitlement's travel with the entry, so an expired
/// key or entitlement fails on every instance with no store trip.
/// </remarks>
public sealed class CachedKey
{
    private const long NoExpiry = long.MaxValue;

    private readonly SecretDigest secretHash;
    private readonly long expiresAtUtcTicks;
    private readonly long confirmedAtUtcTicks;

    public CachedKey(Guid keyId, Guid tenantId, ReadOnlySpan<byte> secretHash, string? product, string[] scopes, bool revoked,
        DateTimeOffset? expiresAt, EntitlementStanding? entitlement, DateTimeOffset confirmedAt)
    {
        if (secretHash.Length != SecretDigest.Length)
        {
            throw new ArgumentException($"A key's secret hash is {SecretDigest.Length} bytes (SHA-256).", nameof(secretHash));
        }

        KeyId = keyId;
        TenantId = tenantId;
        secretHash.CopyTo(this.secretHash);
        Product = product;
        Scopes = scopes;
        Revoked = revoked;
        expiresAtUtcTicks = expiresAt?.UtcTicks ?? NoExpiry;
        Entitlement = entitlement;
        confirmedAtUtcTicks = confirmedAt.UtcTicks;
    }

    public Guid KeyId { get; }

    public Guid TenantId { get; }

    public ReadOnlySpan<byte> SecretHash => secretHash;

    public string? Product { get; }

    /// <summary>Shared with other entries: never change it.</summary>
    public string[] Scopes { get; }

    public bool Revoked { get; }

    public DateTimeOffset? ExpiresAt => expiresAtUtcTicks == NoExpiry ? null : new DateTimeOffset(expiresAtUtcTicks, TimeSpan.Zero);

    public EntitlementStanding? Entitlement { get; }

    public DateTimeOffset ConfirmedAt => new(confirmedAtUtcTicks, TimeSpan.Zero);

    /// <summary>A SHA-256 digest held inline.</summary>
    [InlineArray(Length)]
    private struct SecretDigest
    {
        public const int Length = 32;

        private byte element;
    }
}

/// <summary>The tenant state that decides whether its keys work (read by Tenants/TenantRules), as last confirmed by the store.</summary>
public sealed record CachedTenant(TenantStanding Standing, DateTimeOffset ConfirmedAt);
