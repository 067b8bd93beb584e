namespace TenantRegistry.Audit;

/// <summary>What an event is about: a tenant, a key or whatever else a change touches.</summary>
public sealed record AuditTarget(string Type, string Id, string? Name)
{
    public static AuditTarget Tenant(Guid tenantId, string slug) => new("tenant", tenantId.ToString("D"), slug);
}

/// <summary>
/// One audit event as a change states it. Who made the change and when are not part of it: the unit of change
/// (Store/UnitOfChange) stamps them, the same for every event of one change. <see cref="ActorId"/> is only for an
/// identity the request itself names (an API key's created_by).
/// </summary>
public sealed record AuditEntry(string Action, Guid TenantId, AuditTarget Target, object? Metadata = null, string? Product = null, string? ActorId = null)
{
    public static AuditEntry ForTenant(string action, Guid tenantId, string slug, object? metadata = null, string? product = null) =>
        new(action, tenantId, AuditTarget.Tenant(tenantId, slug), metadata, product);
}
