namespace TenantRegistry.Telemetry;

/// <summary>Settings of the <c>Telemetry</c> section; the exporters themselves read the standard <c>OTEL_*</c> variables.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>False: no OpenTelemetry at all (no /metrics, no spans); request log lines stay. For measuring its cost.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>Settings of the <c>Metrics</c> section.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>When set, <c>/metrics</c> is served only on this extra port, so the API's port need not expose it.</summary>
    public int? Port { get; set; }
}
