using TenantRegistry.Security;

namespace TenantRegistry.ApiKeys;

/// <summary>Who a verify counts against, for its rate limit and its guess budget.</summary>
internal static class VerifyCaller
{
    /// <summary>
    /// The token's client (so one noisy product cannot use up another's budget behind the same proxy), else the
    /// remote address (after trusted forwarded headers).
    /// </summary>
    public static string Of(HttpContext context) =>
        context.RequestServices.GetRequiredService<Caller>().Identity is { IsAuthenticated: true, RecordedBy: { } client }
            ? $"client:{client}"
            : context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
