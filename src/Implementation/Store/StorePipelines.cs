using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using TenantRegistry.Telemetry;

namespace TenantRegistry.Store;

/// <summary>
/// The resilience of every store call, built once. One circuit breaker is shared by all of them: when the store is
/// dead, requests fail fast with 503 instead of piling up, and verify falls back to its cache at once. Reads (and
/// only reads: a retried write could apply twice) get quick retries with jittered exponential backoff, which also
/// absorbs a connection a restarted server left broken in the pool. Every attempt has a timeout, and the breaker
/// counts attempts (the order of Microsoft.Extensions.Http.Resilience's standard pipeline: retry, breaker, attempt
/// timeout); a retry never runs into an open breaker.
/// </summary>
/// <remarks>Timeouts, delays and breaks are about the network, so they run on real time, not the injected clock.</remarks>
public sealed class StorePipelines
{
    /// <summary>Set on a request's resilience context: a request whose response has started cannot be retried.</summary>
    public static readonly ResiliencePropertyKey<HttpContext> Request = new("TenantRegistry.Request");

    private static readonly TimeSpan HotReadTimeout = TimeSpan.FromSeconds(1);

    public StorePipelines(IOptions<StoreOptions> options, RegistryMetrics metrics)
    {
        metrics.StoreBreakerOpen(false);
        var breaker = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 3,
                SamplingDuration = TimeSpan.FromSeconds(5),
                BreakDuration = options.Value.BreakDuration,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(StoreFailures.IsOutage),
                OnOpened = _ =>
                {
                    metrics.StoreBreakerOpen(true);
                    // Pooled connections to a server that went away are broken; do not hand them out when it returns.
                    NpgsqlConnection.ClearAllPools();
                    return default;
                },
                // Half-open still fails all but the trial request: the breaker counts as open until it closes.
                OnClosed = _ =>
                {
                    metrics.StoreBreakerOpen(false);
                    return default;
                },
            })
            .Build();

        // Retry outside the breaker, which counts every attempt: on a store that stopped answering, the breaker opens
        // within the first request's attempts and verify then serves its cache at once, instead of every verify
        // waiting out three timeouts (3.1 s each, measured through a silent link, before this order).
        HotRead = new ResiliencePipelineBuilder()
            .AddRetry(ReadRetry(args => IsRetryable(args.Outcome.Exception)))
            .AddPipeline(breaker)
            .AddTimeout(HotReadTimeout)
            .Build();

        Writes = new ResiliencePipelineBuilder()
            .AddPipeline(breaker)
            .AddTimeout(options.Value.EffectiveRequestTimeout)
            .Build();

        Reads = new ResiliencePipelineBuilder()
            .AddRetry(ReadRetry(args => IsRetryable(args.Outcome.Exception)
                && args.Context.Properties.TryGetValue(Request, out var request) && !request.Response.HasStarted))
            .AddPipeline(breaker)
            .AddTimeout(options.Value.EffectiveRequestTimeout)
            .Build();
    }

    /// <summary>Verify's store read: short, so that verify falls back to its cache quickly.</summary>
    public ResiliencePipeline HotRead { get; }

    /// <summary>A whole request that only reads: retried while nothing of its response has been sent.</summary>
    public ResiliencePipeline Reads { get; }

    /// <summary>A whole request that writes: never retried.</summary>
    public ResiliencePipeline Writes { get; }

    private static bool IsRetryable(Exception? exception) =>
        exception is not null and not BrokenCircuitException && StoreFailures.IsOutage(exception);

    private static RetryStrategyOptions ReadRetry(Func<RetryPredicateArguments<object>, bool> shouldRetry) => new()
    {
        MaxRetryAttempts = 2,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = TimeSpan.FromMilliseconds(25),
        ShouldHandle = args => new ValueTask<bool>(shouldRetry(args)),
    };
}
