using TenantRegistry.Tenants;

namespace TenantRegistry.ApiKeys;

/// <summary>Everything verify needs about one key, as last confirmed by the store.</summary>
public sealed record CachedKey(
    Guid KeyId, Guid TenantId, byte[] SecretHash, string? Product, IReadOnlyList<string> Scopes, bool Revoked, DateTimeOffset ConfirmedAt);

/// <summary>The tenant state that decides whether its keys work (read by Tenants/TenantRules), as last confirmed by the store.</summary>
public sealed record CachedTenant(TenantStanding Standing, DateTimeOffset ConfirmedAt);
