using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TenantRegistry.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Store;
using TenantRegistry.Telemetry;
using TenantRegistry.Tenants;

namespace TenantRegistry.Contract.Tests.ApiKeys;

/// <summary>
/// Never a stale "valid": first verifies race against revokes and freezes, and no verify that starts after the
/// 204/200 may say valid. CI runs <see cref="StressRounds.Default"/> rounds per store; <c>./build.sh --target=Stress</c>
/// runs thousands (TENANT_REGISTRY_STRESS_ROUNDS).
/// </summary>
public abstract class VerdictRaceTests(RegistryFixture registry)
{
    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task No_verify_that_starts_after_a_revoke_says_valid()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var stale = 0;
        for (var round = 0; round < StressRounds.Count; round++)
        {
            var created = await client.IssueKeyAsync(tenantId);
            stale += await RaceAsync((string)created["plaintext"]!, () => client.DeleteAsync($"/v1/api-keys/{created["api_key"]!["id"]}"));
        }

        Assert.Equal(0, stale);
    }

    [Fact]
    public async Task No_verify_that_starts_after_a_freeze_says_valid()
    {
        var stale = 0;
        for (var round = 0; round < StressRounds.Count / 2; round++)
        {
            var tenantId = (await client.CreateTenantAsync()).Id();
            var plaintext = (string)(await client.IssueKeyAsync(tenantId))["plaintext"]!;
            stale += await RaceAsync(plaintext, () => client.PostAsync($"/v1/tenants/{tenantId}/cancel", null));
        }

        Assert.Equal(0, stale);
    }

    /// <summary>Three first verifies race the change; returns how many verifies begun after it answered said valid.</summary>
    private async Task<int> RaceAsync(string plaintext, Func<Task<HttpResponseMessage>> change)
    {
        var clock = Stopwatch.StartNew();
        var changedAt = long.MaxValue;
        async Task<int> VerifyUntilChangedAsync()
        {
            var stale = 0;
            for (var after = 0; after < 3;)
            {
                var startedAt = clock.ElapsedTicks;
                var valid = await client.IsValidAsync(plaintext);
                if (startedAt > Interlocked.Read(ref changedAt))
                {
                    after++;
                    stale += valid ? 1 : 0;
                }
            }

            return stale;
        }

        var verifiers = Enumerable.Range(0, 3).Select(_ => Task.Run(VerifyUntilChangedAsync)).ToList();
        var response = await change();
        Interlocked.Exchange(ref changedAt, clock.ElapsedTicks);
        Assert.True(response.IsSuccessStatusCode, $"the change answered {(int)response.StatusCode}");
        return (await Task.WhenAll(verifiers)).Sum();
    }
}

public sealed class VerdictRaceTestsOnSqlite(SqliteRegistry registry) : VerdictRaceTests(registry), IClassFixture<SqliteRegistry>;

public sealed class VerdictRaceTestsOnPostgres(PostgresRegistry registry) : VerdictRaceTests(registry), IClassFixture<PostgresRegistry>;

/// <summary>
/// The cache's own store/forget race, hit far more often than HTTP can: a read begins, then a store of what it read
/// and a forget run at the same moment on two threads. Whatever the interleaving, the old state must not remain.
/// </summary>
public sealed class VerdictCacheRaceTests
{
    [Fact]
    public void A_store_racing_a_forget_never_leaves_the_old_state_behind()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var cache = new VerdictCache(clock, Options.Create(new ApiKeyOptions()), new RegistryMetrics(services.GetRequiredService<IMeterFactory>(), new HttpContextAccessor()));
        var key = new CachedKey(Guid.NewGuid(), Guid.NewGuid(), new byte[32], null, [], false, null, null, clock.GetUtcNow());
        var tenant = new CachedTenant(new TenantStanding("active", null, null), clock.GetUtcNow());
        const string prefix = "trk_racetestpref";
        var rounds = StressRounds.Count * 200;
        using var start = new Barrier(2);
        var readBegan = 0L;
        var left = 0;

        var storing = new Thread(() =>
        {
            for (var i = 0; i < rounds; i++)
            {
                start.SignalAndWait();
                cache.Store(prefix, key, tenant, Interlocked.Read(ref readBegan));
                start.SignalAndWait();
            }
        });
        storing.Start();
        for (var i = 0; i < rounds; i++)
        {
            Interlocked.Exchange(ref readBegan, cache.Generation);
            start.SignalAndWait();
            cache.Forget(VerdictSubject.Key(prefix));
            start.SignalAndWait();
            if (cache.TryGet(prefix, out _, out _))
            {
                left++;
                cache.Forget(VerdictSubject.Key(prefix));
            }
        }

        storing.Join();
        Assert.Equal(0, left);
    }
}

/// <summary>How many rounds the race tests run: enough to be meaningful in CI, thousands under the Stress target.</summary>
internal static class StressRounds
{
    public const int Default = 30;

    public static int Count { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("TENANT_REGISTRY_STRESS_ROUNDS"), out var rounds) && rounds > 0 ? rounds : Default;
}
