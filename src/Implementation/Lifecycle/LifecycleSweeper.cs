using Microsoft.Extensions.Options;
using TenantRegistry.Store;
using TenantRegistry.Telemetry;

namespace TenantRegistry.Lifecycle;

/// <summary>
/// Runs a <see cref="LifecycleSweep"/> at start and then every <see cref="SweeperOptions.Interval"/> of the injected
/// clock. A failed sweep is logged and retried at the next tick: the store being away must not stop the service.
/// </summary>
internal sealed class LifecycleSweeper(IServiceScopeFactory scopes, IOptions<SweeperOptions> options, TimeProvider clock, RegistryMetrics metrics,
    ILogger<LifecycleSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            // Off the timer's thread: a tick may resume this loop on the thread that fires timers (with a test clock,
            // the one moving time), and a sweep must not hold that up. Ticks that pass during a sweep collapse into one.
            await Task.Run(() => SweepOnceAsync(stoppingToken), CancellationToken.None);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SweepOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<LifecycleSweep>().RunAsync(stoppingToken);
            Record(report);
            if (report.Changes > 0)
            {
                logger.LogInformation("Sweep froze {TrialsExpired} expired trials and {Cancellations} tenants with a scheduled cancellation, and disabled {EntitlementsExpired} expired entitlements",
                    report.TrialsExpired, report.CancellationsCarriedOut, report.EntitlementsExpired);
            }
        }
        catch (Exception exception) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogDebug("Sweep cut short by shutdown ({Reason}); what it finished is committed, the rest is left for the next sweep", exception.GetType().Name);
        }
        catch (Exception exception) when (StoreFailures.IsOutage(exception))
        {
            logger.LogWarning("Sweep skipped, the store is unavailable ({Reason}); trying again in {Interval}", exception.GetType().Name, options.Value.Interval);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Sweep failed; trying again in {Interval}", options.Value.Interval);
        }
    }

    /// <summary>A sweep left to another instance is no success of this one: its last_success stays where it was.</summary>
    private void Record(SweepReport report)
    {
        if (!report.Ran)
        {
            return;
        }

        metrics.SweeperTransitions(SweeperTransition.TrialExpired, report.TrialsExpired);
        metrics.SweeperTransitions(SweeperTransition.ScheduledCancellation, report.CancellationsCarriedOut);
        metrics.SweeperTransitions(SweeperTransition.EntitlementExpired, report.EntitlementsExpired);
        metrics.SweepSucceeded(clock.GetUtcNow());
    }
}
