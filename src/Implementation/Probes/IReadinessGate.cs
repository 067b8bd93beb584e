namespace TenantRegistry.Probes;

/// <summary>
/// Something a feature must finish before the instance takes traffic, beyond a reachable store: `/readyz` answers
/// 503 with the gate's reason while any gate gives one.
/// </summary>
public interface IReadinessGate
{
    /// <summary>Null when this gate lets the instance be ready; otherwise the message `/readyz` gives.</summary>
    string? WhyNotReady { get; }
}
