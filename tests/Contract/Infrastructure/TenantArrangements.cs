using System.Net;
using System.Text.Json.Nodes;
using LinqToDB.Async;
using TenantRegistry.Audit;

namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>Puts tenants into the states a test needs: over HTTP where the API can, in the store where it cannot.</summary>
public static class TenantArrangements
{
    public static async Task<JsonObject> CreateTenantAsync(this HttpClient client, string kind = "customer")
    {
        var response = await client.PostJsonAsync("/v1/tenants", new JsonObject { ["slug"] = "t-" + Guid.NewGuid().ToString("N")[..16], ["name"] = "Tenant", ["kind"] = kind });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    public static async Task<JsonObject> CreateActiveTenantAsync(this HttpClient client, string? contractEnd = null)
    {
        var tenant = await client.CreateTenantAsync();
        var body = contractEnd is null ? new JsonObject() : new JsonObject { ["contract_end"] = contractEnd };
        var response = await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/activate", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    public static async Task<JsonObject> CreateFrozenTenantAsync(this HttpClient client)
    {
        var tenant = await client.CreateTenantAsync();
        var response = await client.PostAsync($"/v1/tenants/{tenant["id"]}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    /// <summary>Archives the tenant as a caller must: cancel (freeze) it, then archive it.</summary>
    public static async Task<JsonObject> ArchiveAsync(this HttpClient client, Guid tenantId)
    {
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v1/tenants/{tenantId}/cancel", null)).StatusCode);
        var response = await client.PostAsync($"/v1/tenants/{tenantId}/archive", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    public static async Task<JsonObject> CreateArchivedTenantAsync(this HttpClient client) =>
        await client.ArchiveAsync((await client.CreateTenantAsync()).Id());

    /// <summary>Gives the tenant the product as an admin does (PUT /v1/entitlements/{tenant_id}/{product}); returns the entitlement.</summary>
    public static async Task<JsonObject> GrantAsync(this HttpClient client, Guid tenantId, string product, string body = """{"enabled":true}""")
    {
        var response = await client.PutJsonAsync($"/v1/entitlements/{tenantId}/{product}", body);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"granting {product} answered {(int)response.StatusCode}");
        return await response.ReadObjectAsync();
    }

    public static Guid Id(this JsonObject tenant) => Guid.Parse((string)tenant["id"]!);

    public static Task<List<AuditEventRow>> AuditEventsAsync(this RegistryFixture registry, JsonObject tenant)
    {
        var id = tenant.Id();
        return registry.WithStoreAsync(db => db.AuditEvents.Where(e => e.TenantId == id).OrderBy(e => e.Id).ToListAsync());
    }

    public static async Task<List<AuditEventRow>> AuditEventsAsync(this RegistryFixture registry, JsonObject tenant, string action) =>
        [.. (await registry.AuditEventsAsync(tenant)).Where(e => e.Action == action)];
}
