using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Security;

/// <summary>Who did it: a product's append keeps its end user as the actor and records the product as `recorded_by`;
/// nobody can append the registry's own history.</summary>
public abstract class AuditUnderTokenTests<TRegistry>(TRegistry registry) where TRegistry : RegistryFixture, ISecuredRegistry
{
    private readonly HttpClient client = registry.App.CreateDefaultClient(new ValidatingHandler());

    [Fact]
    public async Task A_products_append_keeps_the_body_actor_and_records_the_product()
    {
        var tenantId = Guid.NewGuid();
        using var response = await SendAsync(HttpMethod.Post, "/v1/audit", registry.Tokens.Product(), new JsonObject
        {
            ["tenant_id"] = tenantId,
            ["action"] = "scan.finished",
            ["actor_id"] = "end-user-7",
            ["actor_name"] = "Erika",
            ["actor_type"] = "user",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = await response.ReadObjectAsync();
        Assert.Equal(Tokens.ProductClient, (string?)stored["recorded_by"]);
        Assert.Equal("end-user-7", (string?)stored["actor_id"]);
        Assert.Equal("Erika", (string?)stored["actor_name"]);
        Assert.Equal("user", (string?)stored["actor_type"]);

        using var listed = await SendAsync(HttpMethod.Get, $"/v1/audit?tenant_id={tenantId}", registry.Tokens.Admin());
        Assert.Equal(Tokens.ProductClient, (string?)(await listed.ReadObjectAsync())["items"]![0]!["recorded_by"]);
    }

    [Fact]
    public async Task Events_the_registry_writes_name_the_person_or_service_behind_the_token()
    {
        using var create = await SendAsync(HttpMethod.Post, "/v1/tenants", registry.Tokens.Admin(),
            new JsonObject { ["slug"] = "who-" + Guid.NewGuid().ToString("N")[..12], ["name"] = "Who did it" });
        var tenant = await create.ReadObjectAsync();
        using var requested = await SendAsync(HttpMethod.Post, "/v1/catalog/request", registry.Tokens.Product(),
            new JsonObject { ["tenant_id"] = tenant.Id(), ["product"] = "compliance-scanner" });
        using var issued = await SendAsync(HttpMethod.Post, "/v1/api-keys", registry.Tokens.TenantAdmin((string)tenant["slug"]!),
            new JsonObject { ["tenant_id"] = tenant.Id(), ["name"] = "ci", ["created_by"] = "someone-else@example.com" });

        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var created = Assert.Single(await registry.AuditEventsAsync(tenant, "tenant.created"));
        var request = Assert.Single(await registry.AuditEventsAsync(tenant, "catalog.requested"));
        var key = Assert.Single(await registry.AuditEventsAsync(tenant, "api_key.created"));
        Assert.Equal(("user-ops-admin", "ops-admin", "user"), (created.ActorId, created.ActorName, created.ActorType));
        Assert.Equal(("svc-" + Tokens.ProductClient, "service-account-" + Tokens.ProductClient, "service"), (request.ActorId, request.ActorName, request.ActorType));
        Assert.Equal(("user-customer-admin", "customer-admin", "user"), (key.ActorId, key.ActorName, key.ActorType));
        Assert.All(new[] { created, request, key }, row => Assert.Null(row.RecordedBy));
    }

    [Theory]
    [InlineData("tenant.activated")]
    [InlineData("api_key.revoked")]
    [InlineData("catalog.trial_started")]
    [InlineData("entitlement.expired")]
    [InlineData(" Tenant.Activated")]
    public async Task Appending_an_event_in_the_registrys_own_namespaces_is_refused(string action)
    {
        var tenantId = Guid.NewGuid();
        foreach (var token in new[] { registry.Tokens.Product(), registry.Tokens.Admin() })
        {
            using var response = await SendAsync(HttpMethod.Post, "/v1/audit", token, new JsonObject { ["tenant_id"] = tenantId, ["action"] = action });

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("invalid_input", await response.ErrorCodeAsync());
        }

        using var listed = await SendAsync(HttpMethod.Get, $"/v1/audit?tenant_id={tenantId}", registry.Tokens.Admin());
        Assert.Empty((await listed.ReadObjectAsync())["items"]!.AsArray());
    }

    [Fact]
    public async Task Lookalike_actions_outside_the_namespaces_are_accepted()
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/audit", registry.Tokens.Product(), new JsonObject { ["action"] = "tenants.synced" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, JsonNode? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }
}

public sealed class AuditUnderTokenTestsOnSqlite(SecuredSqliteRegistry registry)
    : AuditUnderTokenTests<SecuredSqliteRegistry>(registry), IClassFixture<SecuredSqliteRegistry>;

public sealed class AuditUnderTokenTestsOnPostgres(SecuredPostgresRegistry registry)
    : AuditUnderTokenTests<SecuredPostgresRegistry>(registry), IClassFixture<SecuredPostgresRegistry>;
