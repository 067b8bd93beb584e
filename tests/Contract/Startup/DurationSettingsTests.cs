using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Startup;

/// <summary>
/// A duration setting out of its range stops the start at options validation, naming the setting and the range.
/// Unchecked, each of these failed later and worse: a timer's exception with a stack trace (exit 134), a background
/// loop that died and ended the process with exit code 0, or a `/readyz` that answered 500.
/// </summary>
public sealed class DurationSettingsTests
{
    [Theory]
    [InlineData("Sweeper:Interval", "50.00:00:00", "Sweeper:Interval must be between 1 second and 49 days")]
    [InlineData("Idempotency:SweepInterval", "50.00:00:00", "Idempotency:SweepInterval must be between 1 second and 49 days")]
    [InlineData("Idempotency:SweepInterval", "00:00:00", "Idempotency:SweepInterval must be between 1 second and 49 days")]
    [InlineData("Audit:SealInterval", "50.00:00:00", "Audit:SealInterval must be between 10 ms and 49 days")]
    [InlineData("Audit:SealInterval", "00:00:00.001", "Audit:SealInterval must be between 10 ms and 49 days")]
    [InlineData("ApiKeys:WarmupTimeout", "50.00:00:00", "ApiKeys:WarmupTimeout must be between 0 and 49 days")]
    [InlineData("ApiKeys:WarmupTimeout", "-00:00:01", "ApiKeys:WarmupTimeout must be between 0 and 49 days")]
    [InlineData("ApiKeys:HeartbeatInterval", "00:00:00", "ApiKeys:HeartbeatInterval must be between 10 ms and 49 days")]
    [InlineData("ApiKeys:HeartbeatTimeout", "50.00:00:00", "ApiKeys:HeartbeatTimeout must be between 10 ms and 49 days")]
    [InlineData("ApiKeys:UsageFlushInterval", "00:00:00", "ApiKeys:UsageFlushInterval must be between 10 ms and 49 days")]
    [InlineData("Store:ReadinessTimeout", "50.00:00:00", "Store:ReadinessTimeout must be between 10 ms and 49 days")]
    [InlineData("Store:RequestTimeout", "1.00:00:01", "Store:RequestTimeout must be between 10 ms and 1 day")]
    [InlineData("Store:RequestTimeout", "00:00:00.001", "Store:RequestTimeout must be between 10 ms and 1 day")]
    [InlineData("Store:BreakDuration", "00:00:00.1", "Store:BreakDuration must be between 500 ms and 1 day")]
    [InlineData("Store:BreakDuration", "2.00:00:00", "Store:BreakDuration must be between 500 ms and 1 day")]
    public async Task A_duration_out_of_its_range_stops_the_start_naming_the_setting_and_the_range(string key, string value, string expected)
    {
        var failure = await StandaloneApps.StartFailureAsync((key, value));

        Assert.Equal([expected], failure.Failures);
    }

    [Theory]
    [InlineData("Sweeper:Interval", "49.00:00:00")]
    [InlineData("Store:RequestTimeout", "1.00:00:00")]
    [InlineData("Store:BreakDuration", "00:00:00.5")]
    [InlineData("ApiKeys:WarmupTimeout", "00:00:00")]
    public async Task A_duration_at_the_end_of_its_range_is_accepted(string key, string value)
    {
        await using var app = new RegistryApp(StoreSettings.FreshSqlite((key, value)));
        using var client = app.CreateClient();

        Assert.True((await client.GetAsync("/healthz")).IsSuccessStatusCode);
    }
}
