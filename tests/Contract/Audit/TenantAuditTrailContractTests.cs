using System.Net;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Audit;

/// <summary>Every tenant mutation leaves its event in GET /v1/audit, naming the tenant as tenant and target.</summary>
public abstract class TenantAuditTrailContractTests(RegistryFixture registry)
{
    private const string UserAgent = "tenant-admin/1.0";

    private readonly HttpClient client = CreateClientWithUserAgent(registry);

    [Fact]
    public async Task Creating_a_tenant_is_audited()
    {
        var tenant = await CreateTenantAsync();

        var created = await ExpectEventAsync("tenant.created", tenant);

        Assert.Equal((string?)tenant["slug"], (string?)created["target_name"]);
        Assert.Equal("trial", (string?)created["metadata"]!["status"]);
        Assert.Equal(tenant["created_at"]!.ToJsonString(), created["created_at"]!.ToJsonString());
    }

    [Fact]
    public async Task Activating_a_tenant_is_audited()
    {
        var tenant = await CreateTenantAsync();

        var response = await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/activate", """{"plan":"business"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var activated = await ExpectEventAsync("tenant.activated", tenant);
        Assert.Equal("business", (string?)activated["metadata"]!["plan"]);
    }

    [Fact]
    public async Task Cancelling_a_tenant_now_is_audited()
    {
        var tenant = await CreateTenantAsync();

        var response = await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/cancel", """{"reason":"budget cut"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cancelled = await ExpectEventAsync("tenant.cancelled", tenant);
        Assert.Equal("budget cut", (string?)cancelled["metadata"]!["reason"]);
        Assert.False((bool)cancelled["metadata"]!["at_period_end"]!);
    }

    [Fact]
    public async Task Cancelling_a_tenant_at_period_end_is_audited()
    {
        var tenant = await CreateTenantAsync();
        var contractEnd = DateOnly.FromDateTime(registry.App.Clock.GetUtcNow().UtcDateTime.AddDays(30));
        await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/activate", $$"""{"contract_end":"{{contractEnd:yyyy-MM-dd}}"}""");

        var response = await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/cancel", """{"reason":"switching","at_period_end":true}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var scheduled = await ExpectEventAsync("tenant.cancel_scheduled", tenant);
        Assert.Equal($"{contractEnd:yyyy-MM-dd}", (string?)scheduled["metadata"]!["effective_date"]);
        Assert.Equal("switching", (string?)scheduled["metadata"]!["reason"]);
    }

    [Fact]
    public async Task A_tenants_events_list_newest_first_under_its_id()
    {
        var tenant = await CreateTenantAsync();
        await client.PostAsync($"/v1/tenants/{tenant["id"]}/activate", null);
        await client.PostAsync($"/v1/tenants/{tenant["id"]}/cancel", null);

        var page = await client.ListAuditAsync($"tenant_id={tenant["id"]}");

        Assert.Equal(["tenant.cancelled", "tenant.activated", "tenant.created"], page.Items().Select(e => (string?)e["action"]));
    }

    private static HttpClient CreateClientWithUserAgent(RegistryFixture registry)
    {
        var client = registry.CreateClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        return client;
    }

    private async Task<JsonObject> CreateTenantAsync()
    {
        var response = await client.PostJsonAsync("/v1/tenants", $$"""{"slug":"audited-{{Guid.NewGuid().ToString("N")[..12]}}","name":"Audited"}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    private async Task<JsonObject> ExpectEventAsync(string action, JsonObject tenant)
    {
        var id = (string)tenant["id"]!;
        var found = await client.ExpectAuditEventAsync(action, id, id);
        Assert.Equal("tenant", (string?)found["target_type"]);
        Assert.Equal("api", (string?)found["actor_type"]);
        Assert.Equal(UserAgent, (string?)found["user_agent"]);
        return found;
    }
}

public sealed class TenantAuditTrailContractTestsOnSqlite(SqliteRegistry registry) : TenantAuditTrailContractTests(registry), IClassFixture<SqliteRegistry>;

public sealed class TenantAuditTrailContractTestsOnPostgres(PostgresRegistry registry) : TenantAuditTrailContractTests(registry), IClassFixture<PostgresRegistry>;
