using System.Net;
using LinqToDB;
using Microsoft.Extensions.DependencyInjection;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;
using TenantRegistry.Store;

namespace TenantRegistry.Contract.Tests.Lifecycle;

/// <summary>When the hosted sweeper runs: at start, then every Sweeper:Interval of the injected clock.</summary>
public sealed class SweeperScheduleTests
{
    [Fact]
    public async Task The_sweeper_runs_at_start_and_then_every_configured_interval()
    {
        var settings = StoreSettings.FreshSqlite(("Sweeper:Interval", "01:00:00"));
        Guid endedBeforeStart;
        await using (var earlier = new RegistryApp(settings))
        {
            using var earlierClient = earlier.CreateDefaultClient(new ValidatingHandler());
            endedBeforeStart = (await earlierClient.CreateTenantAsync()).Id();
            await EndTrialAsync(earlier, endedBeforeStart, earlier.Clock.GetUtcNow().AddDays(-1));
        }

        await using var app = new RegistryApp(settings);
        using var client = app.CreateDefaultClient(new ValidatingHandler());
        Assert.True(await Eventually.HoldsAsync(async () => await StatusAsync(client, endedBeforeStart) == "frozen"), "the sweep at start froze it");

        var tenant = (await client.CreateTenantAsync()).Id();
        await EndTrialAsync(app, tenant, app.Clock.GetUtcNow());
        app.Clock.Advance(TimeSpan.FromMinutes(59));
        var beforeInterval = await Eventually.HoldsAsync(async () => await StatusAsync(client, tenant) == "frozen", TimeSpan.FromMilliseconds(500));
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.False(beforeInterval, "no sweep before the configured hour was up");
        Assert.True(await Eventually.HoldsAsync(async () => await StatusAsync(client, tenant) == "frozen"), "the sweep after an hour froze it");
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.5")]
    [InlineData("-00:01:00")]
    public async Task An_interval_under_one_second_stops_the_start(string interval)
    {
        var failure = await StandaloneApps.StartFailureAsync(("Sweeper:Interval", interval));

        Assert.Contains("Sweeper:Interval must be between 1 second and 49 days", failure.Failures);
    }

    private static async Task EndTrialAsync(RegistryApp app, Guid tenantId, DateTimeOffset endedAt)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDb>();
        await db.Tenants.Where(t => t.Id == tenantId).Set(t => t.TrialEndsAt, endedAt).UpdateAsync();
    }

    private static async Task<string?> StatusAsync(HttpClient client, Guid tenantId)
    {
        var response = await client.GetAsync($"/v1/tenants/{tenantId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string?)(await response.ReadObjectAsync())["status"];
    }
}
