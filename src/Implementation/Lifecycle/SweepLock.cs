using LinqToDB.Data;
using Microsoft.Extensions.Options;
using TenantRegistry.Store;

namespace TenantRegistry.Lifecycle;

/// <summary>
/// Lets one instance of a fleet sweep at a time: a session-level PostgreSQL advisory lock held on the sweep's own
/// connection, so it goes away with the connection if the instance dies mid-sweep. The embedded SQLite store has no
/// fleet to coordinate; overlapping sweeps would be harmless anyway, since every transition is conditional.
/// </summary>
public sealed class SweepLock(RegistryDb db, IOptions<StoreOptions> store)
{
    /// <summary>Every instance must use the same key; nothing else in the database may use it.</summary>
    public const long Key = 0x5452_5357_4545_5031; // "TRSWEEP1" in ASCII, so it is recognisable in pg_locks

    public async Task<bool> TryAcquireAsync(CancellationToken cancellationToken) =>
        !store.Value.UsesPostgres
        || await db.ExecuteAsync<bool>($"SELECT pg_try_advisory_lock({Key})", cancellationToken);

    public async Task ReleaseAsync()
    {
        if (!store.Value.UsesPostgres)
        {
            return;
        }

        try
        {
            // Not cancellable: a sweep stopped by shutdown must still hand the lock back.
            await db.ExecuteAsync<bool>($"SELECT pg_advisory_unlock({Key})", CancellationToken.None);
        }
        catch (Exception exception) when (StoreFailures.IsOutage(exception))
        {
            // The connection is gone, and the server released the lock with it.
        }
    }
}
