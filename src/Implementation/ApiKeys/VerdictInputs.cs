namespace TenantRegistry.ApiKeys;

/// <summary>Everything verify needs about one key, as last confirmed by the store.</summary>
public sealed record CachedKey(
    Guid KeyId, Guid TenantId, byte[] SecretHash, string? Product, IReadOnlyList<string> Scopes, bool Revoked, DateTimeOffset ConfirmedAt);

/// <summary>The tenant state that decides whether its keys work, as last confirmed by the store.</summary>
public sealed record CachedTenant(string Status, DateTimeOffset? TrialEndsAt, DateTimeOffset ConfirmedAt);
