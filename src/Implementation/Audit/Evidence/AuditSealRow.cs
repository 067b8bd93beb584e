using LinqToDB.Mapping;

namespace TenantRegistry.Audit.Evidence;

/// <summary>An event's place in the chain, written once by the sealer; the table is append-only like the events.</summary>
[Table("audit_seals")]
public sealed class AuditSealRow
{
    [Column("event_id"), PrimaryKey] public long EventId { get; set; }

    /// <summary>The event sealed before this one (0 for the first): ids the sealer skipped as gaps lie between.</summary>
    [Column("prev_event_id"), NotNull] public long PrevEventId { get; set; }

    [Column("event_hash"), NotNull] public byte[] EventHash { get; set; } = [];
    [Column("chain_hash"), NotNull] public byte[] ChainHash { get; set; } = [];
    [Column("sealed_at"), NotNull] public DateTimeOffset SealedAt { get; set; }
}
