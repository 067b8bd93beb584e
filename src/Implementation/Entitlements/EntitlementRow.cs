using LinqToDB;
using LinqToDB.Mapping;

namespace TenantRegistry.Entitlements;

/// <summary>A product a tenant may use; at most one row per (tenant, product), whatever its state.</summary>
[Table("tenant_products")]
public sealed class EntitlementRow
{
    public const string EmptyConfig = "{}";

    [Column("tenant_id"), PrimaryKey(0)] public Guid TenantId { get; set; }
    [Column("product"), PrimaryKey(1)] public string Product { get; set; } = "";
    [Column("enabled"), NotNull] public bool Enabled { get; set; }

    /// <summary>The product's settings for this tenant as a JSON object (jsonb on PostgreSQL).</summary>
    [Column("config", DataType = DataType.BinaryJson), NotNull] public string Config { get; set; } = EmptyConfig;

    [Column("expires_at")] public DateTimeOffset? ExpiresAt { get; set; }
    [Column("created_at"), NotNull] public DateTimeOffset CreatedAt { get; set; }
    [Column("updated_at"), NotNull] public DateTimeOffset UpdatedAt { get; set; }
}
