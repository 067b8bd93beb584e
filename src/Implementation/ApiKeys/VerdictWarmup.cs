using System.Diagnostics;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Options;
using TenantRegistry.Errors;
using TenantRegistry.Probes;
using TenantRegistry.Store;
using TenantRegistry.Telemetry;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// Fills the verdict cache before the instance says it is ready, so that a restarted instance answers verify from
/// memory from its first ready second instead of reading the store once per key (measured before: about 1,500 keys/s,
/// over a minute for 100,000 keys, on every instance of a rolling deploy in turn). One read loads the most recently
/// used live keys (newest <c>last_used_at</c> first, then newest created, up to <see cref="ApiKeyOptions.CacheMaxKeys"/>)
/// with their tenants and entitlements; <see cref="UntaggedKeys"/> is filled by its own single read right before.
/// </summary>
/// <remarks>
/// The listener is up before the load starts (<see cref="VerdictChangeListener"/> runs it once it LISTENs), and the
/// load stores through a <see cref="WarmupWindow"/>: a key or tenant the listener heard of during the load is not
/// stored from the load's older read. `/readyz` says 503 <c>warming</c> until the load and the first heartbeat are
/// done, or until <see cref="ApiKeyOptions.WarmupTimeout"/> has passed since start: then the instance is ready anyway
/// (a cold cache is slower, not wrong) and the log says how far the load got. It runs once per process; after a lost
/// listener connection the cache refills by verify's own reads, as it did before.
/// </remarks>
public sealed class VerdictWarmup : IReadinessGate
{
    private readonly VerdictCache cache;
    private readonly IVerdictSource source;
    private readonly KeyUsage usage;
    private readonly TimeProvider clock;
    private readonly IOptions<ApiKeyOptions> options;
    private readonly ILogger<VerdictWarmup> logger;
    private readonly Stopwatch sinceStart = Stopwatch.StartNew();
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int keysLoaded;
    private int keysRead;
    private volatile string stage = "waiting for the store";
    private double? secondsTaken;

    public VerdictWarmup(VerdictCache cache, IVerdictSource source, KeyUsage usage, TimeProvider clock, IOptions<ApiKeyOptions> options,
        RegistryMetrics metrics, ILogger<VerdictWarmup> logger)
    {
        this.cache = cache;
        this.source = source;
        this.usage = usage;
        this.clock = clock;
        this.options = options;
        this.logger = logger;
        metrics.ObserveWarmup(() => Volatile.Read(ref keysLoaded), () => IsWarm ? secondsTaken : null);
    }

    /// <summary>True once the load and the first heartbeat are done.</summary>
    public bool IsWarm => finished.Task.IsCompleted;

    /// <summary>Completes when the load and the first heartbeat are done.</summary>
    public Task Finished => finished.Task;

    public int KeysLoaded => Volatile.Read(ref keysLoaded);

    public string? WhyNotReady => IsWarm || sinceStart.Elapsed >= options.Value.WarmupTimeout ? null : WireMessages.Warming;

    /// <summary>Logs how far the warm-up got if it is not done when its time bound has passed.</summary>
    public async Task GiveUpWaitingAfterTimeoutAsync(CancellationToken stoppingToken)
    {
        var left = options.Value.WarmupTimeout - sinceStart.Elapsed;
        if (await Task.WhenAny(finished.Task, Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, stoppingToken)) != finished.Task
            && !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(
                "Verify warm-up not done after {Timeout}: {Loaded} keys loaded so far ({Stage}); ready anyway, verify reads the store for the rest",
                options.Value.WarmupTimeout, KeysLoaded, stage);
        }
    }

    /// <summary>Loads the cache; the caller already hears changes. Does nothing once the warm-up is done.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (IsWarm)
        {
            return;
        }

        stage = "loading keys";
        Volatile.Write(ref keysLoaded, 0);
        Volatile.Write(ref keysRead, 0);
        var window = cache.BeginWarmup();
        try
        {
            var now = clock.GetUtcNow();
            var tenants = new Dictionary<Guid, CachedTenant>();
            await foreach (var row in source.MostRecentlyUsedAsync(Math.Max(options.Value.CacheMaxKeys, 0), now, cancellationToken))
            {
                Interlocked.Increment(ref keysRead);
                var (key, tenant) = VerdictRows.ToCached(row, now);
                // One entry per tenant: its keys' rows all carry the same standing.
                tenant = tenants.TryGetValue(key.TenantId, out var known) ? known : tenants[key.TenantId] = tenant;
                if (cache.StoreWarm(window, row.Prefix, key, tenant))
                {
                    Interlocked.Increment(ref keysLoaded);
                    usage.RecordedBefore(row.KeyId, row.LastUsedAt, now);
                }
            }
        }
        finally
        {
            cache.EndWarmup(window);
        }

        stage = "waiting for the listener's first heartbeat";
    }

    /// <summary>The load is done and the cache is trusted: the instance may be ready.</summary>
    public void Completed()
    {
        if (IsWarm)
        {
            return;
        }

        var seconds = sinceStart.Elapsed.TotalSeconds;
        secondsTaken = seconds;
        finished.TrySetResult();
        logger.LogInformation(
            "Verify warm-up done in {Seconds:F1} s: {Loaded} keys loaded into the verdict cache ({Skipped} skipped: changed during the load), in one read of keys and one of untagged prefixes",
            seconds, KeysLoaded, Volatile.Read(ref keysRead) - KeysLoaded);
    }
}

/// <summary>Where the warm-up reads from; the store, except where a test needs to hold the load at a given point.</summary>
public interface IVerdictSource
{
    /// <summary>The live keys (not revoked, not expired at <paramref name="now"/>) most recently used first, then the
    /// newest; at most <paramref name="limit"/>, streamed in one query.</summary>
    IAsyncEnumerable<VerdictRow> MostRecentlyUsedAsync(int limit, DateTimeOffset now, CancellationToken cancellationToken);
}

public sealed class StoreVerdictSource(DataOptions<RegistryDb> dataOptions) : IVerdictSource
{
    public async IAsyncEnumerable<VerdictRow> MostRecentlyUsedAsync(int limit, DateTimeOffset now,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = new RegistryDb(dataOptions);
        var rows = VerdictRows.Of(db)
            .Where(row => row.RevokedAt == null && (row.ExpiresAt == null || row.ExpiresAt > now))
            // Never-used keys after every used one, on both stores (PostgreSQL sorts nulls first when descending).
            .OrderBy(row => row.LastUsedAt == null ? 1 : 0)
            .ThenByDescending(row => row.LastUsedAt)
            .ThenByDescending(row => row.CreatedAt)
            .Take(limit);
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }
}
