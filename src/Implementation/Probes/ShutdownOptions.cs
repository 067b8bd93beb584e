namespace TenantRegistry.Probes;

public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>
    /// How long a stopping instance keeps serving after SIGTERM while /readyz already answers 503, so that a load
    /// balancer has taken it out of rotation before it stops listening. Zero: it stops listening at once.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.Zero;
}
