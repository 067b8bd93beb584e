using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Security;

/// <summary>What the token check does beyond the matrix: key rotation, clock skew, the claim shapes Keycloak sends,
/// the tenant boundary's edges, and that the answers say which token problem it was.</summary>
public abstract class AuthenticationTests<TRegistry>(TRegistry registry) where TRegistry : RegistryFixture, ISecuredRegistry
{
    private readonly HttpClient admin = registry.CreateClient();
    private readonly HttpClient anonymous = registry.App.CreateDefaultClient(new ValidatingHandler());

    private Tokens Tokens => registry.Tokens;

    [Fact]
    public async Task Clock_skew_is_thirty_seconds()
    {
        var payload = Tokens.User("ops-admin", ["admin"]);

        var expiredTwentySecondsAgo = Tokens.Sign(Tokens.Dated(payload, issuedAgo: TimeSpan.FromSeconds(320), lifetime: TimeSpan.FromMinutes(5)));
        var expiredFortySecondsAgo = Tokens.Sign(Tokens.Dated(payload, issuedAgo: TimeSpan.FromSeconds(340), lifetime: TimeSpan.FromMinutes(5)));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/v1/catalog", expiredTwentySecondsAgo));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("/v1/catalog", expiredFortySecondsAgo));
    }

    [Fact]
    public async Task An_invalid_token_is_told_apart_from_a_missing_one()
    {
        var expired = Tokens.Sign(Tokens.Dated(Tokens.User("ops-admin", ["admin"]), TimeSpan.FromHours(2), TimeSpan.FromMinutes(5)));

        using var missing = await SendAsync(HttpMethod.Get, "/v1/catalog", null);
        using var invalid = await SendAsync(HttpMethod.Get, "/v1/catalog", expired);
        using var garbage = await SendAsync(HttpMethod.Get, "/v1/catalog", "not-a-jwt");

        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.ToString());
        Assert.StartsWith("Bearer error=\"invalid_token\", error_description=\"The token expired", invalid.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("Bearer error=\"invalid_token\"", garbage.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.All(new[] { missing, invalid, garbage }, response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        Assert.Contains("expired", (string)(await invalid.ReadObjectAsync())["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Realm_roles_of_the_same_names_count_and_other_roles_do_not()
    {
        var realmAdmin = Tokens.User("realm-admin", []);
        realmAdmin["realm_access"] = new JsonObject { ["roles"] = new JsonArray("admin") };
        var otherClientAdmin = Tokens.User("other-admin", []);
        otherClientAdmin["resource_access"] = new JsonObject { ["another-client"] = new JsonObject { ["roles"] = new JsonArray("admin") } };

        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/v1/catalog", Tokens.Sign(realmAdmin)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync("/v1/catalog", Tokens.Sign(otherClientAdmin)));
    }

    [Fact]
    public async Task The_organization_claim_may_be_an_object_keyed_by_alias()
    {
        var tenant = await admin.CreateTenantAsync();
        var payload = Tokens.User("customer-admin", ["tenant-admin"]);
        payload["organization"] = new JsonObject { [(string)tenant["slug"]!] = new JsonObject { ["id"] = Guid.NewGuid().ToString() } };

        Assert.Equal(HttpStatusCode.OK, await StatusAsync($"/v1/tenants/{tenant.Id()}", Tokens.Sign(payload)));
    }

    [Fact]
    public async Task A_tenant_admin_cannot_tell_a_missing_tenant_from_a_foreign_one()
    {
        var own = await admin.CreateTenantAsync();
        var foreign = await admin.CreateTenantAsync();
        var token = Tokens.TenantAdmin((string)own["slug"]!);

        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync($"/v1/tenants/{foreign.Id()}", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync($"/v1/tenants/{Guid.NewGuid()}", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync($"/v1/tenants/by-slug/no-such-tenant-{Guid.NewGuid():N}"[..40], token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync($"/v1/api-keys?tenant_id={Guid.NewGuid()}", token));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync($"/v1/tenants/{Guid.NewGuid()}", Tokens.Admin()));
    }

    [Fact]
    public async Task A_tenant_admin_revokes_only_keys_of_its_own_tenants()
    {
        var own = await admin.CreateTenantAsync();
        var foreign = await admin.CreateTenantAsync();
        var foreignKey = await ApiKeys.ApiKeyTestSteps.IssueKeyAsync(admin, foreign.Id());
        var token = Tokens.TenantAdmin((string)own["slug"]!);

        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync($"/v1/api-keys/{foreignKey["api_key"]!["id"]}", token, HttpMethod.Delete));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync($"/v1/api-keys/{Guid.NewGuid()}", token, HttpMethod.Delete));
        Assert.True(await ApiKeys.ApiKeyTestSteps.IsValidAsync(admin, (string)foreignKey["plaintext"]!));
    }

    [Fact]
    public async Task A_tenant_admin_audit_list_without_tenant_id_is_its_own_tenants_list()
    {
        var own = await admin.CreateTenantAsync();
        await admin.CreateTenantAsync();

        using var response = await SendAsync(HttpMethod.Get, "/v1/audit?limit=500", Tokens.TenantAdmin((string)own["slug"]!));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.ReadObjectAsync())["items"]!.AsArray();
        Assert.NotEmpty(items);
        Assert.All(items, item => Assert.Equal((string)own["id"]!, (string?)item!["tenant_id"]));
    }

    [Fact]
    public async Task A_tenant_admin_export_without_tenant_id_holds_only_its_tenants_events_and_says_it_is_not_chain_verifiable()
    {
        var own = await admin.CreateTenantAsync();
        await admin.CreateTenantAsync();

        var token = Tokens.TenantAdmin((string)own["slug"]!);
        List<JsonObject> lines = [];
        // An export holds sealed events only; the sealer passes every second.
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var response = await SendAsync(HttpMethod.Get, "/v1/audit/export", token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            lines = [.. (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonNode.Parse(line)!.AsObject())];
            return lines.Any(line => (string?)line["type"] == "event");
        }, TimeSpan.FromSeconds(30)), "the tenant's creation was never exported");

        var events = lines.Where(line => (string?)line["type"] == "event").ToList();
        Assert.All(events, line => Assert.Equal((string)own["id"]!, (string?)line["event"]!["tenant_id"]));
        Assert.False((bool)lines.Single(line => (string?)line["type"] == "start")["chain_verifiable"]!);
    }

    [Fact]
    public async Task A_tenant_admin_of_several_tenants_names_the_one_it_lists()
    {
        var first = await admin.CreateTenantAsync();
        var second = await admin.CreateTenantAsync();
        var token = Tokens.TenantAdmin((string)first["slug"]!, (string)second["slug"]!);

        using var unnamed = await SendAsync(HttpMethod.Get, "/v1/audit", token);

        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Equal("invalid_input", await unnamed.ErrorCodeAsync());
        Assert.Equal(HttpStatusCode.OK, await StatusAsync($"/v1/audit?tenant_id={second.Id()}", token));
    }

    [Fact]
    public async Task Probes_and_the_contract_stay_open()
    {
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi.yaml")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/docs/")).StatusCode);
    }

    [Fact]
    public async Task Verify_with_a_bad_caller_token_is_401_about_the_token_whatever_the_key()
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/internal/api-keys/verify", Jwt.Unsigned(Tokens.ServiceAccount(Tokens.ProductClient, ["product"])),
            new JsonObject { ["key"] = "trk_not-a-key" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthenticated", await response.ErrorCodeAsync());
        Assert.False((await response.ReadObjectAsync()).ContainsKey("valid"));
    }

    [Fact]
    public async Task The_sdk_calls_with_a_bearer_token_from_its_handler_and_surfaces_refusals()
    {
        var sdkHandler = new TenantRegistry.Client.BearerTokenHandler(_ => ValueTask.FromResult<string?>(Tokens.Product()));
        using var withToken = registry.App.CreateDefaultClient(new ValidatingHandler(), sdkHandler);
        var tenants = new TenantRegistry.Client.TenantRegistryClient(withToken).Tenants;
        var anonymousTenants = new TenantRegistry.Client.TenantRegistryClient(anonymous).Tenants;
        var created = await admin.CreateTenantAsync();

        var found = await tenants.GetTenantAsync(created.Id());
        var forbidden = await Assert.ThrowsAsync<TenantRegistry.Client.TenantRegistryApiException<TenantRegistry.Client.ApiError>>(
            () => tenants.CreateTenantAsync(new TenantRegistry.Client.TenantCreate { Slug = "sdk-" + Guid.NewGuid().ToString("N")[..12], Name = "SDK" }));
        var unauthenticated = await Assert.ThrowsAsync<TenantRegistry.Client.TenantRegistryApiException<TenantRegistry.Client.ApiError>>(
            () => anonymousTenants.GetTenantAsync(created.Id()));

        Assert.Equal(created.Id(), found.Id);
        Assert.Equal(403, forbidden.StatusCode);
        Assert.Equal("forbidden", forbidden.ErrorCode);
        Assert.Equal(401, unauthenticated.StatusCode);
        Assert.Equal("unauthenticated", unauthenticated.ErrorCode);
    }

    private async Task<HttpStatusCode> StatusAsync(string path, string token, HttpMethod? method = null)
    {
        using var response = await SendAsync(method ?? HttpMethod.Get, path, token);
        return response.StatusCode;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, JsonNode? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return anonymous.SendAsync(request);
    }
}

public sealed class AuthenticationTestsOnSqlite(SecuredSqliteRegistry registry)
    : AuthenticationTests<SecuredSqliteRegistry>(registry), IClassFixture<SecuredSqliteRegistry>;

public sealed class AuthenticationTestsOnPostgres(SecuredPostgresRegistry registry)
    : AuthenticationTests<SecuredPostgresRegistry>(registry), IClassFixture<SecuredPostgresRegistry>;
