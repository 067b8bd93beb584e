using System.Diagnostics.Metrics;

namespace TenantRegistry.Audit.Evidence;

/// <summary>
/// What the sealer remembers between passes, for the life of the process: the gap it is waiting on (a restart waits
/// the full timeout again, which only delays sealing) and the lag it last measured, published as a metric. Passes
/// in one process take turns through <see cref="Gate"/>.
/// </summary>
public sealed class SealerState : IDisposable
{
    public const string MeterName = "TenantRegistry.Audit";

    private readonly Meter meter = new(MeterName);
    private (long FirstMissingId, DateTimeOffset FirstSeen)? waitingOn;
    private long sealedTotal;

    public SealerState()
    {
        meter.CreateObservableGauge("tenant_registry.audit.seal_lag", () => LagSeconds, "s",
            "Age of the oldest committed audit event not yet sealed, as of the sealer's last pass; 0 when all are sealed.");
        meter.CreateObservableCounter("tenant_registry.audit.events_sealed", () => Interlocked.Read(ref sealedTotal), "{event}",
            "Audit events this process has sealed.");
    }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public double LagSeconds { get; private set; }

    /// <summary>Whether the ids from <paramref name="firstMissingId"/> on, missing below committed events, may be passed now.</summary>
    public bool MayPassGap(long firstMissingId, DateTimeOffset now, TimeSpan timeout)
    {
        if (waitingOn is not { } gap || gap.FirstMissingId != firstMissingId)
        {
            waitingOn = (firstMissingId, now);
            return timeout <= TimeSpan.Zero;
        }

        return now - gap.FirstSeen >= timeout;
    }

    public void Sealed(int count, double lagSeconds)
    {
        Interlocked.Add(ref sealedTotal, count);
        LagSeconds = lagSeconds;
    }

    public void Dispose()
    {
        meter.Dispose();
        Gate.Dispose();
    }
}
