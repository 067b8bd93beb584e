using Polly;
using TenantRegistry.Store;

namespace TenantRegistry.Hosting;

/// <summary>
/// Runs every /v1 request inside the store's resilience pipeline: reads are retried on transient faults, every
/// attempt has a timeout (the request's cancellation token is the attempt's), and while the circuit is open the
/// request fails fast with 503. Verify has its own, shorter pipeline around its store read, because it can fall back
/// to its cache. A streamed export runs as long as its window takes, so no attempt timeout may cut it off; its store
/// calls fail on their own when the store is away, which the error boundary answers with 503 before the first line.
/// </summary>
internal sealed class StoreGuard(RequestDelegate next, StorePipelines pipelines)
{
    private static readonly PathString Api = "/v1";
    private static readonly PathString Verify = "/v1/internal/api-keys/verify";
    private static readonly PathString Export = "/v1/audit/export";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Api) || context.Request.Path.StartsWithSegments(Verify)
            || context.Request.Path.StartsWithSegments(Export))
        {
            await next(context);
            return;
        }

        var pipeline = HttpMethods.IsGet(context.Request.Method) ? pipelines.Reads : pipelines.Writes;
        var resilience = ResilienceContextPool.Shared.Get(context.RequestAborted);
        resilience.Properties.Set(StorePipelines.Request, context);
        var requestAborted = context.RequestAborted;
        try
        {
            await pipeline.ExecuteAsync(async (attempt, http) =>
            {
                http.RequestAborted = attempt.CancellationToken;
                await next(http);
            }, resilience, context);
        }
        finally
        {
            context.RequestAborted = requestAborted;
            ResilienceContextPool.Shared.Return(resilience);
        }
    }
}
