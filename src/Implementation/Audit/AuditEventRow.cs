using LinqToDB;
using LinqToDB.Mapping;

namespace TenantRegistry.Audit;

[Table("audit_events")]
public sealed class AuditEventRow
{
    [Column("id"), PrimaryKey, Identity] public long Id { get; set; }
    [Column("tenant_id")] public Guid? TenantId { get; set; }
    [Column("project_id")] public Guid? ProjectId { get; set; }
    [Column("actor_id")] public string? ActorId { get; set; }
    [Column("actor_name")] public string? ActorName { get; set; }
    [Column("actor_type")] public string? ActorType { get; set; }
    [Column("action"), NotNull] public string Action { get; set; } = "";
    [Column("target_id")] public string? TargetId { get; set; }
    [Column("target_type")] public string? TargetType { get; set; }
    [Column("target_name")] public string? TargetName { get; set; }
    [Column("product")] public string? Product { get; set; }

    /// <summary>The metadata object as JSON text (jsonb on PostgreSQL).</summary>
    [Column("metadata", DataType = DataType.BinaryJson)] public string? Metadata { get; set; }

    [Column("source_ip")] public string? SourceIp { get; set; }
    [Column("user_agent")] public string? UserAgent { get; set; }

    /// <summary>Who submitted an event appended through the API; null on the registry's own events.</summary>
    [Column("recorded_by")] public string? RecordedBy { get; set; }
    [Column("created_at"), NotNull] public DateTimeOffset CreatedAt { get; set; }
}
