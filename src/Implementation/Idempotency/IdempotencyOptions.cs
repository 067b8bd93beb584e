namespace TenantRegistry.Idempotency;

/// <summary>How long answers are kept for retries, and how the sweep that removes them runs (section Idempotency).</summary>
public sealed class IdempotencyOptions
{
    public const string SectionName = "Idempotency";

    /// <summary>A retry with the same key within this time gets the stored answer; later, the key is free again.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired records are swept away.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Rows deleted per statement: small, so a sweep never holds locks long against requests.</summary>
    public int SweepBatchSize { get; set; } = 500;
}
