using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Errors;
using TenantRegistry.Generated;
using TenantRegistry.Json;
using TenantRegistry.Security;
using TenantRegistry.Store;

namespace TenantRegistry.Audit;

[ApiController]
public sealed class AuditController(AuditLog log, CallerContext caller, TenantBoundary boundary) : AuditControllerBase
{
    public override async Task<ActionResult<AuditEvent>> AppendAuditEvent(AuditAppend body, CancellationToken cancellationToken)
    {
        if (AuditAppendInput.Problem(body) is { } problem)
        {
            return Refusal.InvalidInput(problem).ToResult();
        }

        var actor = caller.Actor;
        var appended = await log.AppendAsync(new AuditEventRow
        {
            TenantId = body.Tenant_id,
            ProjectId = body.Project_id,
            ActorId = body.Actor_id,
            ActorName = body.Actor_name,
            ActorType = body.Actor_type,
            Action = body.Action,
            TargetId = body.Target_id,
            TargetType = body.Target_type,
            TargetName = body.Target_name,
            Product = body.Product,
            Metadata = JsonObjectBounds.ToStoredText(body.Metadata),
            SourceIp = actor.SourceIp,
            UserAgent = actor.UserAgent,
            RecordedBy = actor.RecordedBy,
        }, cancellationToken);

        return appended.RespondWith(stored => StatusCode(StatusCodes.Status201Created, stored.ToResponse()));
    }

    public override async Task<ActionResult<AuditEventPage>> ListAuditEvents(Guid? tenant_id, string? product, string? actor_id, string? action,
        DateTimeOffset? since, DateTimeOffset? until, int? limit, long? cursor, CancellationToken cancellationToken)
    {
        var listed = await boundary.ListedTenantAsync(tenant_id, cancellationToken);
        if (!listed.Succeeded)
        {
            return listed.Refusal!.ToResult();
        }

        var query = new AuditQuery(listed.Value, product, actor_id, action, since, until, limit ?? AuditQuery.DefaultLimit, cursor);
        if (AuditQueryInput.Problem(query) is { } problem)
        {
            return Refusal.InvalidInput(problem).ToResult();
        }

        var (events, moreFollow) = await log.ListAsync(query, cancellationToken);
        return events.ToPage(moreFollow);
    }
}
