using LinqToDB;
using TenantRegistry.Store;

namespace TenantRegistry.Audit;

/// <summary>Appends events and pages through them. There is no update or delete: the log is append-only.</summary>
public sealed class AuditLog(RegistryDb db, AuditTrail trail, UnitOfChange unit)
{
    /// <summary>
    /// Appends in a unit of change like every other write, so an append sent with an Idempotency-Key is recorded
    /// with its answer and a retry does not append it twice. The event is the change itself: it carries the actor
    /// the caller gave, not the unit's, so it is written here rather than recorded on the change.
    /// </summary>
    /// <returns>The event as the store holds it, so the 201 shows exactly what every later read shows.</returns>
    public Task<Outcome<AuditEventRow>> AppendAsync(AuditEventRow row, CancellationToken cancellationToken) =>
        unit.RunAsync<AuditEventRow>(async change =>
        {
            row.CreatedAt = change.Now;
            var id = await trail.RecordAsync(change.Db, row, change.CancellationToken);
            return await change.Db.AuditEvents.Where(e => e.Id == id).FirstOrNullAsync(change.CancellationToken)
                ?? throw new InvalidOperationException($"audit event {id} is missing right after its insert");
        }, cancellationToken);

    /// <returns>Up to <see cref="AuditQuery.Limit"/> events, newest first, and whether more follow the last one.</returns>
    public async Task<(List<AuditEventRow> Events, bool MoreFollow)> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var events = Filtered(db.AuditEvents, query).WhereSet(query.Cursor, cursor => e => e.Id < cursor);
        return await events.OrderByDescending(e => e.Id).PageAsync(query.Limit, cancellationToken);
    }

    /// <summary>The events every filter of <paramref name="query"/> admits (cursor and limit aside); the export filters alike.</summary>
    public static IQueryable<AuditEventRow> Filtered(IQueryable<AuditEventRow> events, AuditQuery query) =>
        // Stored times are whole microseconds, so a bound rounded up to one compares exactly like the bound itself.
        events
            .WhereSet(query.TenantId, tenantId => e => e.TenantId == tenantId)
            .WhereSet(query.Product, product => e => e.Product == product)
            .WhereSet(query.ActorId, actorId => e => e.ActorId == actorId)
            .WhereSet(query.Action, action => e => e.Action == action)
            .WhereSet(query.Since?.CeilingToMicrosecond(), from => e => e.CreatedAt >= from)
            .WhereSet(query.Until?.CeilingToMicrosecond(), before => e => e.CreatedAt < before);
}
