using System.Text.Json;
using LinqToDB;
using LinqToDB.Data;
using Microsoft.Extensions.Options;
using TenantRegistry.Store;

namespace TenantRegistry.ApiKeys;

/// <summary>Writes recorded key usage to last_used_at in the background, and once more on shutdown. A flush that fails
/// for any reason keeps its batch for the next one.</summary>
/// <remarks>
/// A busy instance records thousands of keys between two flushes, so each chunk of keys is written by one
/// set-based UPDATE that reads (id, used_at) pairs from a JSON parameter, instead of one UPDATE per key: the
/// per-statement cost (query building, a round trip) was paid per key and made a flush of 100,000 keys take about
/// half a minute of CPU on a 2-core machine (docs/performance.md). A key's last_used_at only moves forward.
/// </remarks>
public sealed class KeyUsageWriter(KeyUsage usage, DataOptions<RegistryDb> dataOptions, IOptions<ApiKeyOptions> options,
    IOptions<StoreOptions> store, TimeProvider clock, ILogger<KeyUsageWriter> logger) : BackgroundService
{
    private const int KeysPerStatement = 1000;

    private const string PostgresUpdate = """
        UPDATE api_keys AS k SET last_used_at = u.used_at
        FROM jsonb_to_recordset(CAST(@usage AS jsonb)) AS u (id uuid, used_at timestamptz)
        WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.used_at)
        """;

    // Ids and timestamps are TEXT in the forms SqliteMapping writes, so they compare as stored.
    private const string SqliteUpdate = """
        UPDATE api_keys SET last_used_at = u.used_at
        FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.used_at') AS used_at FROM json_each(@usage)) AS u
        WHERE api_keys.id = u.id AND (api_keys.last_used_at IS NULL OR api_keys.last_used_at < u.used_at)
        """;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    /// <summary>Writes everything recorded so far; returns how many keys were written.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        var batch = usage.TakePending(clock.GetUtcNow());
        if (batch.Count == 0)
        {
            return 0;
        }

        try
        {
            var update = store.Value.UsesPostgres ? PostgresUpdate : SqliteUpdate;
            await using var db = new RegistryDb(dataOptions);
            await using var transaction = await db.BeginTransactionAsync(cancellationToken);
            foreach (var chunk in batch.Chunk(KeysPerStatement))
            {
                await db.ExecuteAsync(update, cancellationToken, new DataParameter("usage", UsageJson(chunk), DataType.Text));
            }

            await transaction.CommitAsync(cancellationToken);
            return batch.Count;
        }
        catch (Exception exception)
        {
            // Whatever the failure (an outage, a read-only store after a failover, a revoked privilege, a full
            // disk), the batch is kept for the next flush and the host keeps running: a background write that
            // throws out of ExecuteAsync would stop the whole service.
            usage.Return(batch);
            logger.LogWarning("Could not write last_used_at for {Count} keys; will retry: {Reason} {Detail}", batch.Count,
                exception.GetType().Name, StoreFailures.IsOutage(exception) ? "" : exception.Message);
            return 0;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.UsageFlushInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await FlushAsync(stoppingToken);
        }
    }

    /// <summary>[{"id": "…", "used_at": "…Z"}, …]: lower-case ids and microsecond UTC times, as both stores keep them.</summary>
    private static string UsageJson(IEnumerable<KeyValuePair<Guid, DateTimeOffset>> usage) =>
        JsonSerializer.Serialize(usage.Select(used => new { id = used.Key, used_at = SqliteMapping.FormatTimestamp(used.Value) }));
}
