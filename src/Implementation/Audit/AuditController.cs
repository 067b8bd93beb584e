using Microsoft.AspNetCore.Mvc;
using TenantRegistry.Errors;
using TenantRegistry.Generated;

namespace TenantRegistry.Audit;

[ApiController]
public sealed class AuditController : AuditControllerBase
{
    public override Task<ActionResult<AuditEvent>> AppendAuditEvent(AuditAppend body, CancellationToken cancellationToken) =>
        Task.FromResult<ActionResult<AuditEvent>>(ApiErrors.NotImplemented());

    public override Task<ActionResult<AuditEventPage>> ListAuditEvents(Guid? tenant_id, string? product, string? actor_id, string? action,
        DateTimeOffset? since, DateTimeOffset? until, int? limit, long? cursor, CancellationToken cancellationToken) =>
        Task.FromResult<ActionResult<AuditEventPage>>(ApiErrors.NotImplemented());
}
