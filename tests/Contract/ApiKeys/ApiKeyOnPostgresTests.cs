using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;
using TenantRegistry.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.ApiKeys;

/// <summary>What verify relies on that only PostgreSQL has: notifications (and their heartbeat), roles, table locks.</summary>
public sealed class ApiKeyOnPostgresTests(PostgresRegistry registry, ITestOutputHelper output) : IClassFixture<PostgresRegistry>
{
    [Fact]
    public async Task A_listener_that_silently_stops_hearing_is_noticed_by_its_heartbeat_within_the_documented_time()
    {
        var direct = new NpgsqlConnectionStringBuilder(registry.Settings["ConnectionStrings:Registry"]);
        await using var proxy = new SilenceableProxy(direct.Host!, direct.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ToString();
        var interval = TimeSpan.FromMilliseconds(500);
        var timeout = TimeSpan.FromMilliseconds(500);
        await using var app = new RegistryApp(new Dictionary<string, string?>(registry.Settings)
        {
            ["ApiKeys:ListenerConnectionString"] = throughProxy,
            ["ApiKeys:HeartbeatInterval"] = interval.ToString(),
            ["ApiKeys:HeartbeatTimeout"] = timeout.ToString(),
        });
        using var client = app.CreateDefaultClient(new ValidatingHandler());
        var cache = app.Services.GetRequiredService<VerdictCache>();
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(cache.Trusted)), "the listener never became trusted");
        var tenantId = (await client.CreateTenantAsync()).Id();
        var created = await client.IssueKeyAsync(tenantId);
        var plaintext = (string)created["plaintext"]!;
        Assert.True(await client.IsValidAsync(plaintext));

        // The link goes quiet with no error; then a change is made and announced that this instance cannot hear.
        proxy.Silence();
        await using var store = await RawStoreConnection.OpenAsync(registry.Settings);
        await store.ExecuteAsync($"UPDATE api_keys SET revoked_at = now() WHERE id = '{created["api_key"]!["id"]}'");

