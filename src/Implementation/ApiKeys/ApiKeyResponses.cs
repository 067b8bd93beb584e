using System.Text.Json;
using TenantRegistry.Generated;

namespace TenantRegistry.ApiKeys;

internal static class ApiKeyResponses
{
    public const string ShownOnceWarning = "Store this key now: it is shown only once and cannot be recovered.";

    /// <summary>The key as lists show it: the prefix, never the plaintext or its hash.</summary>
    public static APIKey ToResponse(this ApiKeyRow row) => new()
    {
        Id = row.Id,
        Tenant_id = row.TenantId,
        Product = row.Product,
        Name = row.Name,
        Scopes = JsonSerializer.Deserialize<List<string>>(row.Scopes) ?? [],
        Prefix = row.Prefix,
        Created_by = row.CreatedBy,
        Last_used_at = row.LastUsedAt,
        Revoked_at = row.RevokedAt,
        Created_at = row.CreatedAt,
        Expires_at = row.ExpiresAt,
        Rotated_from = row.RotatedFrom,
    };
}
