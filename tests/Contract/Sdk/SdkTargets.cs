using System.Net;
using TenantRegistry.Contract.Tests.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Sdk;

/// <summary>
/// What an SDK case's inputs refer to, arranged over HTTP for each case (a case may freeze its tenant or revoke its
/// key). <see cref="Missing"/> names things that do not exist, for the 404 cases.
/// </summary>
internal sealed record SdkTargets(Guid TenantId, string TenantSlug, Guid KeyId, string KeyPlaintext, string TrialProduct, string TenantCursor)
{
    /// <summary>
    /// The state an operation needs its tenant in, where the fresh trial tenant will not do; a new operation with
    /// such a precondition fails its case until it is named here.
    /// </summary>
    private static readonly Dictionary<string, Func<HttpClient, Guid, string, Task>> Preconditions = new()
    {
        ["archiveTenant"] = (client, tenantId, _) => FreezeAsync(client, tenantId),
        // A key for a product is issued only to a tenant entitled to it.
        ["createApiKey"] = async (client, tenantId, product) => await client.GrantAsync(tenantId, product),
    };

    public static async Task<SdkTargets> ArrangeAsync(HttpClient client, SdkOperation operation)
    {
        await client.CreateTenantAsync();
        var tenant = await client.CreateTenantAsync();
        var key = await client.IssueKeyAsync(tenant.Id());
        var catalog = await client.GetAsync("/v1/catalog");
        Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);
        var trialProduct = (await catalog.ReadObjectAsync())["items"]!.AsArray()
            .First(product => (bool)product!["supports_trial"]!)!["key"]!.GetValue<string>();
        if (Preconditions.TryGetValue(operation.OperationId, out var precondition))
        {
            await precondition(client, tenant.Id(), trialProduct);
        }

        // A tenant list cursor is opaque: only one the service gave is a good value (two tenants exist, so there is one).
        var tenants = await client.GetAsync("/v1/tenants?limit=1");
        Assert.Equal(HttpStatusCode.OK, tenants.StatusCode);
        var tenantCursor = (string)(await tenants.ReadObjectAsync())["next_cursor"]!;
        return new SdkTargets(
            tenant.Id(), (string)tenant["slug"]!, Guid.Parse((string)key["api_key"]!["id"]!), (string)key["plaintext"]!, trialProduct, tenantCursor);
    }

    private static async Task FreezeAsync(HttpClient client, Guid tenantId) =>
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v1/tenants/{tenantId}/cancel", null)).StatusCode);

    public SdkTargets Missing() => this with
    {
        TenantId = Guid.NewGuid(),
        TenantSlug = "missing-" + Guid.NewGuid().ToString("N")[..12],
        KeyId = Guid.NewGuid(),
    };

    /// <summary>
    /// The id for a subject: the parameter or property name (<c>tenant_id</c>), or for a path <c>{id}</c> the
    /// collection before it (<c>tenants</c>, <c>api-keys</c>). Other ids (projects) are not checked by the service,
    /// so any fresh uuid serves; a new kind of id the service looks up makes its case fail until it is added here.
    /// </summary>
    public Guid IdFor(string subject) => subject switch
    {
        "tenant_id" or "tenants" => TenantId,
        "api-keys" => KeyId,
        _ => Guid.NewGuid(),
    };
}
