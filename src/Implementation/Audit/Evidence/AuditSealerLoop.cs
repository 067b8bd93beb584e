using Microsoft.Extensions.Options;
using TenantRegistry.Store;

namespace TenantRegistry.Audit.Evidence;

/// <summary>
/// Seals new events every <see cref="EvidenceOptions.SealInterval"/> (real time: it is a polling rate, not a
/// deadline) and signs a checkpoint once <see cref="EvidenceOptions.CheckpointInterval"/> of the injected clock has
/// passed since the last. Off the request path: appends never wait for it. A failed pass is logged and tried again
/// at the next tick; nothing here may stop the service.
/// </summary>
internal sealed class AuditSealerLoop(IServiceScopeFactory scopes, IOptions<EvidenceOptions> options, TimeProvider clock,
    CheckpointSigner signer, ILogger<AuditSealerLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Audit sealer started; checkpoints are signed with key {Kid}", signer.Kid);
        var nextCheckpoint = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var checkpointDue = clock.GetUtcNow() >= nextCheckpoint;
            if (await PassAsync(checkpointDue, stoppingToken) && checkpointDue)
            {
                nextCheckpoint = clock.GetUtcNow() + options.Value.CheckpointInterval;
            }

            try
            {
                await Task.Delay(options.Value.SealInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <returns>Whether the pass ran to its end on this instance.</returns>
    private async Task<bool> PassAsync(bool checkpointDue, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<AuditSealer>().RunAsync(checkpointDue, stoppingToken);
            if (report.Sealed > 0)
            {
                logger.LogDebug("Sealed {Count} audit events", report.Sealed);
            }

            return report.Ran;
        }
        catch (Exception exception) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogDebug("Sealing cut short by shutdown ({Reason}); what it sealed is committed", exception.GetType().Name);
        }
        catch (Exception exception) when (StoreFailures.IsOutage(exception))
        {
            logger.LogWarning("Sealing skipped, the store is unavailable ({Reason}); trying again in {Interval}", exception.GetType().Name, options.Value.SealInterval);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Sealing failed; trying again in {Interval}", options.Value.SealInterval);
        }

        return false;
    }
}
