using TenantRegistry.Generated;

namespace TenantRegistry.Audit.Evidence;

internal static class EvidenceResponses
{
    public static AuditCheckpoint ToResponse(this AuditCheckpointRow row) => new()
    {
        Last_event_id = row.LastEventId,
        Chain_hash = AuditChain.Hex(row.ChainHash),
        Signed_at = row.SignedAt,
        Kid = row.Kid,
        Signature = Convert.ToBase64String(row.Signature),
    };

    public static AuditSeal ToResponse(this AuditSealRow row) => new()
    {
        Prev_id = row.PrevEventId,
        Event_hash = AuditChain.Hex(row.EventHash),
        Chain_hash = AuditChain.Hex(row.ChainHash),
    };

    public static AuditSigningKey ToResponse(this AuditSigningKeyRow row) => new()
    {
        Kid = row.Kid,
        Algorithm = AuditSigningKeyAlgorithm.ES256,
        Pem = row.PublicKeyPem,
        Created_at = row.CreatedAt,
    };
}
