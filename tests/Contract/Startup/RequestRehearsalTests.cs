using System.Net;
using System.Text.RegularExpressions;
using LinqToDB.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using TenantRegistry.Contract.Tests.ApiKeys;
using TenantRegistry.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Startup;

/// <summary>
/// The start-up rehearsal (Hosting/RequestRehearsal), on each store: a second instance started on the fixture's store
/// is a restarted instance. Before it says ready it has sent itself every request kind of its list, the writes among
/// them carried out against the store's real rows, and it has committed none of them.
/// </summary>
public abstract partial class RequestRehearsalTests(RegistryFixture registry)
{
    private static readonly string[] RehearsedWrites =
    [
        "POST /v1/tenants ", "POST /v1/tenants/{id}/cancel ", "POST /v1/tenants/{id}/activate ", "POST /v1/api-keys ",
        "DELETE /v1/api-keys/{id} ", "POST /v1/audit ",
    ];

    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task A_restarted_instance_rehearses_each_write_on_real_rows_before_it_is_ready_and_commits_none_of_them()
    {
        var tenant = (await client.CreateActiveTenantAsync()).Id();
        var key = await client.IssueKeyAsync(tenant);
        var keyId = (string)key["api_key"]!["id"]!;
        var before = await StoreStateAsync(tenant, keyId);

        var logs = new CapturedLogs();
        // Each request once: the repeated ones are the next test's.
        await using var restarted = RestartRehearsing(logs, jitSettleTimeout: "00:00:00");
        using var restartedClient = await ReadyClientOfAsync(restarted);

        var done = logs.Lines.SingleOrDefault(line => line.Contains("Request rehearsal done", StringComparison.Ordinal));
        Assert.True(done is not null, "ready before the rehearsal was done: " + string.Join("\n", logs.Lines.Where(line => line.Contains("rehearsal", StringComparison.OrdinalIgnoreCase))));
        Assert.Contains(", 0 answered 5xx", done!, StringComparison.Ordinal);
        var rehearsed = logs.Lines.Select(line => RehearsedLine().Match(line)).Where(match => match.Success)
            // The rehearsal acts on the first active tenant it lists and that tenant's first key: rows of the shared store,
            // not necessarily this test's.
            .Select(match => (Request: RowId().Replace(match.Groups["request"].Value, "{id}"),
                Status: int.Parse(match.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        foreach (var write in RehearsedWrites)
        {
            // Answered 2xx: the write ran to its end on the tenant and key found by the rehearsal's reads, then rolled back.
            Assert.True(rehearsed.Any(r => r.Request == write && r.Status is >= 200 and < 300),
                $"{write.Trim()} was not rehearsed to a success; rehearsed: {string.Join(", ", rehearsed)}");
        }

        Assert.Contains(rehearsed, r => r.Request.StartsWith("POST /v1/internal/api-keys/verify", StringComparison.Ordinal) && r.Status == 200);
        Assert.Equal(before, await StoreStateAsync(tenant, keyId));
        Assert.True(await restartedClient.IsValidAsync((string)key["plaintext"]!), "the rehearsed revoke of the key stuck");
    }

    [Fact]
    public async Task A_restarted_instance_repeats_its_hottest_requests_before_ready_and_does_not_log_them_as_traffic()
    {
        var tenant = (await client.CreateActiveTenantAsync()).Id();
        await client.IssueKeyAsync(tenant);

        var logs = new CapturedLogs();
        // The bound of the repetition: the test process's JIT, busy with every other test, may not settle.
        await using var restarted = RestartRehearsing(logs, jitSettleTimeout: "00:00:02");
        using var restartedClient = await ReadyClientOfAsync(restarted);

        var settle = logs.Lines.SingleOrDefault(line => line.Contains("of repeated reads and verifies", StringComparison.Ordinal));
        Assert.True(settle is not null, "no stretch of repeated requests: " + string.Join("\n", logs.Lines.Where(line => line.Contains("rehearsal", StringComparison.OrdinalIgnoreCase))));
        Assert.True(int.Parse(StretchCount().Match(settle!).Groups["stretches"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1, settle);
        // A stretch is 500 ms of the hottest requests, one after another: hundreds of them, where the first pass sends 12.
        var done = logs.Lines.Single(line => line.Contains("Request rehearsal done", StringComparison.Ordinal));
        Assert.True(int.Parse(AnsweredOk().Match(done).Groups["ok"].Value, System.Globalization.CultureInfo.InvariantCulture) > 100, done);

        // Hundreds of requests were sent, and none of them is in the request log at its Information level
        // (RehearsalMetricsTests shows the same for the metrics: this process's meters are shared by every test's app).
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Information TenantRegistry.Telemetry.RequestLog:", StringComparison.Ordinal));

        // Traffic after ready is logged as ever.
        Assert.False(await restartedClient.IsValidAsync(ApiKeyFormat.Generate().Plaintext));
        Assert.Contains(logs.Lines, line => line.StartsWith("Information TenantRegistry.Telemetry.RequestLog: POST ", StringComparison.Ordinal)
            && line.Contains("api-keys/verify answered 200", StringComparison.Ordinal));
    }

    /// <summary>A second instance on the fixture's store, rehearsing, its every log line captured. The bound after
    /// which an instance is ready anyway is out of the way: ready here means rehearsed.</summary>
    private WebApplicationFactory<Program> RestartRehearsing(CapturedLogs logs, string jitSettleTimeout) =>
        registry.App.WithWebHostBuilder(host => host
            .UseSetting("Rehearsal:Enabled", "true")
            .UseSetting("Rehearsal:JitSettleTimeout", jitSettleTimeout)
            .UseSetting("ApiKeys:WarmupTimeout", "00:05:00")
            .UseSetting("Logging:LogLevel:TenantRegistry.Hosting.RequestRehearsal", "Debug")
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)));

    private async Task<HttpClient> ReadyClientOfAsync(WebApplicationFactory<Program> restarted)
    {
        var restartedClient = registry.CreateClientOf(restarted, acceptUnavailable: true);
        Assert.True(await Eventually.HoldsAsync(async () => (await restartedClient.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60)),
            "the restarted instance never became ready");
        return restartedClient;
    }

    /// <summary>What a committed rehearsal would change: row counts, the tenant's status, the key's revocation.</summary>
    private async Task<string> StoreStateAsync(Guid tenant, string keyId)
    {
        var counts = await registry.WithStoreAsync(async db => string.Join(", ",
            await db.ExecuteAsync<long>("SELECT count(*) FROM tenants"),
            await db.ExecuteAsync<long>("SELECT count(*) FROM tenants WHERE slug LIKE 'rehearsal-%'"),
            await db.ExecuteAsync<long>("SELECT count(*) FROM tenants WHERE status = 'active'"),
            await db.ExecuteAsync<long>("SELECT count(*) FROM audit_events"),
            await db.ExecuteAsync<long>("SELECT count(*) FROM api_keys"),
            await db.ExecuteAsync<long>("SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL")));
        var status = (string?)(await (await client.GetAsync($"/v1/tenants/{tenant}")).ReadObjectAsync())["status"];
        var keys = (await (await client.GetAsync($"/v1/api-keys?tenant_id={tenant}")).ReadObjectAsync())["items"]!.AsArray();
        var revokedAt = keys.Single(item => (string?)item!["id"] == keyId)!["revoked_at"]?.ToJsonString();
        return $"tenants, rehearsal tenants, active tenants, events, keys, revoked keys: {counts}; tenant {status}; key revoked at {revokedAt ?? "-"}";
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex RowId();

    [GeneratedRegex(@"\((?<stretches>\d+) stretches")]
    private static partial Regex StretchCount();

    [GeneratedRegex(@"done in [\d.]+ s: (?<ok>\d+) answered 2xx")]
    private static partial Regex AnsweredOk();

    [GeneratedRegex(@"Request rehearsal: (?<request>\S+ \S+ )answered (?<status>\d{3})")]
    private static partial Regex RehearsedLine();
}

public sealed class RequestRehearsalTestsOnSqlite(SqliteRegistry registry) : RequestRehearsalTests(registry), IClassFixture<SqliteRegistry>;

public sealed class RequestRehearsalTestsOnPostgres(PostgresRegistry registry) : RequestRehearsalTests(registry), IClassFixture<PostgresRegistry>;

/// <summary>With authentication on the rehearsal acts as an admin of its own: every write still runs to its end.</summary>
public sealed class RequestRehearsalTestsUnderTokensOnSqlite(Security.SecuredSqliteRegistry registry) : RequestRehearsalTests(registry), IClassFixture<Security.SecuredSqliteRegistry>;

public sealed class RequestRehearsalTestsUnderTokensOnPostgres(Security.SecuredPostgresRegistry registry) : RequestRehearsalTests(registry), IClassFixture<Security.SecuredPostgresRegistry>;
