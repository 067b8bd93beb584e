using TenantRegistry.Tenants;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// Everything verify needs about one key, as last confirmed by the store. A product key carries its tenant's
/// entitlement to the product (null when there is none); an entitlement change forgets the tenant's verdicts, and its
/// expiry is checked against the clock, so neither waits for a re-read.
/// </summary>
public sealed record CachedKey(
    Guid KeyId, Guid TenantId, byte[] SecretHash, string? Product, IReadOnlyList<string> Scopes, bool Revoked,
    EntitlementStanding? Entitlement, DateTimeOffset ConfirmedAt);

/// <summary>The tenant state that decides whether its keys work (read by Tenants/TenantRules), as last confirmed by the store.</summary>
public sealed record CachedTenant(TenantStanding Standing, DateTimeOffset ConfirmedAt);
