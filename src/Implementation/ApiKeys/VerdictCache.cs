using System.Collections.Concurrent;
using BitFaster.Caching.Lru;
using Microsoft.Extensions.Options;
using TenantRegistry.Store;
using TenantRegistry.Telemetry;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// What verify answers from. Entries are fresh while invalidations are known to arrive (<see cref="Trusted"/>) and
/// younger than <see cref="ApiKeyOptions.CacheFreshFor"/>.
/// </summary>
/// <remarks>
/// Bounded by <see cref="ApiKeyOptions.CacheMaxKeys"/> keys (and as many tenants): BitFaster's ConcurrentLru keeps
/// recently and repeatedly used entries and evicts the cold ones, with lock-free reads, so memory does not grow with
/// every key ever verified. An evicted key costs one store read the next time it is used.
/// <para>
/// A forget bumps the generation, and a store read that began before it must not put the old state back. Checking
/// the generation only before writing leaves a window (checked, then a forget, then the write): so
/// <see cref="Store"/> checks again after writing and takes back what it wrote if a forget slipped in. That costs
/// nothing on the read path and no lock on the miss path; one lock around store and forget measured no cheaper on
/// misses (docs/api-keys.md#the-storeforget-race).
/// </para>
/// </remarks>
public sealed class VerdictCache : IChangeSubscriber
{
    private readonly ConcurrentLru<string, CachedKey> keys;
    private readonly ConcurrentLru<Guid, CachedTenant> tenants;
    private readonly TimeProvider clock;
    private readonly IOptions<ApiKeyOptions> options;
    private long generation;
    private volatile bool trusted = true;
    private WarmupWindow? warmup;

    public VerdictCache(TimeProvider clock, IOptions<ApiKeyOptions> options, RegistryMetrics metrics)
    {
        this.clock = clock;
        this.options = options;
        var capacity = Math.Max(options.Value.CacheMaxKeys, 3);
        keys = new ConcurrentLru<string, CachedKey>(Environment.ProcessorCount, capacity, StringComparer.Ordinal);
        tenants = new ConcurrentLru<Guid, CachedTenant>(Environment.ProcessorCount, capacity, EqualityComparer<Guid>.Default);
        metrics.ObserveVerdictCache(() => keys.Count);
    }

    /// <summary>False while this instance may be missing invalidations (its listener is down): every entry is stale.</summary>
    public bool Trusted
    {
        get => trusted;
        set => trusted = value;
    }

    public long Generation => Interlocked.Read(ref generation);

    /// <summary>How many keys are cached now (at most about <see cref="ApiKeyOptions.CacheMaxKeys"/>).</summary>
    public int KeyCount => keys.Count;

    public bool TryGet(string prefix, out CachedKey key, out CachedTenant tenant)
    {
        tenant = null!;
        return keys.TryGet(prefix, out key!) && tenants.TryGet(key.TenantId, out tenant!);
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

        tenants.AddOrUpdate(key.TenantId, tenant);
        keys.AddOrUpdate(prefix, key);
        if (Generation != readBeganAt)
        {
            // A forget ran between the check and the writes and may have found nothing to remove yet.
            keys.TryRemove(prefix);
            tenants.TryRemove(key.TenantId);
        }
    }

    /// <summary>
    /// Opens a window that remembers every key and tenant forgotten while it is open, so that entries a warm-up read
    /// before a change cannot be stored after it (<see cref="StoreWarm"/>). Only one window is open at a time.
    /// </summary>
    public WarmupWindow BeginWarmup()
    {
        var window = new WarmupWindow();
        Volatile.Write(ref warmup, window);
        return window;
    }

    public void EndWarmup(WarmupWindow window) => Interlocked.CompareExchange(ref warmup, null, window);

    /// <summary>
    /// Stores an entry a warm-up read, unless its key or tenant was forgotten since the window opened: what the
    /// listener heard during the load wins. Like <see cref="Store"/>, it checks again after writing, since a forget
    /// may run between the check and the writes (a forget records itself in the window before it removes).
    /// </summary>
    /// <returns>False when the entry was not kept.</returns>
    public bool StoreWarm(WarmupWindow window, string prefix, CachedKey key, CachedTenant tenant)
    {
        if (window.Covers(prefix, key.TenantId))
        {
            return false;
        }

        tenants.AddOrUpdate(key.TenantId, tenant);
        keys.AddOrUpdate(prefix, key);
        if (!window.Covers(prefix, key.TenantId))
        {
            return true;
        }

        keys.TryRemove(prefix);
        tenants.TryRemove(key.TenantId);
        return false;
    }

    public void Forget(VerdictSubject subject)
    {
        Interlocked.Increment(ref generation);
        Volatile.Read(ref warmup)?.Forgotten(subject);
        if (subject.IsTenant)
        {
            tenants.TryRemove(Guid.Parse(subject.Id));
        }
        else
        {
            keys.TryRemove(subject.Id);
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
        Volatile.Read(ref warmup)?.ForgottenEverything();
        keys.Clear();
        tenants.Clear();
    }
}

/// <summary>What was forgotten while a warm-up ran (<see cref="VerdictCache.BeginWarmup"/>).</summary>
public sealed class WarmupWindow
{
    private readonly ConcurrentDictionary<string, byte> keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, byte> tenants = new();
    private volatile bool everything;

    public bool Covers(string prefix, Guid tenantId) => everything || keys.ContainsKey(prefix) || tenants.ContainsKey(tenantId);

    internal void Forgotten(VerdictSubject subject)
    {
        if (subject.IsTenant)
        {
            tenants.TryAdd(Guid.Parse(subject.Id), 0);
        }
        else
        {
            keys.TryAdd(subject.Id, 0);
        }
    }

    internal void ForgottenEverything() => everything = true;
}
