using System.Net;
using System.Text.Json.Nodes;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using TenantRegistry.Audit;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Lifecycle;

namespace TenantRegistry.Contract.Tests.Lifecycle;

/// <summary>
/// The sweeper's transitions, driven by the fake clock; runs once per store. Tests run sweeps directly (twice, or
/// several at once) while the hosted sweeper, woken by every clock move, competes with them: each transition must
/// still happen exactly once.
/// </summary>
public abstract class LifecycleSweeperContractTests(RegistryFixture registry)
{
    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task Trial_tenant_is_frozen_once_its_trial_has_ended()
    {
        var tenant = await client.CreateTenantAsync();
        registry.App.Clock.Advance(TimeSpan.FromDays(14));

        await registry.SweepAsync();
        await registry.SweepAsync();

        var frozen = await GetTenantAsync(tenant);
        Assert.Equal("frozen", (string?)frozen["status"]);
        Assert.Equal(tenant["trial_ends_at"]!.ToJsonString(), frozen["trial_ends_at"]!.ToJsonString());
        var expired = Assert.Single(await registry.AuditEventsAsync(tenant, "tenant.trial_expired"));
        AssertSweeperEvent(expired);
        Assert.Equal(DateTimeOffset.Parse((string)tenant["trial_ends_at"]!), DateTimeOffset.Parse((string)JsonNode.Parse(expired.Metadata!)!["trial_ends_at"]!));
        Assert.Equal(DateTimeOffset.Parse((string)frozen["updated_at"]!), expired.CreatedAt);
    }

    [Fact]
    public async Task Trial_that_has_not_ended_is_left_alone()
    {
        var tenant = await client.CreateTenantAsync();
        registry.App.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromSeconds(1));

        await registry.SweepAsync();

