using LinqToDB.Data;
using Microsoft.Extensions.Options;
using TenantRegistry.Store;

namespace TenantRegistry.Audit.Evidence;

/// <summary>
/// The two PostgreSQL advisory locks of sealing. <see cref="SealerKey"/> lets one instance of a fleet seal at a time,
/// held on the sealing connection like the sweep lock. <see cref="GapKey"/> closes the one race of passing a gap:
/// every append takes it shared when it commits (the deferred trigger of M0008) and refuses to commit below a seal;
/// the sealer takes it exclusively in the transaction that passes a gap, so no append can commit into the gap
/// between the sealer's last look and its commit. The embedded SQLite store has one writer at a time and one
/// process; there the sealer's in-process gate is enough.
/// </summary>
public sealed class SealLocks(RegistryDb db, IOptions<StoreOptions> store)
{
    /// <summary>"TRSEAL01" in ASCII; every instance uses it, nothing else in the database may.</summary>
    public const long SealerKey = 0x5452_5345_414C_3031;

    /// <summary>"TRSEALGP"; the M0008 trigger names the same number.</summary>
    public const long GapKey = 0x5452_5345_414C_4750;

    public async Task<bool> TryAcquireSealerAsync(CancellationToken cancellationToken) =>
        !store.Value.UsesPostgres
        || await db.ExecuteAsync<bool>($"SELECT pg_try_advisory_lock({SealerKey})", cancellationToken);

    public async Task ReleaseSealerAsync()
    {
        if (!store.Value.UsesPostgres)
        {
            return;
        }

        try
        {
            // Not cancellable: a pass stopped by shutdown must still hand the lock back.
            await db.ExecuteAsync<bool>($"SELECT pg_advisory_unlock({SealerKey})", CancellationToken.None);
        }
        catch (Exception exception) when (StoreFailures.IsOutage(exception))
        {
            // The connection is gone, and the server released the lock with it.
        }
    }

    /// <summary>Inside the transaction that passes a gap: waits for appends in their commit, keeps new ones out.</summary>
    public async Task HoldGapClosedAsync(CancellationToken cancellationToken)
    {
        if (store.Value.UsesPostgres)
        {
            await db.ExecuteAsync($"SELECT pg_advisory_xact_lock({GapKey})", cancellationToken);
        }
    }
}
