using System.Text.Json;
using System.Text.Json.Serialization;
using LinqToDB;
using TenantRegistry.Store;
using TenantRegistry.Telemetry;

namespace TenantRegistry.Audit;

/// <summary>
/// Writes audit events inside the caller's transaction, so a change and its events commit or fail together. The one
/// place an <see cref="AuditEntry"/> becomes a row: one JSON form for metadata, one way to stamp the actor.
/// </summary>
public sealed class AuditTrail(TimeProvider clock, RegistryMetrics metrics)
{
    private static readonly JsonSerializerOptions MetadataJson = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <returns>The id the store gave the event.</returns>
    public async Task<long> RecordAsync(RegistryDb db, AuditEventRow row, CancellationToken cancellationToken)
    {
        if (row.CreatedAt == default)
        {
            row.CreatedAt = clock.UtcNow();
        }

        var id = await db.InsertWithInt64IdentityAsync(row, token: cancellationToken);
        // Counted when the store took the row; a transaction that fails after this point rolls the event back.
        metrics.AuditAppended();
        return id;
    }

    public Task<long> RecordAsync(RegistryDb db, AuditEntry entry, AuditActor actor, DateTimeOffset at, CancellationToken cancellationToken) =>
        RecordAsync(db, new AuditEventRow
        {
            TenantId = entry.TenantId,
            ActorType = actor.Type,
            // Under a token the token says who acted; without one, what the change itself names (a key's created_by).
            ActorId = actor.Id ?? entry.ActorId,
            ActorName = actor.Name,
            Action = entry.Action,
            TargetId = entry.Target.Id,
            TargetType = entry.Target.Type,
            TargetName = entry.Target.Name,
            Product = entry.Product,
            Metadata = entry.Metadata is null ? null : JsonSerializer.Serialize(entry.Metadata, MetadataJson),
            SourceIp = actor.SourceIp,
            UserAgent = actor.UserAgent,
            CreatedAt = at,
        }, cancellationToken);
}
