using TenantRegistry.Errors;
using TenantRegistry.Generated;
using TenantRegistry.Json;

namespace TenantRegistry.Audit;

/// <summary>
/// Checks an append beyond what the generated DTO enforces (uuids, types, a present action): a non-blank action,
/// bounded strings, bounded metadata. Returns the problem in wire terms, or null when the event may be stored.
/// </summary>
internal static class AuditAppendInput
{
    /// <summary>Counted in Unicode characters (code points), the way PostgreSQL's char_length counts.</summary>
    public const int MaxTextLength = 1024;

    /// <summary>The registry writes these itself; an appended one would forge its history (docs/security.md).</summary>
    public static readonly string[] ReservedNamespaces = ["tenant.", "api_key.", "catalog.", "entitlement."];

    public static string? Problem(AuditAppend body) =>
        string.IsNullOrWhiteSpace(body.Action) ? "action must not be blank"
        : ReservedNamespaceOf(body.Action) is { } reserved ? WireMessages.ReservedAuditNamespace(reserved)
        : TextProblem("action", body.Action)
            ?? TextProblem("actor_id", body.Actor_id)
            ?? TextProblem("actor_name", body.Actor_name)
            ?? TextProblem("actor_type", body.Actor_type)
            ?? TextProblem("target_id", body.Target_id)
            ?? TextProblem("target_type", body.Target_type)
            ?? TextProblem("target_name", body.Target_name)
            ?? TextProblem("product", body.Product)
            ?? JsonObjectBounds.Problem(body.Metadata, "metadata");

    // Leading blanks and letter case are ignored, so " Tenant.activated" cannot pass for the registry's own event either.
    private static string? ReservedNamespaceOf(string action) =>
        ReservedNamespaces.FirstOrDefault(reserved => action.TrimStart().StartsWith(reserved, StringComparison.OrdinalIgnoreCase));

    private static string? TextProblem(string field, string? value) => value switch
    {
        null => null,
        _ when value.EnumerateRunes().Count() > MaxTextLength => $"{field} is longer than {MaxTextLength} characters",
        _ => null,
    };
}
