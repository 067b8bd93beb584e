namespace TenantRegistry.Store;

public sealed class StoreOptions
{
    public const string SectionName = "Store";

    /// <summary>PostgreSQL connection string (ConnectionStrings:Registry); empty means the embedded SQLite store.</summary>
    public string? PostgresConnectionString { get; set; }

    public string SqlitePath { get; set; } = "./data/tenant-registry.db";

    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);
}
