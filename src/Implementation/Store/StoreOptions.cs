namespace TenantRegistry.Store;

public sealed class StoreOptions
{
    public const string SectionName = "Store";

    /// <summary>PostgreSQL connection string (ConnectionStrings:Registry); empty means the embedded SQLite store.</summary>
    public string? PostgresConnectionString { get; set; }

    public string SqlitePath { get; set; } = "./data/tenant-registry.db";

    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long start-up waits for the store to accept connections (an orchestrator often starts the service and
    /// its database together) before the process exits saying so.
    /// </summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// PostgreSQL only: the role the service runs as when it is not the role that owns the schema. Every migration run
    /// grants it what the service needs and no more: on audit_events only SELECT and INSERT.
    /// </summary>
    public string? ServiceRole { get; set; }

    /// <summary>
    /// How long one attempt of a request may use the store before it is answered 503. Unset, it is 3 s on
    /// PostgreSQL and 30 s on SQLite, whose writers queue for the file lock (as long as its busy timeout).
    /// </summary>
    public TimeSpan? RequestTimeout { get; set; }

    public TimeSpan EffectiveRequestTimeout => RequestTimeout ?? (UsesPostgres ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(30));

    /// <summary>How long requests fail fast after the store was found dead, before one is let through to try it.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(2);

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);
}
