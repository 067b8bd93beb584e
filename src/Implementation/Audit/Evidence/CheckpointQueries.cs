using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Store;

namespace TenantRegistry.Audit.Evidence;

/// <summary>Finds checkpoints and signing keys; reads only, so the offline verifier can use it without a signing key.</summary>
public sealed class CheckpointQueries(RegistryDb db)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public Task<AuditCheckpointRow?> LatestAsync(CancellationToken cancellationToken) =>
        db.AuditCheckpoints().OrderByDescending(c => c.Id).FirstOrNullAsync(cancellationToken);

    /// <summary>Signed at or after <paramref name="since"/>, oldest first.</summary>
    public Task<List<AuditCheckpointRow>> ListAsync(DateTimeOffset? since, int limit, CancellationToken cancellationToken)
    {
        var checkpoints = db.AuditCheckpoints().AsQueryable();
        if (since is { } from)
        {
            var bound = from.CeilingToMicrosecond();
            checkpoints = checkpoints.Where(c => c.SignedAt >= bound);
        }

        return checkpoints.OrderBy(c => c.SignedAt).ThenBy(c => c.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>The checkpoint nearest above <paramref name="eventId"/> (at it, or the first after it); the newest of equals.</summary>
    public Task<AuditCheckpointRow?> CoveringAsync(long eventId, CancellationToken cancellationToken) =>
        db.AuditCheckpoints().Where(c => c.LastEventId >= eventId).OrderBy(c => c.LastEventId).ThenByDescending(c => c.Id)
            .FirstOrNullAsync(cancellationToken);

    public Task<List<AuditSigningKeyRow>> SigningKeysAsync(CancellationToken cancellationToken) =>
        db.AuditSigningKeys().OrderBy(k => k.CreatedAt).ThenBy(k => k.Kid).ToListAsync(cancellationToken);
}
