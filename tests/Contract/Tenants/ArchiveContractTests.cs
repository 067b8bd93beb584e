using System.Net;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Tenants;

/// <summary>POST /v1/tenants/{id}/archive: only from frozen, final, and it retires the tenant's keys and entitlements.</summary>
public abstract class ArchiveContractTests(RegistryFixture registry)
{
    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task Archiving_a_frozen_tenant_revokes_its_keys_disables_its_entitlements_and_records_it()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var first = (string)(await client.IssueKeyAsync(tenantId))["plaintext"]!;
        await client.IssueKeyAsync(tenantId);
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenantId}}","product":"compliance-scanner"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v1/tenants/{tenantId}/cancel", null)).StatusCode);

        var response = await client.PostJsonAsync($"/v1/tenants/{tenantId}/archive", """{"reason":"contract over"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("archived", (string?)(await response.ReadObjectAsync())["status"]);
        var keys = (await (await client.GetAsync($"/v1/api-keys?tenant_id={tenantId}")).ReadObjectAsync())["items"]!.AsArray();
        Assert.Equal(2, keys.Count);
        Assert.All(keys, key => Assert.NotNull((string?)key!["revoked_at"]));
        var entitlements = (await (await client.GetAsync($"/v1/entitlements?tenant_id={tenantId}")).ReadObjectAsync())["items"]!.AsArray();
        Assert.False((bool)Assert.Single(entitlements)!["enabled"]!);
        Assert.False(await client.IsValidAsync(first));

        var events = await registry.AuditEventsAsync(new JsonObject { ["id"] = tenantId.ToString() });
        var archived = Assert.Single(events, e => e.Action == "tenant.archived");
        Assert.Contains("contract over", archived.Metadata);
        var revoked = events.Where(e => e.Action == "api_key.revoked").ToList();
        Assert.Equal(2, revoked.Count);
        Assert.All(revoked, e => Assert.Equal((archived.ActorType, archived.SourceIp, archived.UserAgent, archived.CreatedAt), (e.ActorType, e.SourceIp, e.UserAgent, e.CreatedAt)));
    }

    [Fact]
    public async Task Archiving_an_archived_tenant_answers_200_and_records_nothing_new()
    {
        var tenant = await client.CreateArchivedTenantAsync();
        var before = await registry.AuditEventsAsync(tenant);

        var again = await client.PostAsync($"/v1/tenants/{tenant["id"]}/archive", null);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(tenant.ToJsonString(), (await again.ReadObjectAsync()).ToJsonString());
        Assert.Equal(before.Select(e => e.Id), (await registry.AuditEventsAsync(tenant)).Select(e => e.Id));
    }

    [Theory]
    [InlineData("customer")]
    [InlineData("demo")]
    public async Task A_tenant_that_is_not_frozen_cannot_be_archived(string kind)
    {
        var trialOrDemo = await client.CreateTenantAsync(kind);
        var active = await client.CreateActiveTenantAsync();

        foreach (var tenant in new[] { trialOrDemo, active })
        {
            var response = await client.PostAsync($"/v1/tenants/{tenant["id"]}/archive", null);
            await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_state");
            Assert.Equal(tenant["status"]!.ToJsonString(), (await (await client.GetAsync($"/v1/tenants/{tenant["id"]}")).ReadObjectAsync())["status"]!.ToJsonString());
            Assert.DoesNotContain(await registry.AuditEventsAsync(tenant), e => e.Action == "tenant.archived");
        }
    }

    [Fact]
    public async Task Archiving_an_unknown_tenant_is_404()
    {
        var response = await client.PostAsync($"/v1/tenants/{Guid.NewGuid()}/archive", null);

        Assert.Equal("tenant not found", await response.AssertErrorAsync(HttpStatusCode.NotFound, "not_found"));
    }

    [Fact]
    public async Task An_archived_tenant_cannot_be_activated_again()
    {
        var tenant = await client.CreateArchivedTenantAsync();

        var response = await client.PostAsync($"/v1/tenants/{tenant["id"]}/activate", null);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_state");
    }
}

public sealed class ArchiveContractTestsOnSqlite(SqliteRegistry registry) : ArchiveContractTests(registry), IClassFixture<SqliteRegistry>;

public sealed class ArchiveContractTestsOnPostgres(PostgresRegistry registry) : ArchiveContractTests(registry), IClassFixture<PostgresRegistry>;
