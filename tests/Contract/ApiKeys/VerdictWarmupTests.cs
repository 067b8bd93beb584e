using System.Net;
using System.Runtime.CompilerServices;
using LinqToDB;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TenantRegistry.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;
using TenantRegistry.Store;

namespace TenantRegistry.Contract.Tests.ApiKeys;

/// <summary>
/// Warm start, on each store: a second instance started on the fixture's store is a restarted instance. It loads
/// the keys before it says ready, changes it hears during the load win, and readiness says so.
/// </summary>
public abstract class VerdictWarmupTests(RegistryFixture registry)
{
    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task A_key_created_before_start_verifies_after_start_without_a_store_read()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var keys = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            keys.Add((string)(await client.IssueKeyAsync(tenantId))["plaintext"]!);
        }

        await using var restarted = registry.App.WithWebHostBuilder(_ => { });
        using var restartedClient = restarted.CreateDefaultClient(new ValidatingHandler { AcceptUnavailable = true });
        Assert.True(await IsReadyEventuallyAsync(restartedClient), "the restarted instance never became ready");
        using var reads = ApiKeyVerifyDefenceTests.StoreReads(restarted);

        foreach (var key in keys)
        {
            Assert.True(await restartedClient.IsValidAsync(key));
        }

        Assert.Equal(0, reads.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.True(restarted.Services.GetRequiredService<VerdictWarmup>().KeysLoaded >= keys.Count);
    }

    [Fact]
    public async Task A_key_used_within_the_minute_before_a_restart_is_not_written_again_by_its_first_verify_after_it()
    {
        var plaintext = (string)(await client.IssueKeyAsync((await client.CreateTenantAsync()).Id()))["plaintext"]!;
        Assert.True(await client.IsValidAsync(plaintext));
        Assert.True(await registry.App.Services.GetRequiredService<KeyUsageWriter>().FlushAsync(CancellationToken.None) >= 1);

        // Its own flushes only: the background one would take what the test counts.
        await using var restarted = registry.App.WithWebHostBuilder(host => host.UseSetting("ApiKeys:UsageFlushInterval", "01:00:00"));
        using var restartedClient = restarted.CreateDefaultClient(new ValidatingHandler { AcceptUnavailable = true });
        Assert.True(await IsReadyEventuallyAsync(restartedClient), "the restarted instance never became ready");
        var writer = restarted.Services.GetRequiredService<KeyUsageWriter>();
        await writer.FlushAsync(CancellationToken.None);

        // The stored last_used_at is under a minute old (ApiKeys:UsageWriteEvery): as before the restart, no write.
        Assert.True(await restartedClient.IsValidAsync(plaintext));
        Assert.Equal(0, await writer.FlushAsync(CancellationToken.None));

        registry.App.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.True(await restartedClient.IsValidAsync(plaintext));
        Assert.Equal(1, await writer.FlushAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_key_revoked_during_the_warm_up_is_refused_once_ready_and_readiness_says_warming_until_then()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var revoked = await client.IssueKeyAsync(tenantId);
        var kept = (string)(await client.IssueKeyAsync(tenantId))["plaintext"]!;
        var held = new HeldVerdictSource();
        await using var restarted = registry.App.WithWebHostBuilder(host => host.ConfigureTestServices(services =>
            services.AddSingleton<IVerdictSource>(provider => held.Around(new StoreVerdictSource(provider.GetRequiredService<DataOptions<RegistryDb>>())))));
        using var restartedClient = restarted.CreateDefaultClient(new ValidatingHandler { AcceptUnavailable = true });
        _ = restarted.Server;
        await held.Read.WaitAsync(TimeSpan.FromSeconds(30));

        var warming = await restartedClient.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, warming.StatusCode);
        var body = await warming.ReadObjectAsync();
        Assert.Equal("unavailable", (string?)body["error"]);
        Assert.Equal("warming", (string?)body["message"]);

        // The load has read the key as valid; now it is revoked. On PostgreSQL through the other instance, so the
        // restarted one hears it from the database; on SQLite (one process) through the restarted instance itself.
        var cache = restarted.Services.GetRequiredService<VerdictCache>();
        var heardBefore = cache.Generation;
        var revoker = registry.StoreName == "PostgreSQL" ? client : restartedClient;
        Assert.Equal(HttpStatusCode.NoContent, (await revoker.DeleteAsync($"/v1/api-keys/{revoked["api_key"]!["id"]}")).StatusCode);
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(cache.Generation > heardBefore)), "the restarted instance never heard of the revoke");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await restartedClient.GetAsync("/readyz")).StatusCode);

        held.Release();
        Assert.True(await IsReadyEventuallyAsync(restartedClient), "the restarted instance never became ready");
        using var reads = ApiKeyVerifyDefenceTests.StoreReads(restarted);
        Assert.True(await restartedClient.IsValidAsync(kept));
        Assert.Equal(0, reads.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.False(await restartedClient.IsValidAsync((string)revoked["plaintext"]!));
    }

    [Fact]
    public async Task An_instance_whose_warm_up_does_not_finish_is_ready_after_the_timeout_and_logs_how_far_it_got()
    {
        var held = new HeldVerdictSource();
        var logs = new CapturedLogs();
        await using var app = new RegistryApp(new Dictionary<string, string?>(registry.Settings) { ["ApiKeys:WarmupTimeout"] = "00:00:01" }, logs);
        await using var slow = app.WithWebHostBuilder(host => host.ConfigureTestServices(services =>
            services.AddSingleton<IVerdictSource>(provider => held.Around(new StoreVerdictSource(provider.GetRequiredService<DataOptions<RegistryDb>>())))));
        using var slowClient = slow.CreateDefaultClient(new ValidatingHandler { AcceptUnavailable = true });
        _ = slow.Server;
        await held.Read.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(await IsReadyEventuallyAsync(slowClient), "the instance never became ready after its warm-up timeout");
        Assert.False(slow.Services.GetRequiredService<VerdictWarmup>().IsWarm);
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(logs.Lines.Any(line => line.Contains("Verify warm-up not done after", StringComparison.Ordinal)))),
            "the instance did not log that it became ready before its warm-up was done");
        held.Release();
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(slow.Services.GetRequiredService<VerdictWarmup>().IsWarm)),
            "the warm-up did not finish once the store answered");
    }

    private static async Task<bool> IsReadyEventuallyAsync(HttpClient client) =>
        await Eventually.HoldsAsync(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));

    /// <summary>The store's warm-up read, held after reading until the test releases it: the moment a change can
    /// happen that the read did not see.</summary>
    private sealed class HeldVerdictSource : IVerdictSource
    {
        private readonly TaskCompletionSource read = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private IVerdictSource? store;

        public Task Read => read.Task;

        public IVerdictSource Around(IVerdictSource inner)
        {
            store = inner;
            return this;
        }

        public void Release() => released.TrySetResult();

        public async IAsyncEnumerable<VerdictRow> MostRecentlyUsedAsync(int limit, DateTimeOffset now,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var rows = new List<VerdictRow>();
            await foreach (var row in store!.MostRecentlyUsedAsync(limit, now, cancellationToken))
            {
                rows.Add(row);
            }

            read.TrySetResult();
            await released.Task.WaitAsync(cancellationToken);
            foreach (var row in rows)
            {
                yield return row;
            }
        }
    }
}

public sealed class VerdictWarmupTestsOnSqlite(SqliteRegistry registry) : VerdictWarmupTests(registry), IClassFixture<SqliteRegistry>;

public sealed class VerdictWarmupTestsOnPostgres(PostgresRegistry registry) : VerdictWarmupTests(registry), IClassFixture<PostgresRegistry>;
