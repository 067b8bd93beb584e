namespace TenantRegistry.Entitlements;

/// <summary>The state an admin gives a tenant's entitlement to one product (PUT /v1/entitlements/{tenant_id}/{product}).</summary>
public sealed record EntitlementGrant(Guid TenantId, string Product, bool Enabled, string Config, DateTimeOffset? ExpiresAt);

/// <summary>The entitlement as it now stands, and whether this grant created it (201) or changed it (200).</summary>
public sealed record GrantedEntitlement(EntitlementRow Entitlement, bool Created);
