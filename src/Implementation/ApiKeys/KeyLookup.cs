using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Store;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// Reads what verify needs about one key and its tenant in a single query. Concurrent misses for the same key share
/// one read: a burst of requests with a key that just fell out of the cache (or a forger repeating one real prefix)
/// costs one store query, not one each.
/// </summary>
/// <remarks>
/// A caller joins a read in flight only if no change was forgotten since it began (same cache generation): a read
/// that began before a revoke must not answer a verify that arrived after the revoke's 204. The shared read is not
/// tied to the first caller's cancellation; each caller stops waiting on its own.
/// </remarks>
public sealed class KeyLookup(DataOptions<RegistryDb> dataOptions, VerdictCache cache, StorePipelines pipelines, TimeProvider clock,
    IMeterFactory meters)
{
    public const string MeterName = "TenantRegistry.ApiKeys";
    public const string StoreReadsInstrument = "tenant_registry.verify.store_reads";

    private readonly ConcurrentDictionary<string, SharedRead> reads = new(StringComparer.Ordinal);

    /// <summary>Every store read verify makes, so that an operator (and the tests) can see a stampede coming.</summary>
    private readonly Counter<long> storeReads = meters.Create(MeterName).CreateCounter<long>(StoreReadsInstrument, "{read}",
        "Store reads made by API-key verify (cache misses that may be real keys).");

    /// <summary>The key as the store has it now, stored in the cache; null when there is no such key.</summary>
    public async ValueTask<(CachedKey Key, CachedTenant Tenant)?> FindAsync(string prefix, CancellationToken cancellationToken)
    {
        var generation = cache.Generation;
        var result = new TaskCompletionSource<(CachedKey, CachedTenant)?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var ours = new SharedRead(generation, result.Task);
        var read = reads.AddOrUpdate(prefix, ours, (_, existing) => existing.Generation == generation ? existing : ours);
        if (ReferenceEquals(read, ours))
        {
            // Started only once it is in the dictionary, so racing callers never start a second read.
            _ = RunAsync(prefix, ours, result);
        }

        return await read.Result.WaitAsync(cancellationToken);
    }

    private async Task RunAsync(string prefix, SharedRead read, TaskCompletionSource<(CachedKey, CachedTenant)?> result)
    {
        try
        {
            var found = await pipelines.HotRead.ExecuteAsync(ReadAsync, prefix, CancellationToken.None);
            if (found is var (key, tenant))
            {
                cache.Store(prefix, key, tenant, read.Generation);
            }

            result.SetResult(found);
        }
        catch (Exception exception)
        {
            result.SetException(exception);
        }
        finally
        {
            reads.TryRemove(new KeyValuePair<string, SharedRead>(prefix, read));
        }
    }

    private ValueTask<(CachedKey Key, CachedTenant Tenant)?> ReadAsync(string prefix, CancellationToken cancellationToken)
    {
        storeReads.Add(1);
        // The hot read's timeout must hold on a silent link too, where Npgsql takes far longer to give up.
        return SilentLink.AbandonWhenCancelled(QueryAsync(prefix, cancellationToken), cancellationToken);
    }

    private async Task<(CachedKey Key, CachedTenant Tenant)?> QueryAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var db = new RegistryDb(dataOptions);
        var found = await VerdictRows.Of(db).Where(row => row.Prefix == prefix).FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : VerdictRows.ToCached(found, clock.GetUtcNow());
    }

    private sealed record SharedRead(long Generation, Task<(CachedKey, CachedTenant)?> Result);
}
