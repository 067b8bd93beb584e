using LinqToDB.Mapping;

namespace TenantRegistry.Audit.Evidence;

/// <summary>A signed statement "the chain through event N has this hash", append-only.</summary>
[Table("audit_checkpoints")]
public sealed class AuditCheckpointRow
{
    [Column("id"), PrimaryKey, Identity] public long Id { get; set; }
    [Column("last_event_id"), NotNull] public long LastEventId { get; set; }
    [Column("chain_hash"), NotNull] public byte[] ChainHash { get; set; } = [];
    [Column("signed_at"), NotNull] public DateTimeOffset SignedAt { get; set; }
    [Column("kid"), NotNull] public string Kid { get; set; } = "";
    [Column("signature"), NotNull] public byte[] Signature { get; set; } = [];
}
