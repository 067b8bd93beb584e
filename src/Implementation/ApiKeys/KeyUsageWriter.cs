using LinqToDB;
using Microsoft.Extensions.Options;
using TenantRegistry.Store;

namespace TenantRegistry.ApiKeys;

/// <summary>Writes recorded key usage to last_used_at in the background, and once more on shutdown.</summary>
public sealed class KeyUsageWriter(KeyUsage usage, DataOptions<RegistryDb> dataOptions, IOptions<ApiKeyOptions> options,
    TimeProvider clock, ILogger<KeyUsageWriter> logger) : BackgroundService
{
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    /// <summary>Writes everything recorded so far; returns how many keys were written.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        var batch = usage.TakePending();
        if (batch.Count == 0)
        {
            return 0;
        }

        try
        {
            await using var db = new RegistryDb(dataOptions);
            await using var transaction = await db.BeginTransactionAsync(cancellationToken);
            foreach (var (keyId, usedAt) in batch)
            {
                await db.ApiKeys
                    .Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt < usedAt))
                    .Set(k => k.LastUsedAt, usedAt)
                    .UpdateAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return batch.Count;
        }
        catch (Exception exception) when (StoreFailures.IsOutage(exception) || exception is OperationCanceledException)
        {
            usage.Return(batch);
            logger.LogWarning("Could not write last_used_at for {Count} keys; will retry: {Reason}", batch.Count, exception.GetType().Name);
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
}
