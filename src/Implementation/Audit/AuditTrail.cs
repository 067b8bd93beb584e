using System.Text.Json;
using System.Text.Json.Serialization;
using LinqToDB;
using TenantRegistry.Store;
using TenantRegistry.Telemetry;

namespace TenantRegistry.Audit;

/// <summary>
/// Writes the audit event of a change inside the caller's transaction, so the change and its event commit or
/// fail together.
/// </summary>
public sealed class AuditTrail(TimeProvider clock, RegistryMetrics metrics)
{
    public const string ApiActorType = "api";
    public const string SystemActorType = "system";

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

    private static readonly JsonSerializerOptions MetadataJson = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static AuditEventRow TenantEvent(string action, Guid tenantId, string slug, DateTimeOffset at, RequestOrigin origin, object? metadata = null) => new()
    {
        TenantId = tenantId,
        // By reference: a request with neither address nor user agent equals System by value, but is still the API.
        ActorType = ReferenceEquals(origin, RequestOrigin.System) ? SystemActorType : ApiActorType,
        Action = action,
        TargetId = tenantId.ToString("D"),
        TargetType = "tenant",
        TargetName = slug,
        Metadata = metadata is null ? null : JsonSerializer.Serialize(metadata, MetadataJson),
        SourceIp = origin.SourceIp,
        UserAgent = origin.UserAgent,
        CreatedAt = at,
    };
}
