using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TenantRegistry.Store;
using TenantRegistry.Telemetry;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// What verify answers from. Entries are fresh while invalidations are known to arrive (<see cref="Trusted"/>) and
/// younger than <see cref="ApiKeyOptions.CacheFreshFor"/>. A forget bumps the generation, so a store read that began
/// before a change cannot put the old state back after it.
/// </summary>
public sealed class VerdictCache : IChangeSubscriber
{
    private readonly ConcurrentDictionary<string, CachedKey> keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, CachedTenant> tenants = new();
    private readonly TimeProvider clock;
    private readonly IOptions<ApiKeyOptions> options;
    private long generation;
    private volatile bool trusted = true;

    public VerdictCache(TimeProvider clock, IOptions<ApiKeyOptions> options, RegistryMetrics metrics)
    {
        this.clock = clock;
        this.options = options;
        metrics.ObserveVerdictCache(() => keys.Count);
    }

    /// <summary>False while this instance may be missing invalidations (its listener is down): every entry is stale.</summary>
    public bool Trusted
    {
        get => trusted;
        set => trusted = value;
    }

    public long Generation => Interlocked.Read(ref generation);

    public bool TryGet(string prefix, out CachedKey key, out CachedTenant tenant)
    {
        tenant = null!;
        return keys.TryGetValue(prefix, out key!) && tenants.TryGetValue(key.TenantId, out tenant!);
    }

    public bool IsFresh(CachedKey key, CachedTenant tenant)
    {
        var now = clock.GetUtcNow();
        var freshFor = options.Value.CacheFreshFor;
        return trusted && now - key.ConfirmedAt < freshFor && now - tenant.ConfirmedAt < freshFor;
    }

    public bool MayServeStale(CachedKey key, CachedTenant tenant)
    {
        var now = clock.GetUtcNow();
        var staleFor = options.Value.ServeStaleFor;
        return now - key.ConfirmedAt < staleFor && now - tenant.ConfirmedAt < staleFor;
    }

    /// <summary>Stores what the store said, unless something changed since the read began.</summary>
    public void Store(string prefix, CachedKey key, CachedTenant tenant, long readBeganAt)
    {
        if (Generation != readBeganAt)
        {
            return;
        }

        tenants[key.TenantId] = tenant;
        keys[prefix] = key;
    }

    public void Forget(VerdictSubject subject)
    {
        Interlocked.Increment(ref generation);
        if (subject.IsTenant)
        {
            tenants.TryRemove(Guid.Parse(subject.Id), out _);
        }
        else
        {
            keys.TryRemove(subject.Id, out _);
        }
    }

    /// <summary>A change this instance committed; other instances hear of it through their listener.</summary>
    public void Committed(IReadOnlyCollection<VerdictSubject> affected)
    {
        foreach (var subject in affected)
        {
            Forget(subject);
        }
    }

    public void ForgetEverything()
    {
        Interlocked.Increment(ref generation);
        keys.Clear();
        tenants.Clear();
    }
}