        Assert.Equal("trial", (string?)(await GetTenantAsync(tenant))["status"]);
        Assert.Empty(await registry.AuditEventsAsync(tenant, "tenant.trial_expired"));
    }

    [Fact]
    public async Task Activated_demo_and_frozen_tenants_are_not_touched()
    {
        var active = await client.CreateActiveTenantAsync();
        var demo = await client.CreateTenantAsync(kind: "demo");
        var frozen = await client.CreateFrozenTenantAsync();
        registry.App.Clock.Advance(TimeSpan.FromDays(30));

        await registry.SweepAsync();

        Assert.Equal("active", (string?)(await GetTenantAsync(active))["status"]);
        Assert.Equal("demo", (string?)(await GetTenantAsync(demo))["status"]);
        Assert.Equal(["tenant.created", "tenant.cancelled"], (await registry.AuditEventsAsync(frozen)).Select(e => e.Action));
    }

    [Fact]
    public async Task Scheduled_cancellation_freezes_the_tenant_from_00_00_utc_of_its_day()
    {
        var contractEnd = DateOnly.FromDateTime(registry.App.Clock.GetUtcNow().UtcDateTime).AddDays(3);
        var tenant = await client.CreateActiveTenantAsync(contractEnd.ToString("yyyy-MM-dd"));
        await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/cancel", """{"reason":"budget cut","at_period_end":true}""");
        var startOfDay = new DateTimeOffset(contractEnd.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        registry.App.Clock.Advance(startOfDay - registry.App.Clock.GetUtcNow() - TimeSpan.FromTicks(10));
        await registry.SweepAsync();
        var dayBefore = await GetTenantAsync(tenant);
        registry.App.Clock.Advance(TimeSpan.FromTicks(10));
        await registry.SweepAsync();
        await registry.SweepAsync();

        Assert.Equal("active", (string?)dayBefore["status"]);
        Assert.Equal("frozen", (string?)(await GetTenantAsync(tenant))["status"]);
        var cancelled = Assert.Single(await registry.AuditEventsAsync(tenant, "tenant.cancelled"));
        AssertSweeperEvent(cancelled);
        var metadata = JsonNode.Parse(cancelled.Metadata!)!;
        Assert.True((bool)metadata["scheduled"]!);
        Assert.True((bool)metadata["at_period_end"]!);
        Assert.Equal(contractEnd.ToString("yyyy-MM-dd"), (string?)metadata["effective_date"]);
        var stored = await registry.WithStoreAsync(db => db.Tenants.FirstAsync(t => t.Id == tenant.Id()));
        Assert.Null(stored.FreezeScheduledOn);
    }

    [Fact]
    public async Task Withdrawn_cancellation_is_not_carried_out()
    {
        var contractEnd = DateOnly.FromDateTime(registry.App.Clock.GetUtcNow().UtcDateTime).AddDays(2);
        var tenant = await client.CreateActiveTenantAsync(contractEnd.ToString("yyyy-MM-dd"));
        await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/cancel", """{"at_period_end":true}""");
        await client.PostAsync($"/v1/tenants/{tenant["id"]}/activate", null);
        registry.App.Clock.Advance(TimeSpan.FromDays(3));

        await registry.SweepAsync();

        Assert.Equal("active", (string?)(await GetTenantAsync(tenant))["status"]);
        Assert.Empty(await registry.AuditEventsAsync(tenant, "tenant.cancelled"));
    }

    [Fact]
    public async Task Expired_entitlement_is_disabled_once_and_stays_listed()
    {
        var tenant = await client.CreateActiveTenantAsync();
        var trial = await (await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"policy-studio"}""")).ReadObjectAsync();
        registry.App.Clock.Advance(TimeSpan.FromDays(14));

        await registry.SweepAsync();
        await registry.SweepAsync();

        var listed = Assert.Single((await (await client.GetAsync($"/v1/entitlements?tenant_id={tenant["id"]}")).ReadObjectAsync())["items"]!.AsArray())!;
        Assert.False((bool)listed["enabled"]!);
        Assert.Equal(trial["expires_at"]!.ToJsonString(), listed["expires_at"]!.ToJsonString());
        Assert.Equal(trial["config"]!.ToJsonString(), listed["config"]!.ToJsonString());
        Assert.True(DateTimeOffset.Parse((string)listed["updated_at"]!) > DateTimeOffset.Parse((string)trial["updated_at"]!));
        var expired = Assert.Single(await registry.AuditEventsAsync(tenant, "entitlement.expired"));
        AssertSweeperEvent(expired);
        Assert.Equal("policy-studio", expired.Product);
        Assert.Equal("active", (string?)(await GetTenantAsync(tenant))["status"]);
    }

    [Fact]
    public async Task Entitlement_without_expiry_or_before_it_stays_enabled()
    {
        var tenant = await client.CreateActiveTenantAsync();
        await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"risk-insights"}""");
        registry.App.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromSeconds(1));

        await registry.SweepAsync();

        var listed = Assert.Single((await (await client.GetAsync($"/v1/entitlements?tenant_id={tenant["id"]}")).ReadObjectAsync())["items"]!.AsArray())!;
        Assert.True((bool)listed["enabled"]!);
        Assert.Empty(await registry.AuditEventsAsync(tenant, "entitlement.expired"));
    }

    [Fact]
    public async Task Concurrent_sweeps_apply_every_transition_exactly_once()
    {
        var trials = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.CreateTenantAsync()));
        var entitled = await client.CreateActiveTenantAsync();
        foreach (var product in new[] { "compliance-scanner", "policy-studio", "risk-insights" })
        {
            await client.PostJsonAsync("/v1/catalog/trial-request", new JsonObject { ["tenant_id"] = (string?)entitled["id"], ["product"] = product });
        }

        var contractEnd = DateOnly.FromDateTime(registry.App.Clock.GetUtcNow().UtcDateTime).AddDays(5);
        var cancelling = await client.CreateActiveTenantAsync(contractEnd.ToString("yyyy-MM-dd"));
        await client.PostJsonAsync($"/v1/tenants/{cancelling["id"]}/cancel", """{"at_period_end":true}""");
        registry.App.Clock.Advance(TimeSpan.FromDays(15));

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(registry.SweepOnceAsync)));
        await registry.SweepAsync();

        foreach (var tenant in trials)
        {
            Assert.Equal("frozen", (string?)(await GetTenantAsync(tenant))["status"]);
            Assert.Single(await registry.AuditEventsAsync(tenant, "tenant.trial_expired"));
        }

        Assert.Equal("frozen", (string?)(await GetTenantAsync(cancelling))["status"]);
        Assert.Single(await registry.AuditEventsAsync(cancelling, "tenant.cancelled"));
        var expired = await registry.AuditEventsAsync(entitled, "entitlement.expired");
        Assert.Equal(["compliance-scanner", "policy-studio", "risk-insights"], expired.Select(e => e.Product!).Order());
    }

    [Fact]
    public async Task Racing_transitions_of_one_tenant_and_one_entitlement_apply_once_without_the_sweep_lock()
    {
        var tenant = await client.CreateTenantAsync();
        var entitled = await client.CreateActiveTenantAsync();
        await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{entitled["id"]}}","product":"risk-insights"}""");
        // The clock stays put so that the hosted sweeper sleeps; the racers alone are told that 14 days have passed.
        var now = registry.App.Clock.GetUtcNow() + TimeSpan.FromDays(14);
        var due = new DueEntitlement(entitled.Id(), (string)entitled["slug"]!, "risk-insights", null);

        var froze = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            InScopeAsync<TenantFreezer, bool>(freezer => freezer.ExpireTrialAsync(tenant.Id(), now, CancellationToken.None)))));
        var disabled = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            InScopeAsync<EntitlementExpiry, bool>(expiry => expiry.ExpireAsync(due, now, CancellationToken.None)))));

        Assert.Single(froze, applied => applied);
        Assert.Single(disabled, applied => applied);
        Assert.Single(await registry.AuditEventsAsync(tenant, "tenant.trial_expired"));
        Assert.Single(await registry.AuditEventsAsync(entitled, "entitlement.expired"));
    }

    [Fact]
    public async Task The_hosted_sweeper_runs_by_itself_when_the_interval_passes()
    {
        var tenant = await client.CreateTenantAsync();
        var entitled = await client.CreateActiveTenantAsync();
        await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{entitled["id"]}}","product":"compliance-scanner"}""");

        registry.App.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));

        Assert.True(await Eventually.HoldsAsync(async () => (string?)(await GetTenantAsync(tenant))["status"] == "frozen"),
            "the hosted sweeper froze the tenant whose trial ended");
        Assert.True(await Eventually.HoldsAsync(async () => (await registry.AuditEventsAsync(entitled, "entitlement.expired")).Count == 1),
            "the hosted sweeper disabled the expired entitlement");
        Assert.Single(await registry.AuditEventsAsync(tenant, "tenant.trial_expired"));
    }

    private static void AssertSweeperEvent(AuditEventRow row)
    {
        Assert.Equal("system", row.ActorType);
        Assert.Null(row.SourceIp);
        Assert.Null(row.UserAgent);
        Assert.Equal("tenant", row.TargetType);
    }

    private async Task<TResult> InScopeAsync<TService, TResult>(Func<TService, Task<TResult>> work)
        where TService : notnull
    {
        await using var scope = registry.App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private async Task<JsonObject> GetTenantAsync(JsonObject tenant)
    {
        var response = await client.GetAsync($"/v1/tenants/{tenant["id"]}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }
}

public sealed class LifecycleSweeperContractTestsOnSqlite(SqliteRegistry registry) : LifecycleSweeperContractTests(registry), IClassFixture<SqliteRegistry>;

public sealed class LifecycleSweeperContractTestsOnPostgres(PostgresRegistry registry) : LifecycleSweeperContractTests(registry), IClassFixture<PostgresRegistry>;
