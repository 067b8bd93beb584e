namespace TenantRegistry.Tenants;

/// <summary>The status and kind values as stored and as they go over the wire.</summary>
public static class TenantStates
{
    public const string Demo = "demo";
    public const string Trial = "trial";
    public const string Active = "active";
    public const string Frozen = "frozen";
    public const string Archived = "archived";

    public const string CustomerKind = "customer";
    public const string DemoKind = "demo";

    public const string DefaultPlan = "starter";

    public static readonly TimeSpan TrialLength = TimeSpan.FromDays(14);

    /// <summary>A frozen or archived tenant may use nothing: no new keys, no trials, no key verifies.</summary>
    public static bool IsShutOff(string status) => status is Frozen or Archived;

    /// <summary>Statuses a tenant can be cancelled (frozen) from.</summary>
    public static readonly string[] Cancellable = [Demo, Trial, Active];
}
