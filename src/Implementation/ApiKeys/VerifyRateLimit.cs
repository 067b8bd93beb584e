using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using TenantRegistry.Errors;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// Verify is cheap, but not free, and a caller hammering it (a forged-key flood, a retry loop) must not take the
/// instance from everyone else: each caller gets a token bucket of <see cref="ApiKeyOptions.VerifyRateLimit"/>
/// requests per second (bursts of one second's worth). Over it: 429 with Retry-After and the Error body.
/// A caller is <see cref="VerifyCaller"/>'s; 0 or less turns the limit off.
/// </summary>
internal static class VerifyRateLimit
{
    public const string Policy = "verify";

    public static IServiceCollection AddVerifyRateLimit(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context =>
            {
                var perSecond = PerSecond(context);
                return perSecond <= 0
                    ? RateLimitPartition.GetNoLimiter(Policy)
                    : VerifyCaller.Budget(VerifyCaller.Of(context), perSecond);
            });
            limiter.OnRejected = (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : VerifyCaller.Period;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                var response = rejected.HttpContext.Response;
                // The writer clears the response first; a callback sets the header as the response starts.
                response.OnStarting(() =>
                {
                    response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                    return Task.CompletedTask;
                });
                var writer = rejected.HttpContext.RequestServices.GetRequiredService<ErrorBodyWriter>();
                return new ValueTask(writer.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                    $"more than {PerSecond(rejected.HttpContext)} verify requests per second from this caller; retry after {seconds} s"));
            };
        });
        return services;
    }

    private static int PerSecond(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<ApiKeyOptions>>().Value.VerifyRateLimit;
}
