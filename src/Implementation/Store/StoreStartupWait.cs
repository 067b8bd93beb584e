using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using TenantRegistry.Hosting;

namespace TenantRegistry.Store;

/// <summary>
/// At start, before migrations: waits for PostgreSQL to accept connections, with a logged backoff bounded by
/// <see cref="StoreOptions.StartupTimeout"/>, because an orchestrator often starts the service before its database is
/// up and a process that dies at once is crash-looped. What cannot get better by waiting (a malformed connection
/// string, a wrong password, a missing database, an SQLite file that cannot be opened) fails at once. Either way the
/// failure is one line naming what to check.
/// </summary>
public sealed class StoreStartupWait(IOptions<StoreOptions> options, TimeProvider clock, ILogger<StoreStartupWait> logger)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(5);

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var store = options.Value;
        var connectionString = ConnectionStringOf(store);
        var described = Describe(store);
        var started = clock.GetTimestamp();
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            var failure = await TryConnectAsync(store, connectionString, cancellationToken);
            if (failure is null)
            {
                logger.LogInformation("Store: {Store}{Waited}", described, attempt == 1 ? "" : $" (reachable after {attempt} attempts, {clock.GetElapsedTime(started).TotalSeconds:0.#} s)");
                return;
            }

            if (!store.UsesPostgres)
            {
                throw StartupFailure.Configuration($"{described} cannot be opened: {Reason(failure)}; check {nameof(StoreOptions.SqlitePath)} (Store__SqlitePath) and the directory's permissions");
            }

            if (!StoreFailures.IsOutage(failure))
            {
                throw StartupFailure.Configuration($"{described} refused the connection: {Reason(failure)}; check ConnectionStrings__Registry (database, username, password)");
            }

            // A failed first attempt is always retried once, and logged: on a slow start (a loaded node, a cold JIT)
            // the first attempt alone can outlast a short timeout, and the log must still show what was waited for.
            var left = store.StartupTimeout - clock.GetElapsedTime(started);
            if (left <= TimeSpan.Zero && attempt > 1)
            {
                throw new StartupFailure(
                    $"{described} did not accept connections within {store.StartupTimeout.TotalSeconds:0.#} s (Store__StartupTimeout, {attempt} attempts): {Reason(failure)}; "
                    + "check that PostgreSQL runs and that the host and port in ConnectionStrings__Registry reach it from here",
                    StartupFailure.StoreUnavailableExitCode);
            }

            // The last attempt is made when the time is up, so a store that comes up just then is still found.
            var wait = left <= TimeSpan.Zero ? TimeSpan.Zero : delay < left ? delay : left;
            logger.LogWarning("Store not reachable yet: {Store}: {Reason}; attempt {Attempt}, next in {Delay:0.#} s, giving up {Timeout:0.#} s after start (Store__StartupTimeout)",
                described, Reason(failure), attempt, wait.TotalSeconds, store.StartupTimeout.TotalSeconds);
            await Task.Delay(wait, clock, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestDelay.Ticks));
        }
    }

    /// <summary>Where the data lives, for operators: never the password.</summary>
    public static string Describe(StoreOptions store)
    {
        if (!store.UsesPostgres)
        {
            return $"SQLite file {Path.GetFullPath(store.SqlitePath)}";
        }

        var postgres = new NpgsqlConnectionStringBuilder(store.PostgresConnectionString);
        return $"PostgreSQL database '{postgres.Database ?? postgres.Username}' on {postgres.Host}:{postgres.Port} as '{postgres.Username}'";
    }

    private static string ConnectionStringOf(StoreOptions store)
    {
        try
        {
            return StoreRegistration.ConnectionStringOf(store);
        }
        catch (ArgumentException invalid) when (store.UsesPostgres)
        {
            throw StartupFailure.Configuration($"ConnectionStrings__Registry is not a valid PostgreSQL connection string: {invalid.Message}");
        }
        catch (Exception unusable) when (unusable is IOException or UnauthorizedAccessException)
        {
            throw StartupFailure.Configuration($"the directory of Store__SqlitePath ({store.SqlitePath}) cannot be created: {unusable.Message}");
        }
    }

    private static async Task<Exception?> TryConnectAsync(StoreOptions store, string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            if (store.UsesPostgres)
            {
                await using var postgres = new NpgsqlConnection(connectionString);
                await postgres.OpenAsync(cancellationToken);
            }
            else
            {
                await using var sqlite = new SqliteConnection(connectionString);
                await sqlite.OpenAsync(cancellationToken);
            }

            return null;
        }
        catch (Exception failure) when (failure is System.Data.Common.DbException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            return failure;
        }
    }

    /// <summary>The innermost message says it best ("Connection refused", "password authentication failed for user …").</summary>
    private static string Reason(Exception failure)
    {
        if (failure is PostgresException postgres)
        {
            return $"{postgres.MessageText} (SQLSTATE {postgres.SqlState})";
        }

        var innermost = failure;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return innermost.Message.TrimEnd('.');
    }
}
