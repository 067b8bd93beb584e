using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace TenantRegistry.Store;

/// <summary>
/// Resilience for store reads on hot paths, built once: a circuit breaker so that a dead store makes callers fail
/// fast (and fall back, where they can) instead of each waiting for a connect timeout; inside it, one quick retry
/// (a read cannot double-apply anything) for the connection a restarted server left broken in the pool; and a short
/// timeout per attempt.
/// </summary>
public sealed class StorePipelines
{
    /// <remarks>Timeouts, delays and breaks are about the network, so they run on real time, not the injected clock.</remarks>
    public StorePipelines()
    {
        HotRead = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 2,
                SamplingDuration = TimeSpan.FromSeconds(5),
                BreakDuration = TimeSpan.FromSeconds(1),
                ShouldHandle = new PredicateBuilder().Handle<Exception>(StoreFailures.IsOutage),
            })
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(20),
                ShouldHandle = new PredicateBuilder().Handle<Exception>(StoreFailures.IsOutage),
            })
            .AddTimeout(new TimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(1) })
            .Build();
    }

    public ResiliencePipeline HotRead { get; }
}
