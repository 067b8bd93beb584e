using System.Linq.Expressions;

namespace TenantRegistry.Tenants;

/// <summary>Just what the tenant rules read of a tenant: what verify caches, and what a <see cref="TenantRow"/> holds.</summary>
public sealed record TenantStanding(string Status, DateTimeOffset? TrialEndsAt, DateOnly? FreezeScheduledOn);

/// <summary>
/// The rules about what a tenant may do, in one place. A rule has a query form where the store applies it (the
/// sweeper's selection, conditional UPDATEs) and an in-memory form where a tenant is already at hand (a row read in
/// the change's transaction, verify's cache); where a rule has both, they stand next to each other so they cannot
/// drift apart, and tests/Contract/Tenants/TenantRulesTests checks each pair against the other on both stores.
/// </summary>
/// <remarks>
/// A tenant whose time is up (its trial has ended, or the day of its scheduled cancellation has come) is due for
/// freezing; until the sweeper freezes it, every rule already treats it as frozen, so no answer depends on whether the
/// sweeper has run yet. Scheduled freezes happen from 00:00 UTC of the scheduled day.
/// </remarks>
public static class TenantRules
{
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    /// <summary>A frozen or archived tenant may use nothing: no new keys, no trials, no key verifies.</summary>
    public static bool IsShutOff(string status) => status is TenantStates.Frozen or TenantStates.Archived;

    public static Expression<Func<TenantRow, bool>> TrialOver(DateTimeOffset now) =>
        t => t.Status == TenantStates.Trial && t.TrialEndsAt <= now;

    public static bool IsTrialOver(TenantStanding t, DateTimeOffset now) =>
        t.Status == TenantStates.Trial && t.TrialEndsAt <= now;

    public static Expression<Func<TenantRow, bool>> ScheduledFreezeDue(DateTimeOffset now)
    {
        var today = Today(now);
        return t => t.Status == TenantStates.Active && t.FreezeScheduledOn <= today;
    }

    public static bool IsScheduledFreezeDue(TenantStanding t, DateTimeOffset now) =>
        t.Status == TenantStates.Active && t.FreezeScheduledOn <= Today(now);

    /// <summary>Is due for freezing: the sweeper freezes exactly these.</summary>
    public static bool IsDueForFreezing(TenantStanding t, DateTimeOffset now) => IsTrialOver(t, now) || IsScheduledFreezeDue(t, now);

    /// <summary>May use the platform: its keys verify. Neither shut off nor due for freezing.</summary>
    public static bool MayUsePlatform(TenantStanding t, DateTimeOffset now) => !IsShutOff(t.Status) && !IsDueForFreezing(t, now);

    /// <summary>May be issued keys: a key is issued only to a tenant whose keys would verify.</summary>
    public static bool MayBeIssuedKeys(TenantStanding t, DateTimeOffset now) => MayUsePlatform(t, now);

    /// <summary>May start a self-served trial of a product (one per product, checked by the store).</summary>
    public static bool MayStartTrial(TenantStanding t, DateTimeOffset now) => MayUsePlatform(t, now);

    /// <summary>Statuses a tenant can be cancelled (frozen) from.</summary>
    public static readonly string[] Cancellable = [TenantStates.Demo, TenantStates.Trial, TenantStates.Active];

    /// <summary>Archived is final: every other status can be activated.</summary>
    public static Expression<Func<TenantRow, bool>> MayBeActivated() => t => t.Status != TenantStates.Archived;

    /// <summary>Only a frozen tenant can be archived: an active one is cancelled first.</summary>
    public static Expression<Func<TenantRow, bool>> MayBeArchived() => t => t.Status == TenantStates.Frozen;
}
