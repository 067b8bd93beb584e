namespace TenantRegistry.Idempotency;

/// <summary>
/// Endpoint metadata: this POST is no unit of change a retry could repeat, and its answer must reflect the state of
/// the moment (verify: a replayed "valid" for a key revoked since would be wrong; a checkpoint signs the head as it is
/// now), so nothing is stored or replayed for an Idempotency-Key on it, and the key is not claimed: the endpoint runs
/// as it does without one, outside any transaction of the idempotency machinery.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NeverReplayedAttribute : Attribute
{
    /// <summary>A malformed key is still refused with 400, as on every POST whose spec declares it; otherwise the header is ignored.</summary>
    public bool ChecksKey { get; init; }
}
