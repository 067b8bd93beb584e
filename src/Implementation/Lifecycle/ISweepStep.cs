namespace TenantRegistry.Lifecycle;

/// <summary>
/// Work another feature needs done when things come due, run by every sweep after the tenant and entitlement steps,
/// under the same one-instance-at-a-time lock, without the sweep knowing the feature (ApiKeys/KeyExpiryRecorder).
/// Like every step, it must be safe to run twice: it does only what is still due.
/// </summary>
public interface ISweepStep
{
    /// <returns>How many items this run applied.</returns>
    Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
