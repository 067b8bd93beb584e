using System.Net;
using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.ApiKeys;
using TenantRegistry.Contract.Tests.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Telemetry;
using TenantRegistry.Tenants;

namespace TenantRegistry.Contract.Tests.Telemetry;

/// <summary>GET /metrics after a scripted workload: the families exist, and the counts moved by exactly the workload.</summary>
public abstract class MetricsScrapeTests(RegistryFixture registry)
{
    private const string Verifications = "tenant_registry_key_verifications_total";
    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task The_scrape_parses_as_Prometheus_text_and_has_every_family_that_matters()
    {
        await client.VerifyAsync("trk_not-a-key");
        await WaitUntilTheListenerIsUpAsync();

        var scrape = await client.ScrapeAsync();

        Assert.Equal("counter", scrape.Types[Verifications]);
        Assert.Equal("counter", scrape.Types["tenant_registry_verdict_cache_hits_total"]);
        Assert.Equal("counter", scrape.Types["tenant_registry_verdict_cache_misses_total"]);
        Assert.Equal("gauge", scrape.Types["tenant_registry_verdict_cache_entries"]);
        Assert.Equal("gauge", scrape.Types["tenant_registry_store_breaker_open"]);
        Assert.Equal("counter", scrape.Types["tenant_registry_sweeper_transitions_total"]);
        Assert.Equal("counter", scrape.Types["tenant_registry_audit_appends_total"]);
        Assert.Equal("histogram", scrape.Types["http_server_request_duration_seconds"]);
        Assert.Equal(0, scrape.Value("tenant_registry_store_breaker_open"));
        Assert.Equal(VerifyOutcome.All.Order(), scrape.Samples.Where(s => s.Name == Verifications).Select(s => s.Labels["outcome"]).Order());
        Assert.Equal(["entitlement_expired", "scheduled_cancellation", "trial_expired"],
            scrape.Samples.Where(s => s.Name == "tenant_registry_sweeper_transitions_total").Select(s => s.Labels["kind"]).Order());
        Assert.NotNull(scrape.Value("http_server_request_duration_seconds_count",
            ("http_route", "v1/internal/api-keys/verify"), ("http_response_status_code", "200")));
        // The embedded store has no listener, so no sample pretends one was lost; PostgreSQL's connects after start-up.
        Assert.Equal(registry.StoreName == "PostgreSQL" ? 1 : null, scrape.Value("tenant_registry_verdict_listener_connected"));
    }

