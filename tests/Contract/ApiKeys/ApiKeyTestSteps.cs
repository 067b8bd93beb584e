using System.Net;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.ApiKeys;

/// <summary>The HTTP steps the API-key tests repeat: issue a key, ask whether it is valid.</summary>
internal static class ApiKeyTestSteps
{
    public static async Task<JsonObject> IssueKeyAsync(this HttpClient client, Guid tenantId, string extra = "")
    {
        var response = await client.PostJsonAsync("/v1/api-keys", $$"""{"tenant_id":"{{tenantId}}","name":"deploy bot"{{extra}}}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    public static async Task<string> VerifyRawAsync(this HttpClient client, string body)
    {
        var response = await client.PostJsonAsync("/v1/internal/api-keys/verify", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public static Task<string> VerifyAsync(this HttpClient client, string key) =>
        client.VerifyRawAsync(new JsonObject { ["key"] = key }.ToJsonString());

    public static async Task<bool> IsValidAsync(this HttpClient client, string key) =>
        (bool)JsonNode.Parse(await client.VerifyAsync(key))!["valid"]!;

    /// <summary>Polls until verify says invalid; returns how long that took, or null if it never did within the limit.</summary>
    public static async Task<TimeSpan?> TimeUntilInvalidAsync(this HttpClient client, string key, TimeSpan limit)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if (!await client.IsValidAsync(key))
            {
                return watch.Elapsed;
            }

            await Task.Delay(20);
        }

        return null;
    }
}
