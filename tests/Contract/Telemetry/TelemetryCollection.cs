namespace TenantRegistry.Contract.Tests.Telemetry;

/// <summary>
/// Meters are found by name across the whole process, so a service another test runs at the same time would add
/// its verifies to the counts these tests take: they run alone, after the parallel part of the suite.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}
