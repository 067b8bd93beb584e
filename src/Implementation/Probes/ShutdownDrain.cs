using Microsoft.Extensions.Options;
using TenantRegistry.Errors;

namespace TenantRegistry.Probes;

/// <summary>
/// The first step of stopping. Without it a SIGTERMed instance closes its listener and its idle keep-alive
/// connections at once, while the balancer still counts it in rotation until its next failed check: a request the
/// balancer sends over such a closing connection in that moment fails, and a balancer cannot safely replay a POST.
/// Draining first turns /readyz red, keeps serving everything for <see cref="ShutdownOptions.DrainDelay"/> (longer
/// than the balancer needs to notice), and only then lets the server stop, when nothing is sent to it any more. The
/// fleet measurement (bench/Fleet, docs/operations.md) counts the failed requests of a rolling deploy with and without.
/// </summary>
public sealed class ShutdownDrain(IOptions<ShutdownOptions> options, ILogger<ShutdownDrain> logger) : IHostedLifecycleService, IReadinessGate
{
    private volatile bool draining;

    public string? WhyNotReady => draining ? WireMessages.Draining : null;

    /// <summary>Runs before any hosted service stops, the web server included, which keeps serving meanwhile.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var delay = options.Value.DrainDelay;
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        draining = true;
        logger.LogInformation("Stopping: /readyz answers 503 and requests are still served for {DrainDelay} before the listener closes", delay);
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out first: stop now.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
