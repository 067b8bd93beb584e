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

    /// <summary>Appends an event sent through the API.</summary>
    /// <returns>
    /// The event as the store holds it (the id and time the store settled, the metadata as jsonb prints it), returned
    /// by the INSERT itself: one round trip instead of an insert and a read-back.
    /// </returns>
    public async Task<AuditEventRow> AppendAsync(RegistryDb db, AuditEventRow row, CancellationToken cancellationToken)
    {
        var stored = await db.AuditEvents.InsertWithOutputAsync(Stamped(row), cancellationToken);
        metrics.AuditAppended();
        return stored;
    }

    /// <summary>Records the event of a change, in the change's transaction.</summary>
    public async Task RecordAsync(RegistryDb db, AuditEntry entry, AuditActor actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await db.InsertAsync(Stamped(Row(entry, actor, at)), token: cancellationToken);
        // Counted when the store took the row; a transaction that fails after this point rolls the event back.
        metrics.AuditAppended();
    }

    private AuditEventRow Stamped(AuditEventRow row)
    {
        if (row.CreatedAt == default)
        {
            row.CreatedAt = clock.UtcNow();
        }

        return row;
    }

    private static AuditEventRow Row(AuditEntry entry, AuditActor actor, DateTimeOffset at) =>
        new()
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
        };
}
