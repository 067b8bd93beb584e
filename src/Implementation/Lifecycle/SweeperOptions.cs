namespace TenantRegistry.Lifecycle;

public sealed class SweeperOptions
{
    public const string SectionName = "Sweeper";

    public static readonly TimeSpan ShortestInterval = TimeSpan.FromSeconds(1);

    /// <summary>Time between the starts of two sweeps; the first sweep runs at start.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}
