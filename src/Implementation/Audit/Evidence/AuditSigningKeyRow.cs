using LinqToDB.Mapping;

namespace TenantRegistry.Audit.Evidence;

/// <summary>A public key that signs checkpoints; every instance registers its own at start.</summary>
[Table("audit_signing_keys")]
public sealed class AuditSigningKeyRow
{
    [Column("kid"), PrimaryKey] public string Kid { get; set; } = "";
    [Column("public_key_pem"), NotNull] public string PublicKeyPem { get; set; } = "";
    [Column("created_at"), NotNull] public DateTimeOffset CreatedAt { get; set; }
}
