using Microsoft.Extensions.Options;
using Npgsql;
using TenantRegistry.Store;
using TenantRegistry.Telemetry;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// LISTENs for verdict changes made by any instance (PostgreSQL only). While the listening connection is down this
/// instance may miss changes, so the cache is untrusted until it listens again — and then it is emptied, because
/// whatever was missed meanwhile cannot be known.
/// </summary>
public sealed class VerdictChangeListener(VerdictCache cache, IOptions<StoreOptions> store, RegistryMetrics metrics, ILogger<VerdictChangeListener> logger)
    : BackgroundService
{
    /// <summary>How the listening connection shows in pg_stat_activity.</summary>
    public const string ApplicationName = "tenant-registry-verdict-listener";

    private static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(500);

    /// <summary>On the embedded store there is one process, and it forgets its own changes: nothing to listen to.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        store.Value.UsesPostgres ? ListenUntilStoppedAsync(stoppingToken) : Task.CompletedTask;

    private async Task ListenUntilStoppedAsync(CancellationToken stoppingToken)
    {
        cache.Trusted = false;
        metrics.VerdictListenerConnected(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                cache.Trusted = false;
                metrics.VerdictListenerConnected(false);
                logger.LogWarning("Verdict listener lost its connection; cached verdicts are stale until it listens again: {Reason}",
                    exception.GetType().Name);
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(store.Value.PostgresConnectionString)
        {
            Timeout = 2,
            CommandTimeout = 2,
            KeepAlive = 1,
            Pooling = false,
            ApplicationName = ApplicationName,
        }.ToString();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(stoppingToken);
        connection.Notification += (_, notification) =>
        {
            if (VerdictSubject.Parse(notification.Payload) is { } subject)
            {
                cache.Forget(subject);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {UnitOfChange.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        if (!cache.Trusted)
        {
            // Coming back from a lost connection: pooled connections to the old server process are broken too.
            NpgsqlConnection.ClearAllPools();
        }

        cache.ForgetEverything();
        cache.Trusted = true;
        metrics.VerdictListenerConnected(true);
        logger.LogInformation("Verdict listener is listening");

        // KeepAlive makes Npgsql probe the idle connection every second, so a dead server ends this wait with an
        // exception instead of leaving the instance deaf.
        while (!stoppingToken.IsCancellationRequested)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }
}
