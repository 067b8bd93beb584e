namespace TenantRegistry.ApiKeys;

public sealed class ApiKeyOptions
{
    public const string SectionName = "ApiKeys";

    /// <summary>How long a cached verdict is trusted without asking the store, even while invalidations flow.</summary>
    public TimeSpan CacheFreshFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a cached good key keeps verifying while the store cannot be reached.</summary>
    public TimeSpan ServeStaleFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>last_used_at is written at most this often per key.</summary>
    public TimeSpan UsageWriteEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often recorded usage is written to the store.</summary>
    public TimeSpan UsageFlushInterval { get; set; } = TimeSpan.FromSeconds(15);
}
