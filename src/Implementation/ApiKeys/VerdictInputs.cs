using TenantRegistry.Tenants;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// Everything verify needs about one key, as last confirmed by the store. A product key carries its tenant's
/// entitlement to the product (null when there is none); an entitlement change forgets the tenant's verdicts.
/// </summary>
/// <remarks>Kept small, since the cache holds up to <see cref="ApiKeyOptions.CacheMaxKeys"/> of them: scopes are an
/// array (one shared empty array for keys without scopes), product and status strings are interned.
/// The key's expiry and the entitlement's travel with the entry, so an expired key or entitlement fails on every
/// instance with no store trip.</remarks>
public sealed record CachedKey(
    Guid KeyId, Guid TenantId, byte[] SecretHash, string? Product, string[] Scopes, bool Revoked, DateTimeOffset? ExpiresAt,
    EntitlementStanding? Entitlement, DateTimeOffset ConfirmedAt);

/// <summary>The tenant state that decides whether its keys work (read by Tenants/TenantRules), as last confirmed by the store.</summary>
public sealed record CachedTenant(TenantStanding Standing, DateTimeOffset ConfirmedAt);