    [Fact]
    public async Task Verify_outcomes_and_cache_counts_move_by_exactly_what_the_workload_did()
    {
        var tenant = await client.CreateTenantAsync();
        var good = (string)(await client.IssueKeyAsync(tenant.Id()))["plaintext"]!;
        var revoked = await client.IssueKeyAsync(tenant.Id());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/api-keys/{revoked["api_key"]!["id"]}")).StatusCode);
        var frozen = await client.CreateTenantAsync();
        var frozenKey = (string)(await client.IssueKeyAsync(frozen.Id()))["plaintext"]!;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v1/tenants/{frozen.Id()}/cancel", null)).StatusCode);
        var trial = await client.CreateTenantAsync();
        var trialKey = (string)(await client.IssueKeyAsync(trial.Id()))["plaintext"]!;
        await EndTrialInStoreAsync(trial.Id());
        var (unknownKey, _) = ApiKeyFormat.Generate();
        await WaitUntilTheListenerIsUpAsync();
        var before = await client.ScrapeAsync();

        for (var i = 0; i < 4; i++)
        {
            Assert.True(await client.IsValidAsync(good));
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.False(await client.IsValidAsync((string)revoked["plaintext"]!));
        }

        Assert.Equal("""{"valid":false}""", await client.VerifyRawAsync("""{"key": 42}"""));
        Assert.False(await client.IsValidAsync(unknownKey));
        Assert.False(await client.IsValidAsync(frozenKey));
        Assert.False(await client.IsValidAsync(frozenKey));
        Assert.False(await client.IsValidAsync(trialKey));
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/v1/audit", """{"action":"deploy.finished"}""")).StatusCode);
        var after = await client.ScrapeAsync();

        Assert.Equal(4, Moved(VerifyOutcome.Valid));
        Assert.Equal(3, Moved(VerifyOutcome.Revoked));
        Assert.Equal(1, Moved(VerifyOutcome.Malformed));
        Assert.Equal(1, Moved(VerifyOutcome.Unknown));
        Assert.Equal(2, Moved(VerifyOutcome.TenantShutOff));
        Assert.Equal(1, Moved(VerifyOutcome.TrialEnded));
        Assert.Equal(0, Moved(VerifyOutcome.StoreUnavailable));
        // The first verify of each of the five keys read the store; the six that followed were answered from the cache.
        Assert.Equal(5, MovedBy("tenant_registry_verdict_cache_misses_total"));
        Assert.Equal(6, MovedBy("tenant_registry_verdict_cache_hits_total"));
        Assert.Equal(1, MovedBy("tenant_registry_audit_appends_total"));
        Assert.True(after.Value("tenant_registry_verdict_cache_entries") >= 4, "the four known keys are cached");

        double Moved(string outcome) =>
            after.Value(Verifications, ("outcome", outcome))!.Value - before.Value(Verifications, ("outcome", outcome))!.Value;

        double MovedBy(string name) => after.Value(name)!.Value - before.Value(name)!.Value;
    }

    [Fact]
    public async Task Audit_appends_count_the_registry_own_events_too()
    {
        var before = await client.ScrapeAsync();

        var tenant = await client.CreateTenantAsync();
        await client.IssueKeyAsync(tenant.Id());

        var after = await client.ScrapeAsync();
        Assert.Equal(2, after.Value("tenant_registry_audit_appends_total") - before.Value("tenant_registry_audit_appends_total"));
    }

    [Fact]
    public async Task The_hosted_sweeper_counts_what_it_froze_and_when_it_last_succeeded()
    {
        var trial = await client.CreateTenantAsync();
        await EndTrialInStoreAsync(trial.Id());
        var before = await client.ScrapeAsync();
        var kind = ("kind", SweeperTransition.TrialExpired);
        var sweepAt = registry.App.Clock.GetUtcNow().AddMinutes(1);
        // Other tests of this class leave ended trials too; the sweep freezes all of them.
        var due = await registry.WithStoreAsync(db => db.Tenants.CountAsync(t => t.Status == TenantStates.Trial && t.TrialEndsAt <= sweepAt));

        registry.App.Clock.Advance(TimeSpan.FromMinutes(1));

        PrometheusText after = before;
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            after = await client.ScrapeAsync();
            return after.Value("tenant_registry_sweeper_transitions_total", kind) > before.Value("tenant_registry_sweeper_transitions_total", kind);
        }), "the sweep after the tick froze the trial");
        Assert.True(due >= 1);
        Assert.Equal(due, after.Value("tenant_registry_sweeper_transitions_total", kind) - before.Value("tenant_registry_sweeper_transitions_total", kind));
        Assert.Equal("gauge", after.Types["tenant_registry_sweeper_last_success_seconds"]);
        Assert.Equal(registry.App.Clock.GetUtcNow().ToUnixTimeSeconds(), after.Value("tenant_registry_sweeper_last_success_seconds"));
    }

    private Task EndTrialInStoreAsync(Guid id)
    {
        var ended = registry.App.Clock.GetUtcNow().AddDays(-1);
        return registry.WithStoreAsync(db => db.Tenants.Where(t => t.Id == id).Set(t => t.TrialEndsAt, ended).UpdateAsync());
    }

    // On PostgreSQL the cache is trusted only while its listener listens; until then every verify reads the store.
    /// <summary>PostgreSQL's listener connects after start-up, and verdicts are cached only while it is up.</summary>
    private async Task WaitUntilTheListenerIsUpAsync()
    {
        if (registry.StoreName == "PostgreSQL")
        {
            Assert.True(await Eventually.HoldsAsync(async () => (await client.ScrapeAsync()).Value("tenant_registry_verdict_listener_connected") == 1));
        }
    }
}

[Collection(TelemetryCollection.Name)]
public sealed class MetricsScrapeTestsOnSqlite(SqliteRegistry registry) : MetricsScrapeTests(registry), IClassFixture<SqliteRegistry>;

[Collection(TelemetryCollection.Name)]
public sealed class MetricsScrapeTestsOnPostgres(PostgresRegistry registry) : MetricsScrapeTests(registry), IClassFixture<PostgresRegistry>;
