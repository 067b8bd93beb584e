using System.Linq.Expressions;
using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Audit;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.Lifecycle;

/// <summary>
/// Every status change the sweeper makes goes through <see cref="FreezeAsync"/>: a conditional UPDATE of one tenant
/// and its audit event, committed together by a unit of change. The condition is re-checked by the UPDATE itself, so
/// a tenant is frozen once however many sweeps race for it; the commit also tells every instance's verify cache.
/// </summary>
public sealed class TenantFreezer(UnitOfChange unit)
{
    public Task<bool> ExpireTrialAsync(Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken) =>
        FreezeAsync(tenantId, TenantRules.TrialOver(now), "tenant.trial_expired",
            tenant => new { trial_ends_at = tenant.TrialEndsAt }, cancellationToken);

    /// <summary>Carries out a cancellation made with at_period_end; recorded as a cancellation that was scheduled.</summary>
    public Task<bool> CarryOutScheduledCancellationAsync(Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken) =>
        FreezeAsync(tenantId, TenantRules.ScheduledFreezeDue(now), "tenant.cancelled",
            tenant => new { at_period_end = true, scheduled = true, effective_date = tenant.FreezeScheduledOn }, cancellationToken);

    /// <returns>Whether this call froze the tenant; false when it was not (or no longer) due.</returns>
    private async Task<bool> FreezeAsync(Guid tenantId, Expression<Func<TenantRow, bool>> due, string action,
        Func<TenantRow, object> metadata, CancellationToken cancellationToken)
    {
        var frozen = await unit.RunAsync<TenantRow>(async change =>
        {
            var dueTenant = change.Db.Tenants.Where(t => t.Id == tenantId).Where(due);
            if (await dueTenant.FirstOrDefaultAsync(change.CancellationToken) is not { } before
                || await dueTenant
                    .Set(t => t.Status, TenantStates.Frozen)
                    .Set(t => t.FreezeScheduledOn, (DateOnly?)null)
                    .Set(t => t.UpdatedAt, change.Now)
                    .UpdateAsync(change.CancellationToken) == 0)
            {
                return NotDue;
            }

            change.Record(AuditEntry.ForTenant(action, tenantId, before.Slug, metadata(before)));
            change.Affects(VerdictSubject.Tenant(tenantId));
            return before;
        }, cancellationToken);
        return frozen.Succeeded;
    }

    private static readonly Refusal NotDue = Refusal.InvalidState("the tenant is not (or no longer) due for freezing");
}
