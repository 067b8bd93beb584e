using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Telemetry;

/// <summary>
/// The log as an operator gets it: the service as a real process with ASP.NET Core's JSON console formatter and
/// every category at Trace, through a create / verify / revoke cycle. Every line is JSON, each request has its line
/// with route, status, duration and the request id, every line written during a request carries trace and span ids,
/// and neither the key nor the caller's token appears anywhere.
/// </summary>
public sealed class RequestLogTests
{
    private const string CallerToken = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LWNhbGxlci10b2tlbg.c2lnbmF0dXJlLXRoYXQtbXVzdC1ub3QtbGVhaw";

    [Theory]
    [InlineData("SQLite")]
    [InlineData("PostgreSQL")]
    public async Task Json_lines_carry_request_and_trace_ids_and_never_a_secret(string store)
    {
        (string Key, string Value)[] logging =
        [
            ("Logging:Console:FormatterName", "json"),
            ("Logging:LogLevel:Default", "Trace"),
            ("Logging:LogLevel:Microsoft", "Trace"),
            ("Logging:LogLevel:Microsoft.AspNetCore", "Trace"),
            // A cold process writing every trace line to its console on a busy machine: this test is about the
            // lines, not about the store's 3 s budget.
            ("Store:RequestTimeout", "00:00:15"),
        ];
        var settings = store == "SQLite" ? StoreSettings.FreshSqlite(logging) : await StoreSettings.FreshPostgresAsync(logging);

        await using var service = await ServiceProcess.StartAsync(settings);
        using var client = new HttpClient(new ValidatingHandler { InnerHandler = new HttpClientHandler() }) { BaseAddress = service.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CallerToken);

        var tenantId = (await WithServiceLogAsync(service, () => client.CreateTenantAsync())).Id();
        var created = await client.IssueKeyAsync(tenantId);
        var plaintext = (string)created["plaintext"]!;
        using var verify = new HttpRequestMessage(HttpMethod.Post, "/v1/internal/api-keys/verify")
        {
            Content = new StringContent(new JsonObject { ["key"] = plaintext }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        verify.Headers.Add("X-Request-Id", "deploy-7f3a");
        using var verified = await client.SendAsync(verify);
        Assert.Equal(["deploy-7f3a"], verified.Headers.GetValues("X-Request-Id"));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/api-keys/{created["api_key"]!["id"]}")).StatusCode);
        Assert.False(await client.IsValidAsync(plaintext));
        service.Terminate();
        Assert.Equal(0, await service.ExitCodeAsync(TimeSpan.FromSeconds(20)));

        var lines = service.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var entries = lines.Select(ParseLine).ToList();
        Assert.True(entries.Count > 50, $"expected trace-level logging, got {entries.Count} lines");
        Assert.Contains(entries, e => (string?)e["LogLevel"] == "Trace");

        var requestLines = entries.Where(e => (string?)e["Category"] == "TenantRegistry.Telemetry.RequestLog").ToList();
        var verifyLine = Assert.Single(requestLines, e => ScopeValue(e, "XRequestId") == "deploy-7f3a");
        Assert.Equal("POST", (string?)verifyLine["State"]!["Method"]);
        Assert.Equal("v1/internal/api-keys/verify", (string?)verifyLine["State"]!["Route"]);
        Assert.Equal(200, (int)verifyLine["State"]!["StatusCode"]!);
        Assert.True((double)verifyLine["State"]!["DurationMs"]! > 0);
        // No authentication configured: the made-up bearer token names no client.
        Assert.Equal(TenantRegistry.Telemetry.RequestLog.NoClient, (string?)verifyLine["State"]!["ClientId"]);
        Assert.Contains(requestLines, e => (string?)e["State"]!["Route"] == "v1/tenants" && (int)e["State"]!["StatusCode"]! == 201);
        var revokeRequest = Assert.Single(requestLines, e => (string?)e["State"]!["Route"] == "v1/api-keys/{id}" && (int)e["State"]!["StatusCode"]! == 204);
        // The business line of a change and the line of the request that made it carry one request id.
        var revokedEvent = Assert.Single(entries, e => (string?)e["Category"] == "TenantRegistry.Store.BusinessEvents"
            && ((string?)e["Message"])?.StartsWith("api_key.revoked: ", StringComparison.Ordinal) == true);
        Assert.Equal("Information", (string?)revokedEvent["LogLevel"]);
        Assert.Equal(ScopeValue(revokeRequest, "XRequestId"), ScopeValue(revokedEvent, "XRequestId"));
        // Without a caller's id the trace id stands in, so one id finds the request in logs and traces alike.
        Assert.All(requestLines.Where(e => ScopeValue(e, "XRequestId") != "deploy-7f3a"),
            e => Assert.Equal(ScopeValue(e, "TraceId"), ScopeValue(e, "XRequestId")));

        var duringRequests = entries.Where(e => ScopeValue(e, "RequestPath") is not null).ToList();
        Assert.True(duringRequests.Count > requestLines.Count, "other lines are written during requests too");
        Assert.All(duringRequests, e =>
        {
            Assert.Matches("^[0-9a-f]{32}$", ScopeValue(e, "TraceId"));
            Assert.Matches("^[0-9a-f]{16}$", ScopeValue(e, "SpanId"));
        });

        Assert.DoesNotContain(lines, line => line.Contains(plaintext[16..], StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(CallerToken.Split('.')[1], StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(CallerToken.Split('.')[2], StringComparison.Ordinal));
    }

    private static async Task<T> WithServiceLogAsync<T>(ServiceProcess service, Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (Exception exception)
        {
            var output = service.Output;
            throw new Xunit.Sdk.XunitException($"{exception.Message}\nservice log (end):\n{output[Math.Max(0, output.Length - 6000)..]}");
        }
    }

    private static JsonObject ParseLine(string line)
    {
        try
        {
            return JsonNode.Parse(line)?.AsObject() ?? throw new JsonException("null");
        }
        catch (JsonException exception)
        {
            throw new Xunit.Sdk.XunitException($"a log line that is not a JSON object ({exception.Message}): {line}");
        }
    }

    private static string? ScopeValue(JsonObject entry, string name) =>
        entry["Scopes"]?.AsArray().OfType<JsonObject>().Select(scope => scope[name]).OfType<JsonValue>()
            .Select(value => value.ToString()).FirstOrDefault();
}
