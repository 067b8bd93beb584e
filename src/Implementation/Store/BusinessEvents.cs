using TenantRegistry.Audit;

namespace TenantRegistry.Store;

/// <summary>
/// One Information line per business event (tenant created, key revoked, trial started, a sweeper freeze, …), written
/// by the unit of change once the change committed, so the log never tells of a change that did not happen. The line
/// carries ids and the action, never metadata or client text: a key's plaintext cannot be in an audit event, and a
/// key's name or a reason is the caller's text, kept to the audit log. Lines written during a request carry its
/// request id (the request log's scope), which ties them to the request's own line.
/// </summary>
public sealed partial class BusinessEvents(ILogger<BusinessEvents> logger)
{
    public void Committed(IReadOnlyList<AuditEntry> events, AuditActor actor)
    {
        foreach (var entry in events)
        {
            var product = entry.Product ?? "none";
            if (entry.Target.Name is { } slug && entry.Target == AuditTarget.Tenant(entry.TenantId, slug))
            {
                // The slug pattern keeps a tenant's name in events safe to print.
                LogTenantEvent(entry.Action, entry.TenantId, slug, product, actor.Type);
            }
            else
            {
                LogEvent(entry.Action, entry.Target.Type, entry.Target.Id, entry.TenantId, product, actor.Type);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Action}: tenant {TenantId} ({Slug}), product {Product}, by {ActorType}")]
    private partial void LogTenantEvent(string action, Guid tenantId, string slug, string product, string actorType);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Action}: {TargetType} {TargetId} of tenant {TenantId}, product {Product}, by {ActorType}")]
    private partial void LogEvent(string action, string targetType, string targetId, Guid tenantId, string product, string actorType);
}
