namespace TenantRegistry.ApiKeys;

/// <summary>A validated request to issue a key.</summary>
public sealed record NewApiKey(Guid TenantId, string Name, string? Product, IReadOnlyList<string> Scopes, string? CreatedBy,
    DateTimeOffset? ExpiresAt = null);
