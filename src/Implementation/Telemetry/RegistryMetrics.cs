using System.Diagnostics.Metrics;
using TenantRegistry.Store;

namespace TenantRegistry.Telemetry;

/// <summary>
/// The registry's own meter. Features call it where something countable happens; the OpenTelemetry pipeline
/// (<see cref="TelemetryRegistration"/>) decides where the numbers go. Without a listener every call is a no-op
/// check, so features need not know whether telemetry is on. What the instance sends itself before it is ready
/// (<see cref="Rehearsal"/>) is not counted: it is not traffic, and thousands of its refused verifies at every start
/// would look like a flood of unknown keys.
/// </summary>
public sealed class RegistryMetrics
{
    public const string MeterName = "TenantRegistry";

    /// <summary>The embedded store has no listener: no sample rather than a 0 that would look like a lost connection.</summary>
    private const int NotListening = -1;

    private readonly Counter<long> verifications;
    private readonly Counter<long> cacheHits;
    private readonly Counter<long> cacheMisses;
    private readonly Counter<long> sweeperTransitions;
    private readonly Counter<long> auditAppends;
    private readonly Counter<long> guessesHeld;
    private readonly IHttpContextAccessor http;
    private Func<int>? verdictCacheEntries;
    private Func<int>? warmupKeys;
    private Func<double?>? warmupSeconds;
    private volatile int listenerConnected = NotListening;
    private volatile int breakerOpen;
    private long sweeperLastSuccess;

    public RegistryMetrics(IMeterFactory meters, IHttpContextAccessor http)
    {
        this.http = http;
        var meter = meters.Create(MeterName);
        verifications = meter.CreateCounter<long>("tenant_registry.key.verifications", "{verification}",
            "API key verifications, by outcome");
        cacheHits = meter.CreateCounter<long>("tenant_registry.verdict_cache.hits", "{lookup}",
            "Verifies answered from a fresh cached verdict");
        cacheMisses = meter.CreateCounter<long>("tenant_registry.verdict_cache.misses", "{lookup}",
            "Verifies that had to read the store");
        meter.CreateObservableGauge("tenant_registry.verdict_cache.entries", ObserveCacheEntries, "{key}",
            "API keys held in this instance's verdict cache");
        meter.CreateObservableGauge("tenant_registry.verdict_listener.connected", ObserveListener, null,
            "1 while this instance listens for verdict changes (PostgreSQL), else 0");
        meter.CreateObservableGauge("tenant_registry.store.breaker_open", () => breakerOpen, null,
            "1 while the store circuit breaker fails requests fast, else 0");
        meter.CreateObservableGauge("tenant_registry.verdict_cache.warmup.keys", () => warmupKeys?.Invoke() ?? 0, "{key}",
            "API keys the start-up warm-up loaded into the verdict cache (so far, while it runs)");
        meter.CreateObservableGauge("tenant_registry.verdict_cache.warmup.duration", ObserveWarmupSeconds, "s",
            "Seconds from start until the verdict cache was warm (no sample until it is)");
        sweeperTransitions = meter.CreateCounter<long>("tenant_registry.sweeper.transitions", "{transition}",
            "Changes the lifecycle sweeper made, by kind");
        meter.CreateObservableGauge("tenant_registry.sweeper.last_success", ObserveSweeperLastSuccess, "s",
            "Unix time of this instance's last completed sweep");
        auditAppends = meter.CreateCounter<long>("tenant_registry.audit.appends", "{event}",
            "Audit events written, by the API and by the registry itself");
        guessesHeld = meter.CreateCounter<long>("tenant_registry.key.guesses_held", "{answer}",
            "Answers to unknown or malformed keys held back because their caller was over ApiKeys:UnknownKeyRate");

        // Every series exists from the start at 0, so rate() and alerts work before the first event of its kind.
        cacheHits.Add(0);
        cacheMisses.Add(0);
        auditAppends.Add(0);
        guessesHeld.Add(0);
        foreach (var outcome in VerifyOutcome.All)
        {
            verifications.Add(0, new KeyValuePair<string, object?>("outcome", outcome));
        }

        foreach (var kind in SweeperTransition.All)
        {
            sweeperTransitions.Add(0, new KeyValuePair<string, object?>("kind", kind));
        }
    }

    /// <param name="outcome">One of <see cref="VerifyOutcome"/>.</param>
    public void KeyVerified(string outcome)
    {
        if (!Rehearsed)
        {
            verifications.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    /// <summary>Never called for a rehearsed request: the throttle does not hold those.</summary>
    public void GuessHeld() => guessesHeld.Add(1);

    public void VerdictCacheHit()
    {
        if (!Rehearsed)
        {
            cacheHits.Add(1);
        }
    }

    public void VerdictCacheMiss()
    {
        if (!Rehearsed)
        {
            cacheMisses.Add(1);
        }
    }

    /// <summary>Called once by the cache: its size is read at each collection, not tracked on the hot path.</summary>
    public void ObserveVerdictCache(Func<int> entries) => verdictCacheEntries = entries;

    /// <summary>The warm-up's progress: keys loaded so far, and its duration once it is done (else null).</summary>
    public void ObserveWarmup(Func<int> keys, Func<double?> seconds)
    {
        warmupKeys = keys;
        warmupSeconds = seconds;
    }

    public void VerdictListenerConnected(bool connected) => listenerConnected = connected ? 1 : 0;

    public void StoreBreakerOpen(bool open) => breakerOpen = open ? 1 : 0;

    /// <param name="kind">One of <see cref="SweeperTransition"/>.</param>
    /// <param name="count">How many changes of that kind one sweep made.</param>
    public void SweeperTransitions(string kind, int count)
    {
        if (count > 0)
        {
            sweeperTransitions.Add(count, new KeyValuePair<string, object?>("kind", kind));
        }
    }

    public void SweepSucceeded(DateTimeOffset at) => Interlocked.Exchange(ref sweeperLastSuccess, at.ToUnixTimeSeconds());

    public void AuditAppended()
    {
        if (!Rehearsed)
        {
            auditAppends.Add(1);
        }
    }

    private bool Rehearsed => Rehearsal.Of(http);

    private IEnumerable<Measurement<int>> ObserveListener() =>
        listenerConnected is var connected and not NotListening ? [new Measurement<int>(connected)] : [];

    private IEnumerable<Measurement<int>> ObserveCacheEntries() =>
        verdictCacheEntries is { } entries ? [new Measurement<int>(entries())] : [];

    private IEnumerable<Measurement<double>> ObserveWarmupSeconds() =>
        warmupSeconds?.Invoke() is { } seconds ? [new Measurement<double>(seconds)] : [];

    // No sweep yet: no sample, so an alert on its age does not fire for an instance that just started.
    private IEnumerable<Measurement<long>> ObserveSweeperLastSuccess() =>
        Interlocked.Read(ref sweeperLastSuccess) is var at and > 0 ? [new Measurement<long>(at)] : [];
}
