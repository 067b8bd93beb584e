namespace TenantRegistry.Telemetry;

/// <summary>The values of the <c>kind</c> attribute of <c>tenant_registry.sweeper.transitions</c>.</summary>
public static class SweeperTransition
{
    public const string TrialExpired = "trial_expired";
    public const string ScheduledCancellation = "scheduled_cancellation";
    public const string EntitlementExpired = "entitlement_expired";

    public static readonly IReadOnlyList<string> All = [TrialExpired, ScheduledCancellation, EntitlementExpired];
}
