using System.Text.Json;
using TenantRegistry.Generated;

namespace TenantRegistry.Audit;

internal static class AuditResponses
{
    public static AuditEvent ToResponse(this AuditEventRow row) => new()
    {
        Id = row.Id,
        Tenant_id = row.TenantId,
        Project_id = row.ProjectId,
        Actor_id = row.ActorId,
        Actor_name = row.ActorName,
        Actor_type = row.ActorType,
        Action = row.Action,
        Target_id = row.TargetId,
        Target_type = row.TargetType,
        Target_name = row.TargetName,
        Product = row.Product,
        Metadata = row.Metadata is null ? null : JsonSerializer.Deserialize<JsonElement>(row.Metadata),
        Source_ip = row.SourceIp,
        User_agent = row.UserAgent,
        Recorded_by = row.RecordedBy,
        Created_at = row.CreatedAt,
    };

    public static AuditEventPage ToPage(this List<AuditEventRow> rows, bool moreFollow) => new()
    {
        Items = rows.Select(row => row.ToResponse()).ToList(),
        Next_cursor = moreFollow ? rows[^1].Id : null,
    };
}
