using System.Net;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Tenants;

/// <summary>GET /v1/tenants: filters, newest first, opaque cursor paging; runs once per store.</summary>
public abstract class TenantListContractTests(RegistryFixture registry)
{
    private readonly HttpClient client = registry.CreateClient();

    /// <summary>Tenants on a plan of their own, so a test sees only its own tenants; newest last.</summary>
    private async Task<(string Plan, List<string> Ids)> CreateOnOwnPlanAsync(int count, string? namePrefix = null)
    {
        var plan = "plan-" + Guid.NewGuid().ToString("N")[..12];
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await CreateAsync(plan, namePrefix is null ? "Tenant" : $"{namePrefix} {i}"));
        }

        return (plan, ids);
    }

    /// <summary>Creates a tenant a millisecond after the one before, as time passes between creations outside tests.</summary>
    private async Task<string> CreateAsync(string plan, string name, string kind = "customer", string? slug = null)
    {
        registry.App.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var response = await client.PostJsonAsync("/v1/tenants", new JsonObject
        {
            ["slug"] = slug ?? "l-" + Guid.NewGuid().ToString("N")[..16], ["name"] = name, ["plan"] = plan, ["kind"] = kind,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.ReadObjectAsync())["id"]!;
    }

    private async Task<JsonObject> PageAsync(string query)
    {
        var response = await client.GetAsync($"/v1/tenants?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    private static List<string> Ids(JsonObject page) => [.. page["items"]!.AsArray().Select(t => (string)t!["id"]!)];

    [Fact]
    public async Task Paging_returns_every_tenant_once_newest_first_while_tenants_are_created()
    {
        var (plan, ids) = await CreateOnOwnPlanAsync(7);
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await PageAsync($"plan={plan}&limit=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(Ids(page));
            cursor = (string?)page["next_cursor"];
            pages++;
            await CreateAsync(plan, "Created while paging");
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task The_last_page_has_no_next_cursor_and_the_default_page_is_50()
    {
        var (plan, ids) = await CreateOnOwnPlanAsync(3);

        var page = await PageAsync($"plan={plan}");

        Assert.Equal(Enumerable.Reverse(ids), Ids(page));
        Assert.False(page.ContainsKey("next_cursor"));
        Assert.True(Ids(await PageAsync("")).Count <= 50);
    }

    [Fact]
    public async Task Filters_on_status_kind_and_a_case_insensitive_prefix_of_slug_or_name_are_anded()
    {
        var plan = "plan-" + Guid.NewGuid().ToString("N")[..12];
        var marker = Guid.NewGuid().ToString("N")[..10];
        var trial = await CreateAsync(plan, $"Acme {marker} Trial");
        var demo = await CreateAsync(plan, "Demo tenant", kind: "demo", slug: $"x{marker}-demo");
        var other = await CreateAsync(plan, "Someone else");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v1/tenants/{other}/activate", null)).StatusCode);

        Assert.Equal([trial], Ids(await PageAsync($"plan={plan}&status=trial")));
        Assert.Equal([demo], Ids(await PageAsync($"plan={plan}&kind=demo")));
        Assert.Equal([other], Ids(await PageAsync($"plan={plan}&status=active&kind=customer")));
        Assert.Equal([trial], Ids(await PageAsync($"q=ACME%20{marker.ToUpperInvariant()}")));
        Assert.Equal([demo], Ids(await PageAsync($"q=X{marker}")));
        Assert.Equal([trial], Ids(await PageAsync($"plan={plan}&status=trial&kind=customer&q=acme")));
        Assert.Empty(Ids(await PageAsync($"plan={plan}&kind=demo&q=acme")));
        Assert.Empty(Ids(await PageAsync($"plan={plan}&status=frozen")));
    }

    [Theory]
    [InlineData("limit=0", "limit must be between 1 and 500")]
    [InlineData("limit=501", "limit must be between 1 and 500")]
    [InlineData("q=", "q must not be empty")]
    [InlineData("q=a%00b", "q must not contain NUL (\\u0000) characters")]
    [InlineData("plan=a%00b", "plan must not contain NUL (\\u0000) characters")]
    [InlineData("cursor=not-a-cursor", "cursor is not a next_cursor this service gave")]
    [InlineData("cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "cursor is not a next_cursor this service gave")]
    public async Task Bad_paging_parameters_are_400(string query, string message)
    {
        var response = await client.GetAsync($"/v1/tenants?{query}");

        Assert.Equal(message, await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_input"));
    }

    [Theory]
    [InlineData("status=Active")]
    [InlineData("status=%20active")]
    [InlineData("status=2")]
    [InlineData("kind=")]
    [InlineData("kind=Demo")]
    public async Task Enum_filters_match_their_names_exactly(string query)
    {
        var response = await client.GetAsync($"/v1/tenants?{query}");

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_input");
    }
}

public sealed class TenantListContractTestsOnSqlite(SqliteRegistry registry) : TenantListContractTests(registry), IClassFixture<SqliteRegistry>;

public sealed class TenantListContractTestsOnPostgres(PostgresRegistry registry) : TenantListContractTests(registry), IClassFixture<PostgresRegistry>;
