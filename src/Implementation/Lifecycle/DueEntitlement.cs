namespace TenantRegistry.Lifecycle;

/// <summary>An enabled entitlement found past its expiry, with the tenant's slug for the audit event.</summary>
public sealed record DueEntitlement(Guid TenantId, string TenantSlug, string Product, DateTimeOffset? ExpiresAt);
