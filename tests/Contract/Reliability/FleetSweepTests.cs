using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;
using TenantRegistry.Lifecycle;
using TenantRegistry.Store;

namespace TenantRegistry.Contract.Tests.Reliability;

/// <summary>Two instances on one PostgreSQL database: when a trial ends, both sweepers wake, and it is frozen once.</summary>
public sealed class FleetSweepTests(FleetOfTwo fleet) : IClassFixture<FleetOfTwo>
{
    [Fact]
    public async Task An_ended_trial_is_frozen_once_by_a_fleet_of_two()
    {
        using var client = fleet.First.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await client.CreateTenantAsync()).Id();

        fleet.First.Clock.Advance(TimeSpan.FromDays(15));
        fleet.Second.Clock.Advance(TimeSpan.FromDays(15));
        // The clock moves wake both hosted sweepers; these extra sweeps from both instances race with them.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => SweepAsync(i % 2 == 0 ? fleet.First : fleet.Second)));

        await using var scope = fleet.First.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistryDb>();
        Assert.True(await Eventually.HoldsAsync(async () =>
            await db.Tenants.AnyAsync(t => t.Id == tenantId && t.Status == "frozen")), "the trial was not frozen");
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.TenantId == tenantId && e.Action == "tenant.trial_expired"));
    }

    private static async Task<SweepReport> SweepAsync(RegistryApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LifecycleSweep>().RunAsync(CancellationToken.None);
    }
}
