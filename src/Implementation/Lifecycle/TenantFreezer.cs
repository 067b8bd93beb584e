using System.Linq.Expressions;
using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.ApiKeys;
using TenantRegistry.Audit;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.Lifecycle;

/// <summary>
/// Every status change the sweeper makes goes through <see cref="FreezeAsync"/>: a conditional UPDATE of one tenant
/// and its audit event, committed together. The condition is re-checked by the UPDATE itself, so a tenant is frozen
/// once however many sweeps race for it; the commit also tells every instance's verify cache.
/// </summary>
public sealed class TenantFreezer(RegistryDb db, AuditTrail audit, VerdictChanges verdicts)
{
    public Task<bool> ExpireTrialAsync(Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken) =>
        FreezeAsync(tenantId, TenantDeadlines.TrialOver(now), "tenant.trial_expired",
            tenant => new { trial_ends_at = tenant.TrialEndsAt }, now, cancellationToken);

    /// <summary>Carries out a cancellation made with at_period_end; recorded as a cancellation that was scheduled.</summary>
    public Task<bool> CarryOutScheduledCancellationAsync(Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken) =>
        FreezeAsync(tenantId, TenantDeadlines.ScheduledFreezeDue(now), "tenant.cancelled",
            tenant => new { at_period_end = true, scheduled = true, effective_date = tenant.FreezeScheduledOn }, now, cancellationToken);

    /// <returns>Whether this call froze the tenant; false when it was not (or no longer) due.</returns>
    private async Task<bool> FreezeAsync(Guid tenantId, Expression<Func<TenantRow, bool>> due, string action,
        Func<TenantRow, object> metadata, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var dueTenant = db.Tenants.Where(t => t.Id == tenantId).Where(due);
        var before = await dueTenant.FirstOrDefaultAsync(cancellationToken);
        if (before is null)
        {
            return false;
        }

        var frozen = await dueTenant
            .Set(t => t.Status, TenantStates.Frozen)
            .Set(t => t.FreezeScheduledOn, (DateOnly?)null)
            .Set(t => t.UpdatedAt, now)
            .UpdateAsync(cancellationToken);
        if (frozen == 0)
        {
            return false;
        }

        await audit.RecordAsync(db, AuditTrail.TenantEvent(action, tenantId, before.Slug, now, RequestOrigin.System, metadata(before)), cancellationToken);
        await verdicts.CommitAsync(db, transaction, VerdictSubject.Tenant(tenantId), cancellationToken);
        return true;
    }
}
