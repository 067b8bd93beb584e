using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Security;

/// <summary>
/// A request that succeeds for a caller the operation admits, and the slug of the tenant it concerns.
/// <paramref name="Success"/> names the status when the operation declares several 2xx (PUT: 201 creates).
/// <paramref name="ListsOnlyOwnTenants"/>: a list that names no tenant answers a tenant administrator of another
/// tenant with its own tenants, not 403, so the concerned tenant must be absent from that answer.
/// </summary>
public sealed record MatrixRequest(HttpMethod Method, string Path, JsonNode? Body, string TenantSlug, int? Success = null, bool ListsOnlyOwnTenants = false);

/// <summary>
/// How to arrange one good request per operation, over HTTP as platform staff. Each call arranges afresh (a new
/// tenant), so cells do not depend on each other. An operation of the spec that is missing here fails its matrix rows.
/// </summary>
public static class MatrixRequests
{
    private const string TrialProduct = "compliance-scanner";

    public static readonly IReadOnlyDictionary<string, Func<HttpClient, Task<MatrixRequest>>> ByOperation =
        new Dictionary<string, Func<HttpClient, Task<MatrixRequest>>>
        {
            ["createTenant"] = _ =>
            {
                var slug = "m-" + Guid.NewGuid().ToString("N")[..16];
                return Task.FromResult(new MatrixRequest(HttpMethod.Post, "/v1/tenants", new JsonObject { ["slug"] = slug, ["name"] = "Matrix" }, slug));
            },
            ["getTenant"] = ForTenant(tenant => (HttpMethod.Get, $"/v1/tenants/{tenant.Id()}", null)),
            ["getTenantBySlug"] = ForTenant(tenant => (HttpMethod.Get, $"/v1/tenants/by-slug/{tenant["slug"]}", null)),
            ["activateTenant"] = ForTenant(tenant => (HttpMethod.Post, $"/v1/tenants/{tenant.Id()}/activate", new JsonObject())),
            ["archiveTenant"] = async admin =>
            {
                var frozen = await admin.CreateFrozenTenantAsync();
                return new MatrixRequest(HttpMethod.Post, $"/v1/tenants/{frozen.Id()}/archive", new JsonObject(), (string)frozen["slug"]!);
            },
            ["cancelTenant"] = ForTenant(tenant => (HttpMethod.Post, $"/v1/tenants/{tenant.Id()}/cancel", new JsonObject())),
            ["listTenants"] = async admin => await ForTenant(tenant => (HttpMethod.Get, $"/v1/tenants?q={tenant["slug"]}", null))(admin) with { ListsOnlyOwnTenants = true },
            ["putEntitlement"] = async admin => await ForTenant(tenant =>
                (HttpMethod.Put, $"/v1/entitlements/{tenant.Id()}/{TrialProduct}", new JsonObject { ["enabled"] = true }))(admin) with { Success = 201 },
            ["listEntitlements"] = ForTenant(tenant => (HttpMethod.Get, $"/v1/entitlements?tenant_id={tenant.Id()}", null)),
            ["listCatalog"] = ForTenant(_ => (HttpMethod.Get, "/v1/catalog", null)),
            ["requestProduct"] = ForTenant(tenant => (HttpMethod.Post, "/v1/catalog/request", new JsonObject { ["tenant_id"] = tenant.Id(), ["product"] = TrialProduct })),
            ["startTrial"] = ForTenant(tenant => (HttpMethod.Post, "/v1/catalog/trial-request", new JsonObject { ["tenant_id"] = tenant.Id(), ["product"] = TrialProduct })),
            ["listApiKeys"] = ForTenant(tenant => (HttpMethod.Get, $"/v1/api-keys?tenant_id={tenant.Id()}", null)),
            ["createApiKey"] = ForTenant(tenant => (HttpMethod.Post, "/v1/api-keys", new JsonObject { ["tenant_id"] = tenant.Id(), ["name"] = "matrix" })),
            ["revokeApiKey"] = ForTenantWithKey((_, key) => (HttpMethod.Delete, $"/v1/api-keys/{key["api_key"]!["id"]}", null)),
            ["rotateApiKey"] = ForTenantWithKey((_, key) => (HttpMethod.Post, $"/v1/api-keys/{key["api_key"]!["id"]}/rotate", new JsonObject())),
            ["verifyApiKey"] = ForTenantWithKey((_, key) => (HttpMethod.Post, "/v1/internal/api-keys/verify", new JsonObject { ["key"] = (string)key["plaintext"]! })),
            ["appendAuditEvent"] = ForTenant(tenant => (HttpMethod.Post, "/v1/audit", new JsonObject { ["tenant_id"] = tenant.Id(), ["action"] = "matrix.checked" })),
            ["listAuditEvents"] = ForTenant(tenant => (HttpMethod.Get, $"/v1/audit?tenant_id={tenant.Id()}", null)),
            ["exportAuditEvents"] = ForTenant(tenant => (HttpMethod.Get, $"/v1/audit/export?tenant_id={tenant.Id()}", null)),
            ["createAuditCheckpoint"] = ForTenant(_ => (HttpMethod.Post, "/v1/audit/checkpoints", null)),
            ["listAuditCheckpoints"] = ForTenant(_ => (HttpMethod.Get, "/v1/audit/checkpoints", null)),
            ["getLatestAuditCheckpoint"] = async admin =>
            {
                Assert.Equal(System.Net.HttpStatusCode.Created, (await admin.PostAsync("/v1/audit/checkpoints", null)).StatusCode);
                return await ForTenant(_ => (HttpMethod.Get, "/v1/audit/checkpoints/latest", null))(admin);
            },
            ["listAuditSigningKeys"] = ForTenant(_ => (HttpMethod.Get, "/v1/audit/signing-keys", null)),
        };

    private static Func<HttpClient, Task<MatrixRequest>> ForTenant(Func<JsonObject, (HttpMethod, string, JsonNode?)> request) => async admin =>
    {
        var tenant = await admin.CreateTenantAsync();
        var (method, path, body) = request(tenant);
        return new MatrixRequest(method, path, body, (string)tenant["slug"]!);
    };

    private static Func<HttpClient, Task<MatrixRequest>> ForTenantWithKey(Func<JsonObject, JsonObject, (HttpMethod, string, JsonNode?)> request) => async admin =>
    {
        var tenant = await admin.CreateTenantAsync();
        var key = await admin.IssueKeyAsync(tenant.Id());
        var (method, path, body) = request(tenant, key);
        return new MatrixRequest(method, path, body, (string)tenant["slug"]!);
    };
}
