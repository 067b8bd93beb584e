using System.Text.Json;
using TenantRegistry.Generated;

namespace TenantRegistry.Entitlements;

internal static class EntitlementResponses
{
    public static TenantProduct ToResponse(this EntitlementRow row) => new()
    {
        Tenant_id = row.TenantId,
        Product = row.Product,
        Enabled = row.Enabled,
        // The store only accepts JSON objects here (a CHECK constraint), so this is always an object on the wire.
        Config = JsonSerializer.Deserialize<JsonElement>(row.Config),
        Expires_at = row.ExpiresAt,
        Created_at = row.CreatedAt,
        Updated_at = row.UpdatedAt,
    };
}
