using System.Net;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Tenants;

/// <summary>Tenant.cancel_at: the scheduled freeze day, visible across cancel, activate and the sweep; runs once per store.</summary>
public abstract class CancelAtContractTests(RegistryFixture registry)
{
    private readonly HttpClient client = registry.CreateClient();

    private string Today(int plusDays) => DateOnly.FromDateTime(registry.App.Clock.GetUtcNow().UtcDateTime).AddDays(plusDays).ToString("yyyy-MM-dd");

    [Fact]
    public async Task An_active_tenant_cancelled_at_period_end_shows_its_contract_end_until_the_sweep_freezes_it()
    {
        var tenant = await client.CreateActiveTenantAsync(contractEnd: Today(3));
        Assert.False(tenant.ContainsKey("cancel_at"));

        var cancelled = await (await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/cancel", """{"at_period_end":true}""")).ReadObjectAsync();

        Assert.Equal(("active", Today(3)), ((string)cancelled["status"]!, (string)cancelled["cancel_at"]!));
        Assert.Equal(Today(3), (string?)(await (await client.GetAsync($"/v1/tenants/{tenant["id"]}")).ReadObjectAsync())["cancel_at"]);
        registry.App.Clock.Advance(TimeSpan.FromDays(3));
        await registry.SweepAsync();
        var frozen = await (await client.GetAsync($"/v1/tenants/{tenant["id"]}")).ReadObjectAsync();
        Assert.Equal("frozen", (string?)frozen["status"]);
        Assert.False(frozen.ContainsKey("cancel_at"));
    }

    [Fact]
    public async Task Activation_clears_a_scheduled_cancellation()
    {
        var tenant = await client.CreateActiveTenantAsync(contractEnd: Today(10));
        await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/cancel", """{"at_period_end":true}""");

        var activated = await (await client.PostAsync($"/v1/tenants/{tenant["id"]}/activate", null)).ReadObjectAsync();

        Assert.False(activated.ContainsKey("cancel_at"));
    }

    [Fact]
    public async Task A_trial_tenant_cancelled_at_period_end_is_scheduled_for_its_trial_end_day()
    {
        var tenant = await client.CreateTenantAsync();
        var trialEndDay = ((string)tenant["trial_ends_at"]!)[..10];

        var response = await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/cancel", """{"at_period_end":true,"reason":"not convinced"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cancelled = await response.ReadObjectAsync();
        Assert.Equal(("trial", trialEndDay), ((string)cancelled["status"]!, (string)cancelled["cancel_at"]!));
        var scheduled = Assert.Single(await registry.AuditEventsAsync(tenant, "tenant.cancel_scheduled"));
        Assert.Contains(trialEndDay, scheduled.Metadata);
    }

    [Fact]
    public async Task A_demo_tenant_has_no_period_and_is_frozen_at_once()
    {
        var tenant = await client.CreateTenantAsync("demo");

        var cancelled = await (await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/cancel", """{"at_period_end":true}""")).ReadObjectAsync();

        Assert.Equal("frozen", (string?)cancelled["status"]);
        Assert.False(cancelled.ContainsKey("cancel_at"));
    }
}

public sealed class CancelAtContractTestsOnSqlite(SqliteRegistry registry) : CancelAtContractTests(registry), IClassFixture<SqliteRegistry>;

public sealed class CancelAtContractTestsOnPostgres(PostgresRegistry registry) : CancelAtContractTests(registry), IClassFixture<PostgresRegistry>;
