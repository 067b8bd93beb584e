using TenantRegistry.Store;

namespace TenantRegistry.Audit.Evidence;

/// <summary>The last link of the chain: the newest seal's event id and chain hash, or 0 and the genesis link.</summary>
public sealed record SealHead(long EventId, byte[] ChainHash)
{
    public static SealHead Genesis => new(0, AuditChain.Genesis.ToArray());

    public static async Task<SealHead> ReadAsync(RegistryDb db, CancellationToken cancellationToken)
    {
        var newest = await db.AuditSeals().OrderByDescending(seal => seal.EventId).FirstOrNullAsync(cancellationToken);
        return newest is null ? Genesis : new SealHead(newest.EventId, newest.ChainHash);
    }

    /// <summary>The link just before <paramref name="eventId"/>: where a chain window starting at that id begins.</summary>
    public static async Task<SealHead> BeforeAsync(RegistryDb db, long eventId, CancellationToken cancellationToken)
    {
        var previous = await db.AuditSeals().Where(seal => seal.EventId < eventId).OrderByDescending(seal => seal.EventId)
            .FirstOrNullAsync(cancellationToken);
        return previous is null ? Genesis : new SealHead(previous.EventId, previous.ChainHash);
    }
}
