namespace TenantRegistry.Telemetry;

/// <summary>
/// The values of the <c>outcome</c> attribute of <c>tenant_registry.key.verifications</c>, exactly these: the issue's
/// nine, and <c>not_entitled</c> for a product key whose tenant's entitlement to the product is disabled or expired.
/// </summary>
public static class VerifyOutcome
{
    public const string Valid = "valid";
    public const string Malformed = "malformed";
    public const string Unknown = "unknown";
    public const string Revoked = "revoked";
    public const string Expired = "expired";
    public const string TenantShutOff = "tenant_shut_off";
    public const string TrialEnded = "trial_ended";
    public const string NotEntitled = "not_entitled";
    public const string RateLimited = "rate_limited";
    public const string StoreUnavailable = "store_unavailable";

    public static readonly IReadOnlyList<string> All =
        [Valid, Malformed, Unknown, Revoked, Expired, TenantShutOff, TrialEnded, NotEntitled, RateLimited, StoreUnavailable];
}
