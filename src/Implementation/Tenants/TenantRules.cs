using System.Linq.Expressions;
using TenantRegistry.Entitlements;

namespace TenantRegistry.Tenants;

/// <summary>Why a tenant may not use the platform (its keys do not verify, it gets no new keys or trials).</summary>
public enum ShutOffReason
{
    Frozen,
    Archived,
    TrialEnded,
    CancellationDue,
}

/// <summary>Just what the tenant rules read of a tenant: what verify caches, and what a <see cref="TenantRow"/> holds.</summary>
public sealed record TenantStanding(string Status, DateTimeOffset? TrialEndsAt, DateOnly? FreezeScheduledOn);

/// <summary>Just what the rules read of a tenant's entitlement to one product (what verify caches of a product key).</summary>
public sealed record EntitlementStanding(bool Enabled, DateTimeOffset? ExpiresAt);

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

    /// <summary>A cancellation at period end was scheduled (for an active or a trial tenant) and its day has come.</summary>
    public static Expression<Func<TenantRow, bool>> ScheduledFreezeDue(DateTimeOffset now)
    {
        var today = Today(now);
        return t => (t.Status == TenantStates.Active || t.Status == TenantStates.Trial) && t.FreezeScheduledOn <= today;
    }

    public static bool IsScheduledFreezeDue(TenantStanding t, DateTimeOffset now) =>
        t.Status is TenantStates.Active or TenantStates.Trial && t.FreezeScheduledOn <= Today(now);

    /// <summary>Is due for freezing: the sweeper freezes exactly these.</summary>
    public static bool IsDueForFreezing(TenantStanding t, DateTimeOffset now) => IsTrialOver(t, now) || IsScheduledFreezeDue(t, now);

    /// <summary>Which rule keeps a tenant from using the platform, for the answer that refuses it; null when none does.</summary>
    public static ShutOffReason? WhyShutOff(TenantStanding t, DateTimeOffset now) => t switch
    {
        { Status: TenantStates.Frozen } => ShutOffReason.Frozen,
        { Status: TenantStates.Archived } => ShutOffReason.Archived,
        _ when IsTrialOver(t, now) => ShutOffReason.TrialEnded,
        _ when IsScheduledFreezeDue(t, now) => ShutOffReason.CancellationDue,
        _ => null,
    };

    /// <summary>May use the platform: its keys verify. Neither shut off nor due for freezing.</summary>
    public static bool MayUsePlatform(TenantStanding t, DateTimeOffset now) => !IsShutOff(t.Status) && !IsDueForFreezing(t, now);

    /// <summary>May be issued keys: a key is issued only to a tenant whose keys would verify.</summary>
    public static bool MayBeIssuedKeys(TenantStanding t, DateTimeOffset now) => MayUsePlatform(t, now);

    /// <summary>May start a self-served trial of a product (one per product, checked by the store).</summary>
    public static bool MayStartTrial(TenantStanding t, DateTimeOffset now) => MayUsePlatform(t, now);

    /// <summary>
    /// May use a product: its entitlement exists, is enabled and has not expired. A key issued for a product verifies
    /// only while this holds, and is issued only when it holds; the sweeper disables what expired, but the rule does
    /// not wait for it.
    /// </summary>
    public static Expression<Func<EntitlementRow, bool>> MayUseProduct(DateTimeOffset now) =>
        e => e.Enabled && (e.ExpiresAt == null || e.ExpiresAt > now);

    public static bool MayUseProduct(EntitlementStanding? e, DateTimeOffset now) =>
        e is { Enabled: true } && (e.ExpiresAt is null || e.ExpiresAt > now);

    /// <summary>
    /// The day a cancellation "at period end" freezes the tenant, or null when it has no period still to run and is
    /// frozen now: an active tenant's contract end, a trial tenant's trial-end day, when that day is still to come.
    /// A demo tenant has no period.
    /// </summary>
    public static DateOnly? PeriodEnd(TenantRow t, DateOnly today) => t.Status switch
    {
        TenantStates.Active when t.ContractEnd > today => t.ContractEnd,
        TenantStates.Trial when t.TrialEndsAt is { } ends && Today(ends) > today => Today(ends),
        _ => null,
    };

    /// <summary>Statuses a tenant can be cancelled (frozen) from.</summary>
    public static readonly string[] Cancellable = [TenantStates.Demo, TenantStates.Trial, TenantStates.Active];

    /// <summary>Archived is final: every other status can be activated.</summary>
    public static Expression<Func<TenantRow, bool>> MayBeActivated() => t => t.Status != TenantStates.Archived;

    /// <summary>Only a frozen tenant can be archived: an active one is cancelled first.</summary>
    public static Expression<Func<TenantRow, bool>> MayBeArchived() => t => t.Status == TenantStates.Frozen;
}
