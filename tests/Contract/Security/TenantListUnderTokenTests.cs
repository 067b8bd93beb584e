using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Security;

/// <summary>
/// GET /v1/tenants under a `tenant-admin` token (issue 22): exactly the tenants its organizations name, newest first,
/// with the filters and the cursor applying within them; a named tenant that does not exist adds nothing.
/// </summary>
public abstract class TenantListUnderTokenTests<TRegistry>(TRegistry registry) where TRegistry : RegistryFixture, ISecuredRegistry
{
    private readonly HttpClient admin = registry.CreateClient();
    private readonly HttpClient anonymous = registry.App.CreateDefaultClient(new ValidatingHandler());

    [Fact]
    public async Task A_tenant_admin_lists_exactly_its_organizations_tenants_with_filters_and_paging_within_them()
    {
        var first = await CreateAsync();
        var second = await CreateAsync("demo");
        var outside = await CreateAsync();
        var token = registry.Tokens.TenantAdmin((string)first["slug"]!, (string)second["slug"]!, "no-such-tenant-" + Guid.NewGuid().ToString("N")[..8]);

        var all = await PageAsync(token, "");
        var demos = await PageAsync(token, "kind=demo");
        var firstPage = await PageAsync(token, "limit=1");
        var secondPage = await PageAsync(token, $"limit=1&cursor={firstPage["next_cursor"]}");

        Assert.Equal([second.Id(), first.Id()], Ids(all));
        Assert.False(all.ContainsKey("next_cursor"));
        Assert.Equal([second.Id()], Ids(demos));
        Assert.Equal([second.Id()], Ids(firstPage));
        Assert.Equal([first.Id()], Ids(secondPage));
        Assert.False(secondPage.ContainsKey("next_cursor"));
        Assert.Contains(outside.Id(), Ids(await (await admin.GetAsync("/v1/tenants?limit=500")).ReadObjectAsync()));
    }

    /// <summary>A millisecond after the tenant before, as time passes between creations outside tests (newest first).</summary>
    private async Task<JsonObject> CreateAsync(string kind = "customer")
    {
        registry.App.Clock.Advance(TimeSpan.FromMilliseconds(1));
        return await admin.CreateTenantAsync(kind);
    }

    private async Task<JsonObject> PageAsync(string token, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/tenants?{query}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    private static List<Guid> Ids(JsonObject page) => [.. page["items"]!.AsArray().Select(tenant => Guid.Parse((string)tenant!["id"]!))];
}

public sealed class TenantListUnderTokenTestsOnSqlite(SecuredSqliteRegistry registry)
    : TenantListUnderTokenTests<SecuredSqliteRegistry>(registry), IClassFixture<SecuredSqliteRegistry>;

public sealed class TenantListUnderTokenTestsOnPostgres(SecuredPostgresRegistry registry)
    : TenantListUnderTokenTests<SecuredPostgresRegistry>(registry), IClassFixture<SecuredPostgresRegistry>;
