using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using TenantRegistry.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;
using TenantRegistry.Telemetry;

namespace TenantRegistry.Contract.Tests.ApiKeys;

/// <summary>
/// A caller over its budget of unknown keys gets those answers late (ApiKeys/GuessThrottle), never its valid ones,
/// and an instance holds no more answers at once than it may.
/// </summary>
public sealed class GuessThrottleTests
{
    private const int Guesses = 10;
    private const int HeldAtMost = 2;

    [Fact]
    public async Task Guesses_over_the_budget_are_answered_after_the_delay_while_the_callers_valid_key_is_answered_at_once()
    {
        await using var app = new RegistryApp(StoreSettings.FreshSqlite(
            ("ApiKeys:UnknownKeyRate", "1"), ("ApiKeys:UnknownKeyDelay", "00:10:00"), ("ApiKeys:UnknownKeyHeldMax", $"{HeldAtMost}")));
        using var client = app.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await client.CreateActiveTenantAsync()).Id();
        var valid = (string)(await client.IssueKeyAsync(tenantId))["plaintext"]!;
        using var held = new MetricCollector<long>(app.Services.GetRequiredService<IMeterFactory>(), RegistryMetrics.MeterName,
            "tenant_registry.key.guesses_held");

        var guesses = Enumerable.Range(0, Guesses).Select(_ => client.VerifyAsync(ApiKeyFormat.Generate().Plaintext)).ToList();
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(guesses.Count(guess => guess.IsCompleted) >= Guesses - HeldAtMost)),
            "the guesses beyond the held ones were not answered at once");
        Assert.True(await client.IsValidAsync(valid));

        Assert.Equal(HeldAtMost, guesses.Count(guess => !guess.IsCompleted));
        Assert.Equal(HeldAtMost, held.GetMeasurementSnapshot().Sum(measurement => measurement.Value));
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.All(await Task.WhenAll(guesses), verdict => Assert.Equal("""{"valid":false}""", verdict));
    }
}
