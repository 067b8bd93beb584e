using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.Options;
using TenantRegistry.Store;

namespace TenantRegistry.Idempotency;

/// <summary>
/// Removes records past their retention, <see cref="IdempotencyOptions.SweepBatchSize"/> rows per statement until none
/// is left. Every instance may sweep at the same time: a row two sweeps both pick is deleted once, and nothing else
/// depends on the sweep having run (a request ignores and replaces an expired record itself).
/// </summary>
public sealed class IdempotencyRetention(RegistryDb db, IOptions<IdempotencyOptions> options, TimeProvider clock)
{
    /// <returns>How many records were removed.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        while (true)
        {
            var now = clock.UtcNow();
            var expired = db.GetTable<IdempotencyRecordRow>().Where(r => r.ExpiresAt <= now);
            var batch = await expired.OrderBy(r => r.ExpiresAt).Take(options.Value.SweepBatchSize).Select(r => r.Key).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return removed;
            }

            // By key among the expired: a same key in another scope is removed only if it has expired too.
            removed += await expired.Where(r => batch.Contains(r.Key)).DeleteAsync(cancellationToken);
            if (batch.Count < options.Value.SweepBatchSize)
            {
                return removed;
            }
        }
    }
}

/// <summary>Runs <see cref="IdempotencyRetention"/> every <see cref="IdempotencyOptions.SweepInterval"/>; a failed sweep waits for the next.</summary>
internal sealed class IdempotencyRetentionSweeper(IServiceScopeFactory scopes, IOptions<IdempotencyOptions> options, TimeProvider clock,
    ILogger<IdempotencyRetentionSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await Task.Run(() => SweepOnceAsync(stoppingToken), CancellationToken.None);
        }
    }

    private async Task SweepOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var removed = await scope.ServiceProvider.GetRequiredService<IdempotencyRetention>().SweepAsync(stoppingToken);
            if (removed > 0)
            {
                logger.LogInformation("Removed {Records} idempotency records past their retention", removed);
            }
        }
        catch (Exception exception) when (stoppingToken.IsCancellationRequested || StoreFailures.IsOutage(exception))
        {
            logger.LogDebug("Idempotency sweep skipped ({Reason}); trying again in {Interval}", exception.GetType().Name, options.Value.SweepInterval);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Idempotency sweep failed; trying again in {Interval}", options.Value.SweepInterval);
        }
    }
}
