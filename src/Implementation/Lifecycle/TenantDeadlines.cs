using System.Linq.Expressions;
using TenantRegistry.Tenants;

namespace TenantRegistry.Lifecycle;

/// <summary>
/// When a tenant's time is up: its trial has ended, or the day of its scheduled cancellation has come. The sweeper
/// freezes such tenants; requests that refuse frozen tenants also refuse these, so their answer does not depend on
/// whether the sweeper has run yet. The query and in-memory forms below state the same conditions.
/// </summary>
public static class TenantDeadlines
{
    /// <summary>Scheduled freezes happen from 00:00 UTC of the scheduled day.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    public static Expression<Func<TenantRow, bool>> TrialOver(DateTimeOffset now) =>
        t => t.Status == TenantStates.Trial && t.TrialEndsAt <= now;

    public static Expression<Func<TenantRow, bool>> ScheduledFreezeDue(DateTimeOffset now)
    {
        var today = Today(now);
        return t => t.Status == TenantStates.Active && t.FreezeScheduledOn <= today;
    }

    public static bool IsDue(TenantRow tenant, DateTimeOffset now) =>
        tenant.Status == TenantStates.Trial && tenant.TrialEndsAt <= now
        || tenant.Status == TenantStates.Active && tenant.FreezeScheduledOn <= Today(now);
}
