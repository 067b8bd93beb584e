using LinqToDB;
using LinqToDB.Mapping;

namespace TenantRegistry.ApiKeys;

[Table("api_keys")]
public sealed class ApiKeyRow
{
    [Column("id"), PrimaryKey] public Guid Id { get; set; }
    [Column("tenant_id"), NotNull] public Guid TenantId { get; set; }
    [Column("name"), NotNull] public string Name { get; set; } = "";
    [Column("product")] public string? Product { get; set; }

    /// <summary>The scopes as a JSON array (jsonb on PostgreSQL).</summary>
    [Column("scopes", DataType = DataType.BinaryJson), NotNull] public string Scopes { get; set; } = "[]";

    /// <summary>The non-secret leading part of the key (type prefix and public id); what verify looks a key up by.</summary>
    [Column("prefix"), NotNull] public string Prefix { get; set; } = "";

    /// <summary>SHA-256 of the whole plaintext key; the plaintext itself is never stored.</summary>
    [Column("secret_hash"), NotNull] public byte[] SecretHash { get; set; } = [];

    [Column("created_by")] public string? CreatedBy { get; set; }
    [Column("last_used_at")] public DateTimeOffset? LastUsedAt { get; set; }
    [Column("revoked_at")] public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>After this the key no longer verifies; set at creation or by a rotation's grace period.</summary>
    [Column("expires_at")] public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The key this one replaced, when a rotation issued it.</summary>
    [Column("rotated_from")] public Guid? RotatedFrom { get; set; }

    /// <summary>When the sweeper wrote this key's api_key.expired event; it writes it once.</summary>
    [Column("expiry_recorded_at")] public DateTimeOffset? ExpiryRecordedAt { get; set; }
    [Column("created_at"), NotNull] public DateTimeOffset CreatedAt { get; set; }
}
