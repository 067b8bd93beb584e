namespace TenantRegistry.Tenants;

/// <summary>The status and kind values as stored and as they go over the wire; what they allow is in <see cref="TenantRules"/>.</summary>
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
}
