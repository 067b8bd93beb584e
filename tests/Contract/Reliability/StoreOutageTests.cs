using System.Diagnostics;
using System.Net;
using TenantRegistry.Contract.Tests.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Reliability;

/// <summary>
/// The PostgreSQL server stops in the middle of a run: every /v1 request that needs the store answers 503 with the
/// Error body within 2 s, readiness says so, liveness does not, cached keys keep verifying — and when the server
/// returns, the same process recovers by itself. Uses a cluster of its own, because it stops the server.
/// </summary>
public sealed class StoreOutageTests(DedicatedPostgres store) : IClassFixture<DedicatedPostgres>
{
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(2);
    [Fact]
    public async Task A_stopped_store_gives_fast_503s_and_the_service_recovers_without_a_restart()
    {
        using var client = store.App.CreateDefaultClient(new ValidatingHandler { AcceptUnavailable = true });
        var tenantId = (await client.CreateTenantAsync()).Id();
        var key = await client.IssueKeyAsync(tenantId);
        var plaintext = (string)key["plaintext"]!;
        Assert.True(await client.IsValidAsync(plaintext));

        store.Cluster.Stop();

        foreach (var (method, path, body) in StoreBackedRequests(tenantId, (string)key["api_key"]!["id"]!))
        {
            var watch = Stopwatch.StartNew();
            var response = await client.SendAsync(Request(method, path, body));
            watch.Stop();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{method} {path}: {response.StatusCode}");
            Assert.Equal("unavailable", await response.ErrorCodeAsync());
            Assert.True(watch.Elapsed < AnswerWithin, $"{method} {path} took {watch.Elapsed}");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.True(await client.IsValidAsync(plaintext));

        store.Cluster.Start();

        Assert.True(await Eventually.HoldsAsync(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK),
            "readiness did not come back");
        Assert.True(await Eventually.HoldsAsync(async () => (await client.GetAsync($"/v1/tenants/{tenantId}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(5)), "reads did not recover within 5 s");
        var created = await client.PostJsonAsync("/v1/tenants", $$"""{"slug":"back-{{Guid.NewGuid():N}}","name":"After the outage"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    /// <summary>One request per operation that needs the store (the catalog listing comes from configuration).</summary>
    private static IEnumerable<(HttpMethod Method, string Path, string? Body)> StoreBackedRequests(Guid tenantId, string keyId) =>
    [
        (HttpMethod.Post, "/v1/tenants", $$"""{"slug":"down-{{Guid.NewGuid():N}}","name":"During the outage"}"""),
        (HttpMethod.Get, $"/v1/tenants/{tenantId}", null),
        (HttpMethod.Get, "/v1/tenants/by-slug/some-tenant", null),
        (HttpMethod.Post, $"/v1/tenants/{tenantId}/activate", null),
        (HttpMethod.Post, $"/v1/tenants/{tenantId}/cancel", null),
        (HttpMethod.Get, $"/v1/entitlements?tenant_id={tenantId}", null),
        (HttpMethod.Post, "/v1/catalog/request", $$"""{"tenant_id":"{{tenantId}}","product":"compliance-scanner"}"""),
        (HttpMethod.Post, "/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenantId}}","product":"compliance-scanner"}"""),
        (HttpMethod.Get, $"/v1/api-keys?tenant_id={tenantId}", null),
        (HttpMethod.Post, "/v1/api-keys", $$"""{"tenant_id":"{{tenantId}}","name":"during the outage"}"""),
        (HttpMethod.Delete, $"/v1/api-keys/{keyId}", null),
        (HttpMethod.Post, "/v1/audit", """{"action":"outage.test"}"""),
        (HttpMethod.Get, "/v1/audit", null),
    ];

    private static HttpRequestMessage Request(HttpMethod method, string path, string? body) => new(method, path)
    {
        Content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
    };
}
