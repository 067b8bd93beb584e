namespace TenantRegistry.Audit;

/// <summary>
/// Checks the list parameters the generated binding cannot: the limit's range (the spec's minimum and maximum are not
/// enforced by generated attributes), the order of since and until, and filters no stored event could hold.
/// </summary>
internal static class AuditQueryInput
{
    public static string? Problem(AuditQuery query) => query switch
    {
        { Limit: < 1 or > AuditQuery.MaxLimit } => $"limit must be between 1 and {AuditQuery.MaxLimit}",
        { Since: { } since, Until: { } until } when since > until => "since must not be later than until",
        _ when AuditAppendInput.HoldsNul(query.Product) => "product must not contain NUL (\\u0000) characters",
        _ when AuditAppendInput.HoldsNul(query.ActorId) => "actor_id must not contain NUL (\\u0000) characters",
        _ when AuditAppendInput.HoldsNul(query.Action) => "action must not contain NUL (\\u0000) characters",
        _ => null,
    };
}
