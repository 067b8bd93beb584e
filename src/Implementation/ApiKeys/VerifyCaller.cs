using System.Threading.RateLimiting;
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

    /// <summary>The period a caller's budget fills up in.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>A token bucket of <paramref name="perSecond"/> a second for <paramref name="caller"/>, bursts of one
    /// second's worth, nothing queued.</summary>
    public static RateLimitPartition<string> Budget(string caller, int perSecond) =>
        RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = Period,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
