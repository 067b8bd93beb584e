using Polly;
using TenantRegistry.Store;

namespace TenantRegistry.Hosting;

/// <summary>
/// Runs every /v1 request inside the store's resilience pipeline: reads are retried on transient faults, every
/// attempt has a timeout (the request's cancellation token is the attempt's), and while the circuit is open the
/// request fails fast with 503. An endpoint marked <see cref="OwnStoreResilienceAttribute"/> (verify, whose store read
/// has its own shorter pipeline because it can fall back to its cache) is left alone.
/// </summary>
internal sealed class StoreGuard(RequestDelegate next, StorePipelines pipelines)
{
    private static readonly PathString Api = "/v1";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Api) || context.GetEndpoint()?.Metadata.GetMetadata<OwnStoreResilienceAttribute>() is not null)
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
