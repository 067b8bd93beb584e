using System.Net;
using System.Text.Json.Nodes;
using LinqToDB;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Entitlements;

namespace TenantRegistry.Contract.Tests.Entitlements;

/// <summary>The entitlement list over HTTP; runs once per store.</summary>
public abstract class EntitlementContractTests(RegistryFixture registry)
{
    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task Tenant_without_entitlements_has_an_empty_list()
    {
        var tenant = await client.CreateTenantAsync();

        var response = await client.GetAsync($"/v1/entitlements?tenant_id={tenant["id"]}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"items":[]}""", (await response.ReadObjectAsync()).ToJsonString());
    }

    [Fact]
    public async Task Every_entitlement_is_listed_by_product_disabled_and_expired_ones_included()
    {
        var tenant = await client.CreateActiveTenantAsync();
        var other = await client.CreateActiveTenantAsync();
        foreach (var product in new[] { "risk-insights", "compliance-scanner" })
        {
            await client.PostJsonAsync("/v1/catalog/trial-request", new JsonObject { ["tenant_id"] = (string?)tenant["id"], ["product"] = product });
        }

        await client.PostJsonAsync("/v1/catalog/trial-request", new JsonObject { ["tenant_id"] = (string?)other["id"], ["product"] = "policy-studio" });
        var now = registry.App.Clock.GetUtcNow();
        await registry.WithStoreAsync(db => db.InsertAsync(new EntitlementRow
        {
            TenantId = tenant.Id(), Product = "audit-vault", Enabled = false, Config = """{"seats":25,"regions":["eu-central"]}""",
            CreatedAt = now.AddDays(-90), UpdatedAt = now.AddDays(-1),
        }));
        await registry.WithStoreAsync(db => db.InsertAsync(new EntitlementRow
        {
            TenantId = tenant.Id(), Product = "policy-studio", Enabled = true, ExpiresAt = now.AddDays(-1),
            CreatedAt = now.AddDays(-15), UpdatedAt = now.AddDays(-15),
        }));

        var response = await client.GetAsync($"/v1/entitlements?tenant_id={tenant["id"]}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.ReadObjectAsync())["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(["audit-vault", "compliance-scanner", "policy-studio", "risk-insights"], items.Select(i => (string)i["product"]!));
        Assert.All(items, i => Assert.Equal((string?)tenant["id"], (string?)i["tenant_id"]));
        var disabled = items[0];
        Assert.False((bool)disabled["enabled"]!);
        Assert.Equal(25, (int)disabled["config"]!["seats"]!);
        Assert.Equal("eu-central", (string?)disabled["config"]!["regions"]![0]);
        Assert.False(disabled.ContainsKey("expires_at"), "an entitlement without expiry has no expires_at, not a null one");
        var expired = items[2];
        Assert.True((bool)expired["enabled"]!, "listed as stored until the sweeper disables it");
        Assert.True(DateTimeOffset.Parse((string)expired["expires_at"]!) < now);
        Assert.All(items, i => Assert.IsType<JsonObject>(i["config"]));
    }

    [Theory]
    [InlineData("/v1/entitlements")]
    [InlineData("/v1/entitlements?tenant_id=")]
    [InlineData("/v1/entitlements?tenant_id=not-a-uuid")]
    [InlineData("/v1/entitlements?tenant_id=12345")]
    [InlineData("/v1/entitlements?tenant=00000000-0000-0000-0000-000000000001")]
    public async Task Missing_or_malformed_tenant_id_is_bad_input(string path)
    {
        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ReadObjectAsync();
        Assert.Equal("invalid_input", (string?)error["error"]);
        Assert.Contains("tenant_id", (string?)error["message"]);
    }

    [Fact]
    public async Task Unknown_tenant_is_not_found()
    {
        var response = await client.GetAsync($"/v1/entitlements?tenant_id={Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", await response.ErrorCodeAsync());
    }
}

public sealed class EntitlementContractTestsOnSqlite(SqliteRegistry registry) : EntitlementContractTests(registry), IClassFixture<SqliteRegistry>;

public sealed class EntitlementContractTestsOnPostgres(PostgresRegistry registry) : EntitlementContractTests(registry), IClassFixture<PostgresRegistry>;
