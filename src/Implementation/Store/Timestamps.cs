namespace TenantRegistry.Store;

public static class Timestamps
{
    /// <summary>
    /// Now, cut to the microsecond: both stores keep microseconds, so a value returned in a 201 is exactly the value
    /// a later read returns.
    /// </summary>
    public static DateTimeOffset UtcNow(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % 10), TimeSpan.Zero);
    }
}
