using System.Diagnostics;
using BitFaster.Caching.Lru;

// The two ways to close VerdictCache's store/forget race, on the cache miss path they differ on (the read path is
// the same lock-free TryGet for both): (a) re-check the generation after writing and take the write back,
// (b) one lock around store and forget. THREADS threads store entries for SECONDS while one thread forgets one
// entry every 100 µs, as invalidations arrive; prints stores per second for each.
//   dotnet run -c Release --project bench/CacheRace [THREADS] [SECONDS]
var threads = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : Environment.ProcessorCount;
var seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
var prefixes = Enumerable.Range(0, 100_000).Select(i => $"trk_{i:D12}").ToArray();

foreach (var variant in new IStoreForget[] { new RecheckAfterWrite(), new OneLock(), new RecheckAfterWrite(), new OneLock() })
{
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    var forgetting = Task.Run(() =>
    {
        var random = new Random(1);
        while (!stop.IsCancellationRequested)
        {
            variant.Forget(prefixes[random.Next(prefixes.Length)]);
            Thread.Sleep(TimeSpan.FromTicks(1000));
        }
    });
    var watch = Stopwatch.StartNew();
    var stores = await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(() =>
    {
        long count = 0;
        var random = new Random(t);
        while (!stop.IsCancellationRequested)
        {
            for (var i = 0; i < 1000; i++)
            {
                variant.Store(prefixes[random.Next(prefixes.Length)], variant.Generation);
            }

            count += 1000;
        }

        return count;
    })));
    await forgetting;
    Console.WriteLine($"{variant.GetType().Name,-18} {stores.Sum() / watch.Elapsed.TotalSeconds,14:N0} stores/s ({threads} threads)");
}

internal interface IStoreForget
{
    long Generation { get; }

    void Store(string prefix, long readBeganAt);

    void Forget(string prefix);
}

internal sealed class RecheckAfterWrite : IStoreForget
{
    private readonly ConcurrentLru<string, object> keys = new(Environment.ProcessorCount, 100_000, StringComparer.Ordinal);
    private readonly object entry = new();
    private long generation;

    public long Generation => Interlocked.Read(ref generation);

    public void Store(string prefix, long readBeganAt)
    {
        if (Generation != readBeganAt)
        {
            return;
        }

        keys.AddOrUpdate(prefix, entry);
        if (Generation != readBeganAt)
        {
            keys.TryRemove(prefix);
        }
    }

    public void Forget(string prefix)
    {
        Interlocked.Increment(ref generation);
        keys.TryRemove(prefix);
    }
}

internal sealed class OneLock : IStoreForget
{
    private readonly ConcurrentLru<string, object> keys = new(Environment.ProcessorCount, 100_000, StringComparer.Ordinal);
    private readonly object entry = new();
    private readonly Lock gate = new();
    private long generation;

    public long Generation => Interlocked.Read(ref generation);

    public void Store(string prefix, long readBeganAt)
    {
        lock (gate)
        {
            if (generation == readBeganAt)
            {
                keys.AddOrUpdate(prefix, entry);
            }
        }
    }

    public void Forget(string prefix)
    {
        lock (gate)
        {
            generation++;
            keys.TryRemove(prefix);
        }
    }
}
