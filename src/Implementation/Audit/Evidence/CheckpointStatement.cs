using System.Security.Cryptography;
using System.Text;

namespace TenantRegistry.Audit.Evidence;

/// <summary>
/// What a checkpoint's signature is over (docs/audit.md "Checkpoints"): the RFC 8785 canonical JSON of
/// {"chain_hash", "kid", "last_event_id", "signed_at", "type"}, signed with ECDSA P-256 and SHA-256, the signature
/// DER-encoded as `openssl dgst -sha256 -verify` reads it.
/// </summary>
public static class CheckpointStatement
{
    public const string Type = "tenant-registry.audit-checkpoint.v1";

    public static byte[] Payload(long lastEventId, ReadOnlySpan<byte> chainHash, DateTimeOffset signedAt, string kid)
    {
        var text = new StringBuilder("{\"chain_hash\":");
        CanonicalJson.WriteString(text, AuditChain.Hex(chainHash));
        text.Append(",\"kid\":");
        CanonicalJson.WriteString(text, kid);
        text.Append(",\"last_event_id\":").Append(CanonicalJson.FormatNumber(lastEventId));
        text.Append(",\"signed_at\":");
        CanonicalJson.WriteString(text, EventCanonicalForm.FormatTimestamp(signedAt));
        text.Append(",\"type\":");
        CanonicalJson.WriteString(text, Type);
        return Encoding.UTF8.GetBytes(text.Append('}').ToString());
    }

    /// <summary>The key id: SHA-256 of the SubjectPublicKeyInfo DER, the first 32 hex digits.</summary>
    public static string KidOf(ECDsa key) =>
        Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..32];

    public static bool Verifies(ECDsa publicKey, byte[] payload, byte[] signature)
    {
        try
        {
            return publicKey.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