        // Documented bound: heartbeat interval + timeout. The margin is for a loaded test machine.
        var bound = interval + timeout;
        var took = await client.TimeUntilInvalidAsync(plaintext, bound + TimeSpan.FromSeconds(2));
        Assert.True(took is not null, $"a revoked key still verified {bound + TimeSpan.FromSeconds(2)} after the listener went deaf");
        Assert.False(cache.Trusted);
        output.WriteLine($"deaf listener noticed, revoked key invalid after {took.Value.TotalMilliseconds:F0} ms (bound {bound.TotalMilliseconds:F0} ms)");
    }

    [Fact]
    public async Task An_instance_whose_store_link_goes_silent_answers_verify_from_its_cache_or_with_503_instead_of_hanging()
    {
        var direct = new NpgsqlConnectionStringBuilder(registry.Settings["ConnectionStrings:Registry"]);
        await using var proxy = new SilenceableProxy(direct.Host!, direct.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ToString();
        await using var app = new RegistryApp(new Dictionary<string, string?>(registry.Settings)
        {
            ["ConnectionStrings:Registry"] = throughProxy,
            ["ApiKeys:HeartbeatInterval"] = "00:00:00.500",
            ["ApiKeys:HeartbeatTimeout"] = "00:00:00.500",
        });
        using var client = app.CreateDefaultClient(new ValidatingHandler { AcceptUnavailable = true });
        // Each verify must be answered well before this; a cancelled store call on a silent link takes over 30 s.
        client.Timeout = TimeSpan.FromSeconds(20);
        var cache = app.Services.GetRequiredService<VerdictCache>();
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(cache.Trusted)), "the listener never became trusted");
        var tenantId = (await client.CreateTenantAsync()).Id();
        var held = (string)(await client.IssueKeyAsync(tenantId))["plaintext"]!;
        var neverVerifiedHere = (string)(await client.IssueKeyAsync(tenantId))["plaintext"]!;
        Assert.True(await client.IsValidAsync(held));

        proxy.Silence();
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(!cache.Trusted)), "the silent link was never noticed");

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var started = DateTimeOffset.UtcNow;
            Assert.True(await client.IsValidAsync(held), "a cached good key stopped verifying while the store could not be asked");
            output.WriteLine($"held key answered valid in {(DateTimeOffset.UtcNow - started).TotalMilliseconds:F0} ms");
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var started = DateTimeOffset.UtcNow;
            using var response = await client.PostJsonAsync("/v1/internal/api-keys/verify", $$"""{"key":"{{neverVerifiedHere}}"}""");
            await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "unavailable");
            output.WriteLine($"unknown key answered 503 in {(DateTimeOffset.UtcNow - started).TotalMilliseconds:F0} ms");
        }
    }

    [Fact]
    public async Task Concurrent_misses_for_one_key_share_one_store_read()
    {
        using var client = registry.CreateClient();
        var tenantId = (await client.CreateTenantAsync()).Id();
        var plaintext = (string)(await client.IssueKeyAsync(tenantId))["plaintext"]!;
        using var reads = ApiKeyVerifyDefenceTests.StoreReads(registry.App);

        // Hold every read of api_keys until all the verifies have arrived and joined the first one's read.
        await using var locking = new NpgsqlConnection(registry.Settings["ConnectionStrings:Registry"]);
        await locking.OpenAsync();
        await using var transaction = await locking.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE", locking, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var verifies = Enumerable.Range(0, 50).Select(_ => client.IsValidAsync(plaintext)).ToList();
        await Task.Delay(300);
        await transaction.RollbackAsync();

        Assert.All(await Task.WhenAll(verifies), Assert.True);
        Assert.Equal(1, reads.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public async Task The_usage_writer_keeps_its_batch_while_its_privilege_is_revoked_and_writes_it_once_it_is_back()
    {
        var ownerConnection = await PostgresCluster.Shared.CreateDatabaseAsync();
        var role = "registry_usage_" + Guid.NewGuid().ToString("N")[..8];
        await using var owner = new NpgsqlConnection(ownerConnection);
        await owner.OpenAsync();
        await owner.ExecuteAsync($"CREATE ROLE {role} LOGIN");
        await using (var migrating = new RegistryApp(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Registry"] = ownerConnection,
            ["Store:ServiceRole"] = role,
        }))
        {
            _ = migrating.Server;
        }

        var logs = new CapturedLogs();
        await using var service = new RegistryApp(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Registry"] = new NpgsqlConnectionStringBuilder(ownerConnection) { Username = role }.ToString(),
        }, logs);
        using var client = service.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await client.CreateTenantAsync()).Id();
        var created = await client.IssueKeyAsync(tenantId);
        var keyId = Guid.Parse((string)created["api_key"]!["id"]!);

        await owner.ExecuteAsync($"REVOKE UPDATE ON api_keys FROM {role}");
        Assert.True(await client.IsValidAsync((string)created["plaintext"]!));
        var flushInterval = new ApiKeyOptions().UsageFlushInterval;
        service.Clock.Advance(flushInterval);
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(logs.Lines.Any(line => line.Contains("Could not write last_used_at for 1 keys")))),
            "the failed flush was not reported");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.True(await client.IsValidAsync((string)created["plaintext"]!));
        Assert.Null(await LastUsedAtAsync(owner, keyId));

        await owner.ExecuteAsync($"GRANT UPDATE ON api_keys TO {role}");
        service.Clock.Advance(flushInterval);
        Assert.True(await Eventually.HoldsAsync(async () => await LastUsedAtAsync(owner, keyId) is not null),
            "the kept batch was not written once the privilege was back");
    }

    private static async Task<DateTime?> LastUsedAtAsync(NpgsqlConnection connection, Guid keyId) =>
        (await connection.QueryAsync<DateTime?>($"SELECT last_used_at FROM api_keys WHERE id = '{keyId}'")).Single();
}
