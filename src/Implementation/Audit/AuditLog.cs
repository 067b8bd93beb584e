using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Store;

namespace TenantRegistry.Audit;

/// <summary>Appends events and pages through them. There is no update or delete: the log is append-only.</summary>
public sealed class AuditLog(RegistryDb db, AuditTrail trail)
{
    /// <returns>The event as the store holds it, so the 201 shows exactly what every later read shows.</returns>
    public async Task<AuditEventRow> AppendAsync(AuditEventRow row, CancellationToken cancellationToken)
    {
        var id = await trail.RecordAsync(db, row, cancellationToken);
        return await db.AuditEvents.Where(e => e.Id == id).FirstOrNullAsync(cancellationToken)
            ?? throw new InvalidOperationException($"audit event {id} is missing right after its insert");
    }

    /// <returns>Up to <see cref="AuditQuery.Limit"/> events, newest first, and whether more follow the last one.</returns>
    public async Task<(List<AuditEventRow> Events, bool MoreFollow)> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var events = Filtered(db.AuditEvents, query);
        if (query.Cursor is { } cursor)
        {
            events = events.Where(e => e.Id < cursor);
        }

        // One row more than asked tells whether another page exists, without counting.
        var page = await events.OrderByDescending(e => e.Id).Take(query.Limit + 1).ToListAsync(cancellationToken);
        var moreFollow = page.Count > query.Limit;
        if (moreFollow)
        {
            page.RemoveAt(page.Count - 1);
        }

        return (page, moreFollow);
    }

    /// <summary>The events every filter of <paramref name="query"/> admits (cursor and limit aside); the export filters alike.</summary>
    public static IQueryable<AuditEventRow> Filtered(IQueryable<AuditEventRow> events, AuditQuery query)
    {
        if (query.TenantId is { } tenantId)
        {
            events = events.Where(e => e.TenantId == tenantId);
        }

        if (query.Product is { } product)
        {
            events = events.Where(e => e.Product == product);
        }

        if (query.ActorId is { } actorId)
        {
            events = events.Where(e => e.ActorId == actorId);
        }

        if (query.Action is { } action)
        {
            events = events.Where(e => e.Action == action);
        }

        // Stored times are whole microseconds, so a bound rounded up to one compares exactly like the bound itself.
        if (query.Since is { } since)
        {
            var from = since.CeilingToMicrosecond();
            events = events.Where(e => e.CreatedAt >= from);
        }

        if (query.Until is { } until)
        {
            var before = until.CeilingToMicrosecond();
            events = events.Where(e => e.CreatedAt < before);
        }

        return events;
    }
}
