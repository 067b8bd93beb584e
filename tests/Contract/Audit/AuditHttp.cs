using System.Net;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Audit;

/// <summary>POST and GET /v1/audit for tests, returning the raw JSON the service sent.</summary>
public static class AuditHttp
{
    public static async Task<JsonObject> AppendAuditAsync(this HttpClient client, JsonObject body)
    {
        var response = await client.PostJsonAsync("/v1/audit", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    /// <summary>One page; <paramref name="query"/> is the query string without '?', already percent-encoded.</summary>
    public static async Task<JsonObject> ListAuditAsync(this HttpClient client, string query)
    {
        var response = await client.GetAsync("/v1/audit?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    /// <summary>Follows next_cursor until the last page; returns every page in order.</summary>
    public static async Task<List<JsonObject>> ListAllPagesAsync(this HttpClient client, string query)
    {
        var pages = new List<JsonObject> { await client.ListAuditAsync(query) };
        while (pages[^1]["next_cursor"] is { } cursor)
        {
            pages.Add(await client.ListAuditAsync($"{query}&cursor={cursor}"));
        }

        return pages;
    }

    public static List<JsonObject> Items(this JsonObject page) =>
        page["items"]!.AsArray().Select(item => item!.AsObject()).ToList();

    public static List<long> Ids(this JsonObject page) => page.Items().Select(item => (long)item["id"]!).ToList();
}
