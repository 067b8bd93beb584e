using LinqToDB;
using LinqToDB.Data;
using Microsoft.Extensions.Options;
using Npgsql;
using TenantRegistry.Store;
using TenantRegistry.Telemetry;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// Keeps this instance's verify answers current. On PostgreSQL it LISTENs for the changes the database announces
/// (triggers, M0006) and sends itself a heartbeat through the store every <see cref="ApiKeyOptions.HeartbeatInterval"/>:
/// the cache is trusted only while the last heartbeat came back within <see cref="ApiKeyOptions.HeartbeatTimeout"/>.
/// A dead socket, a pooler in transaction mode or a listener on the wrong server all look the same from here —
/// notifications stop — and all are noticed by the missing heartbeat, so a cached verdict outlives a change it
/// missed by at most interval + timeout. Whenever trust is lost the cache is emptied before it is trusted again,
/// because whatever was missed meanwhile cannot be known. On the embedded store there is one process, which forgets
/// its own changes: the listener only loads the untagged keys and warms the cache once.
/// </summary>
/// <remarks>At start the listener LISTENs first, then loads the untagged prefixes and warms the cache
/// (<see cref="VerdictWarmup"/>), then waits for its first heartbeat: only then is the instance ready.</remarks>
public sealed class VerdictChangeListener(VerdictCache cache, UntaggedKeys untagged, KeyIssuer issuer, VerdictWarmup warmup, DataOptions<RegistryDb> dataOptions,
    IOptions<StoreOptions> store, IOptions<ApiKeyOptions> options, RegistryMetrics metrics, ILogger<VerdictChangeListener> logger) : BackgroundService
{
    /// <summary>How the listening connection shows in pg_stat_activity.</summary>
    public const string ApplicationName = "tenant-registry-verdict-listener";

    private const string HeartbeatKind = "h:";
    private const string NewKeyKind = "n:";

    private static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(500);

    private readonly string heartbeatOf = HeartbeatKind + Guid.NewGuid().ToString("N") + ":";
    private long heartbeatsSent;
    private TaskCompletionSource heartbeatReturned = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        cache.Trusted = !store.Value.UsesPostgres;
        if (store.Value.UsesPostgres)
        {
            // The embedded store has no listener: no sample, rather than one that looks like a lost connection.
            metrics.VerdictListenerConnected(false);
        }

        var timeBound = warmup.GiveUpWaitingAfterTimeoutAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!store.Value.UsesPostgres)
                {
                    // One process: every change is this instance's own, forgotten in process, and so heard during the load.
                    await untagged.LoadAsync(await issuer.SecretAsync(stoppingToken), stoppingToken);
                    untagged.Complete = true;
                    await warmup.LoadAsync(stoppingToken);
                    cache.Trusted = true;
                    warmup.Completed();
                    break;
                }

                await ListenAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                cache.Trusted = false;
                untagged.Complete = false;
                metrics.VerdictListenerConnected(false);
                logger.LogWarning("Verdict listener is not hearing changes; cached verdicts are stale until it does again: {Reason}",
                    exception.GetType().Name);
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }

        await timeBound;
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(options.Value.ListenerConnectionString is { Length: > 0 } listener
            ? listener
            : store.Value.PostgresConnectionString)
        {
            Timeout = 2,
            CommandTimeout = 2,
            KeepAlive = 1,
            Pooling = false,
            ApplicationName = ApplicationName,
        }.ToString();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(stoppingToken);
        connection.Notification += (_, notification) => Receive(notification.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {UnitOfChange.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        using var deaf = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeats = KeepHearingAsync(deaf, stoppingToken);
        try
        {
            // KeepAlive makes Npgsql probe the idle connection every second, so a dead server ends this wait with an
            // exception; a connection that is alive but hears nothing is ended by the heartbeat.
            while (!deaf.IsCancellationRequested)
            {
                await SilentLink.AbandonWhenCancelled(WaitForNotificationAsync(connection, deaf.Token), deaf.Token);
            }
        }
        finally
        {
            await deaf.CancelAsync();
            await heartbeats;
        }

        stoppingToken.ThrowIfCancellationRequested();
        throw new TimeoutException("a heartbeat did not come back");
    }

    /// <summary>Trusts the cache once a first heartbeat came back, and cancels <paramref name="deaf"/> when one does not.</summary>
    private async Task KeepHearingAsync(CancellationTokenSource deaf, CancellationToken stoppingToken)
    {
        try
        {
            // Pooled connections to a server that went away are broken too; whatever was missed cannot be known.
            NpgsqlConnection.ClearAllPools();
            cache.ForgetEverything();
            await untagged.LoadAsync(await issuer.SecretAsync(deaf.Token), deaf.Token);
            // Listening already, so what is heard during the load wins over what the load read.
            await warmup.LoadAsync(deaf.Token);
            await HeartbeatAsync(deaf.Token);
            cache.Trusted = true;
            untagged.Complete = true;
            warmup.Completed();
            metrics.VerdictListenerConnected(true);
            logger.LogInformation("Verdict listener is listening");
            while (!deaf.IsCancellationRequested)
            {
                await Task.Delay(options.Value.HeartbeatInterval, deaf.Token);
                await HeartbeatAsync(deaf.Token);
            }
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            cache.Trusted = false;
            untagged.Complete = false;
            metrics.VerdictListenerConnected(false);
            if (exception is not OperationCanceledException)
            {
                logger.LogWarning("Verdict listener's heartbeat failed; cached verdicts are stale: {Reason}", exception.GetType().Name);
            }

            await deaf.CancelAsync();
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>Sends a heartbeat through the service's own store connections and waits for the listener to hear it.</summary>
    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var returned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref heartbeatReturned, returned);
        var payload = heartbeatOf + Interlocked.Increment(ref heartbeatsSent);
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(options.Value.HeartbeatTimeout);
            await SilentLink.AbandonWhenCancelled(NotifyAsync(payload, timeout.Token), timeout.Token);
        }

        await returned.Task.WaitAsync(options.Value.HeartbeatTimeout, cancellationToken);
    }

    private static async Task<bool> WaitForNotificationAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await connection.WaitAsync(cancellationToken);
        return true;
    }

    private async Task<int> NotifyAsync(string payload, CancellationToken cancellationToken)
    {
        await using var db = new RegistryDb(dataOptions);
        return await db.ExecuteAsync("SELECT pg_notify(@channel, @payload)", cancellationToken,
            new DataParameter("channel", UnitOfChange.Channel), new DataParameter("payload", payload));
    }

    private void Receive(string payload)
    {
        if (payload.StartsWith(HeartbeatKind, StringComparison.Ordinal))
        {
            if (payload.StartsWith(heartbeatOf, StringComparison.Ordinal))
            {
                Volatile.Read(ref heartbeatReturned).TrySetResult();
            }
        }
        else if (payload.StartsWith(NewKeyKind, StringComparison.Ordinal))
        {
            untagged.Add(payload[NewKeyKind.Length..]);
        }
        else if (VerdictSubject.Parse(payload) is { } subject)
        {
            cache.Forget(subject);
        }
    }
}
