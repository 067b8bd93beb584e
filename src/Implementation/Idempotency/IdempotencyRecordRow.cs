using LinqToDB.Mapping;

namespace TenantRegistry.Idempotency;

/// <summary>The answer a request with an Idempotency-Key got, kept so that a retry gets it again byte for byte.</summary>
[Table("idempotency_records")]
public sealed class IdempotencyRecordRow
{
    [Column("scope"), PrimaryKey(0)] public string Scope { get; set; } = "";
    [Column("idem_key"), PrimaryKey(1)] public string Key { get; set; } = "";

    /// <summary>SHA-256 of what the request asked (see <see cref="RequestFingerprint"/>).</summary>
    [Column("fingerprint"), NotNull] public byte[] Fingerprint { get; set; } = [];

    [Column("status"), NotNull] public int Status { get; set; }
    [Column("content_type")] public string? ContentType { get; set; }
    [Column("location")] public string? Location { get; set; }

    /// <summary>The response body, encrypted (<see cref="StoredAnswerProtection"/>): a key-create answer holds a plaintext key.</summary>
    [Column("body"), NotNull] public byte[] Body { get; set; } = [];

    [Column("created_at"), NotNull] public DateTimeOffset CreatedAt { get; set; }
    [Column("expires_at"), NotNull] public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>One key of the Data Protection key ring, as XML (<see cref="StoreKeyRing"/>).</summary>
[Table("data_protection_keys")]
public sealed class DataProtectionKeyRow
{
    [Column("id"), PrimaryKey, Identity] public long Id { get; set; }
    [Column("friendly_name")] public string? FriendlyName { get; set; }
    [Column("xml"), NotNull] public string Xml { get; set; } = "";
}
