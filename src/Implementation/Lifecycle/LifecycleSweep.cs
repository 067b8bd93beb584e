using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.Lifecycle;

/// <summary>
/// One pass over everything that has come due: trials past their end, scheduled cancellations whose day has come,
/// entitlements past their expiry. Each item is its own transaction, so a sweep cut short leaves every finished item
/// complete (with its audit event) and the rest for the next sweep; running a sweep twice changes nothing more.
/// </summary>
public sealed class LifecycleSweep(RegistryDb db, SweepLock sweepLock, TenantFreezer freezer, EntitlementExpiry expiry,
    IEnumerable<ISweepStep> steps, TimeProvider clock)
{
    public async Task<SweepReport> RunAsync(CancellationToken cancellationToken)
    {
        if (!await sweepLock.TryAcquireAsync(cancellationToken))
        {
            return SweepReport.LeftToAnotherInstance;
        }

        try
        {
            var now = clock.UtcNow();
            var trialsOver = await db.Tenants.Where(TenantRules.TrialOver(now)).Select(t => t.Id).ToListAsync(cancellationToken);
            var trialsExpired = await CountAppliedAsync(trialsOver, id => freezer.ExpireTrialAsync(id, now, cancellationToken));

            var freezesDue = await db.Tenants.Where(TenantRules.ScheduledFreezeDue(now)).Select(t => t.Id).ToListAsync(cancellationToken);
            var cancellations = await CountAppliedAsync(freezesDue, id => freezer.CarryOutScheduledCancellationAsync(id, now, cancellationToken));

            var entitlementsDue = await (
                from entitlement in db.Entitlements
                join tenant in db.Tenants on entitlement.TenantId equals tenant.Id
                where entitlement.Enabled && entitlement.ExpiresAt <= now
                select new DueEntitlement(entitlement.TenantId, tenant.Slug, entitlement.Product, entitlement.ExpiresAt))
                .ToListAsync(cancellationToken);
            var entitlementsExpired = await CountAppliedAsync(entitlementsDue, due => expiry.ExpireAsync(due, now, cancellationToken));

            foreach (var step in steps)
            {
                await step.RunAsync(now, cancellationToken);
            }

            return new SweepReport(true, trialsExpired, cancellations, entitlementsExpired);
        }
        finally
        {
            await sweepLock.ReleaseAsync();
        }
    }

    private static async Task<int> CountAppliedAsync<T>(IEnumerable<T> items, Func<T, Task<bool>> apply)
    {
        var applied = 0;
        foreach (var item in items)
        {
            if (await apply(item))
            {
                applied++;
            }
        }

        return applied;
    }
}
