using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>Raw JSON in and out, so tests see exactly what goes over the wire.</summary>
public static class HttpJson
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, JsonNode json) =>
        client.PostAsJsonAsync(path, json);

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())?.AsObject()
            ?? throw new InvalidOperationException("response body is not a JSON object");

    public static async Task<string> ErrorCodeAsync(this HttpResponseMessage response) =>
        (await response.ReadObjectAsync())["error"]!.GetValue<string>();
}
