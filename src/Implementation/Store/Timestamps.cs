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

    /// <summary>
    /// The first whole microsecond at or after the value, in UTC. The last representable instant stays as it is:
    /// no stored time lies between it and the next microsecond, which .NET cannot represent.
    /// </summary>
    public static DateTimeOffset CeilingToMicrosecond(this DateTimeOffset value)
    {
        var remainder = value.UtcTicks % TimeSpan.TicksPerMicrosecond;
        var ceiling = remainder == 0 ? value.UtcTicks : value.UtcTicks - remainder + TimeSpan.TicksPerMicrosecond;
        return new DateTimeOffset(Math.Min(ceiling, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);
    }
}
