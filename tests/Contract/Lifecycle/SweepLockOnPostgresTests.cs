using System.Net;
using Npgsql;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Lifecycle;

namespace TenantRegistry.Contract.Tests.Lifecycle;

/// <summary>On PostgreSQL, a fleet shares one store and only the instance holding the sweep lock sweeps.</summary>
public sealed class SweepLockOnPostgresTests(PostgresRegistry registry) : IClassFixture<PostgresRegistry>
{
    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task An_instance_leaves_the_sweep_to_the_one_holding_the_lock()
    {
        var tenant = await client.CreateTenantAsync();
        await using var otherInstance = new NpgsqlConnection(registry.Settings["ConnectionStrings:Registry"]);
        await otherInstance.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({SweepLock.Key})", otherInstance))
        {
            await take.ExecuteScalarAsync();
        }

        registry.App.Clock.Advance(TimeSpan.FromDays(15));
        var whileHeld = await registry.SweepOnceAsync();
        var statusWhileHeld = await StatusAsync(tenant.Id());
        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({SweepLock.Key})", otherInstance))
        {
            await release.ExecuteScalarAsync();
        }

        var afterRelease = await registry.SweepAsync();

        Assert.False(whileHeld.Ran);
        Assert.Equal("trial", statusWhileHeld);
        Assert.True(afterRelease.Ran);
        Assert.Equal("frozen", await StatusAsync(tenant.Id()));
        Assert.Single(await registry.AuditEventsAsync(tenant, "tenant.trial_expired"));
    }

    [Fact]
    public async Task A_sweep_hands_the_lock_back_when_it_ends()
    {
        await registry.SweepAsync();

        await using var otherInstance = new NpgsqlConnection(registry.Settings["ConnectionStrings:Registry"]);
        await otherInstance.OpenAsync();
        // The hosted sweeper may be in a sweep of its own just now; the lock must come free once it is done.
        var taken = await Eventually.HoldsAsync(async () =>
        {
            await using var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({SweepLock.Key})", otherInstance);
            return (bool)(await take.ExecuteScalarAsync())!;
        });

        Assert.True(taken);
        await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({SweepLock.Key})", otherInstance);
        Assert.Equal(true, await release.ExecuteScalarAsync());
    }

    private async Task<string?> StatusAsync(Guid id)
    {
        var response = await client.GetAsync($"/v1/tenants/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string?)(await response.ReadObjectAsync())["status"];
    }
}
