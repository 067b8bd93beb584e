using System.Text.RegularExpressions;
using TenantRegistry.Errors;
using TenantRegistry.Generated;

namespace TenantRegistry.Tenants;

/// <summary>
/// Checks the generated DTOs' annotations cannot express: blank names, bounded free-text fields, contract dates.
/// Returns the problem in wire terms, or null when the input is acceptable.
/// </summary>
internal static partial class TenantInput
{
    public const int MaxTextLength = 255;
    public const int MaxReasonLength = 1024;

    public static string? Problem(TenantCreate body) =>
        !SlugPattern().IsMatch(body.Slug) ? "slug does not match the required pattern"
        : string.IsNullOrWhiteSpace(body.Name) ? "name must not be blank"
        : TextProblem("plan", body.Plan) ?? TextProblem("sales_owner", body.Sales_owner);

    public static string? Problem(TenantActivate? body) => body switch
    {
        null => null,
        { Contract_start: { } start, Contract_end: { } end } when end < start => WireMessages.ContractEndsBeforeStart,
        _ => TextProblem("plan", body.Plan) ?? TextProblem("erp_customer_id", body.Erp_customer_id),
    };

    /// <summary>The reason given to cancel or archive a tenant.</summary>
    public static string? Problem(string? reason) =>
        reason is { Length: > MaxReasonLength } ? $"reason is longer than {MaxReasonLength} characters" : null;

    /// <summary>The spec's slug pattern; checked here too because the generated annotation lets an empty string pass.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$")]
    private static partial Regex SlugPattern();

    private static string? TextProblem(string field, string? value) => value switch
    {
        null => null,
        _ when string.IsNullOrWhiteSpace(value) => $"{field} must not be blank",
        { Length: > MaxTextLength } => $"{field} is longer than {MaxTextLength} characters",
        _ => null,
    };
}
