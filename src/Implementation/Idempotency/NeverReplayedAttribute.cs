namespace TenantRegistry.Idempotency;

/// <summary>
/// Endpoint metadata: this POST changes nothing a retry could repeat, and its answer must reflect the state of the
/// moment (verify: a replayed "valid" for a key revoked since would be wrong), so an Idempotency-Key on it is
/// accepted and ignored: nothing is stored or replayed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NeverReplayedAttribute : Attribute;
