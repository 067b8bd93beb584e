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

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, string json) =>
        client.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())?.AsObject()
            ?? throw new InvalidOperationException("response body is not a JSON object");

    /// <summary>Asserts the response is the spec's Error body with this status and code; returns its message.</summary>
    public static async Task<string> AssertErrorAsync(this HttpResponseMessage response, System.Net.HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await response.ReadObjectAsync();
        Assert.Equal(code, (string?)body["error"]);
        return Assert.IsType<string>((string?)body["message"]);
    }

    public static async Task<string> ErrorCodeAsync(this HttpResponseMessage response) =>
        (await response.ReadObjectAsync())["error"]!.GetValue<string>();
}
