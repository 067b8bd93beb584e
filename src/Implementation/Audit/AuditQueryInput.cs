namespace TenantRegistry.Audit;

/// <summary>
/// Checks the list parameters the generated binding cannot: the limit's range (the spec's minimum and maximum are not
/// enforced by generated attributes) and the order of since and until. What every parameter meets (no NUL, plain
/// decimal integers, exact names) is Input/ParameterBinder's.
/// </summary>
internal static class AuditQueryInput
{
    public static string? Problem(AuditQuery query) => query switch
    {
        { Limit: < 1 or > AuditQuery.MaxLimit } => $"limit must be between 1 and {AuditQuery.MaxLimit}",
        { Since: { } since, Until: { } until } when since > until => "since must not be later than until",
        _ => null,
    };
}
