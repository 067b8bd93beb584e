namespace TenantRegistry.ApiKeys;

public sealed class ApiKeyOptions
{
    public const string SectionName = "ApiKeys";

    /// <summary>How long a cached verdict is trusted without asking the store, even while invalidations flow.</summary>
    public TimeSpan CacheFreshFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a cached good key keeps verifying while the store cannot be reached. This is also how long an
    /// instance cut off from the store may keep saying valid about a key revoked meanwhile: a deliberate trade of
    /// availability against staleness (docs/api-keys.md#when-the-store-is-down).
    /// </summary>
    public TimeSpan ServeStaleFor { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many keys (and as many tenants) are cached; the least used are evicted first.</summary>
    public int CacheMaxKeys { get; set; } = 100_000;

    /// <summary>
    /// How long `/readyz` waits at start for the verdict cache's warm-up (docs/api-keys.md#warm-start) before the
    /// instance becomes ready anyway, with a cold cache.
    /// </summary>
    public TimeSpan WarmupTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Verify requests each caller may make per second (a token bucket; bursts up to one second's worth).</summary>
    public int VerifyRateLimit { get; set; } = 10_000;

    /// <summary>
    /// Keys that do not exist or are malformed each caller may present per second before its answers to them are held
    /// (<see cref="GuessThrottle"/>); 0 or less turns holding off.
    /// </summary>
    public int UnknownKeyRate { get; set; } = 100;

    /// <summary>How long an answer to a guessed key is held once its caller is over <see cref="UnknownKeyRate"/>.</summary>
    public TimeSpan UnknownKeyDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>At most this many answers are held at once on an instance; beyond it they are answered at once.</summary>
    public int UnknownKeyHeldMax { get; set; } = 1_000;

    /// <summary>How often the listener sends itself a heartbeat notification through the store.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A heartbeat that has not come back after this long means notifications are not arriving.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// PostgreSQL only: where the listener connects, when the service's connection string goes through a pooler in
    /// transaction mode (LISTEN needs a session of its own). Empty: the service's connection string.
    /// </summary>
    public string? ListenerConnectionString { get; set; }

    /// <summary>last_used_at is written at most this often per key.</summary>
    public TimeSpan UsageWriteEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often recorded usage is written to the store.</summary>
    public TimeSpan UsageFlushInterval { get; set; } = TimeSpan.FromSeconds(15);
}
