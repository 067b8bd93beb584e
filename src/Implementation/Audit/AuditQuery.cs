namespace TenantRegistry.Audit;

/// <summary>
/// One page request of GET /v1/audit: every filter that is set must match (AND), <see cref="Since"/> is inclusive,
/// <see cref="Until"/> exclusive, <see cref="Cursor"/> an exclusive upper bound on the id; newest first.
/// </summary>
public sealed record AuditQuery(
    Guid? TenantId,
    string? Product,
    string? ActorId,
    string? Action,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    int Limit,
    long? Cursor)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
}
