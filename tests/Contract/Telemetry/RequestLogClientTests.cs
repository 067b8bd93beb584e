using System.Net;
using System.Net.Http.Headers;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Security;
using TenantRegistry.Telemetry;

namespace TenantRegistry.Contract.Tests.Telemetry;

/// <summary>
/// The request line names the caller's client (the token's <c>azp</c>) once the service authenticates, and `-` for
/// a request whose token did not validate, so a forged token cannot put a name into the log.
/// </summary>
public sealed class RequestLogClientTests
{
    private const string RequestLine = "Information TenantRegistry.Telemetry.RequestLog: GET v1/catalog answered ";

    [Fact]
    public async Task The_request_line_names_the_client_of_a_valid_token_and_no_one_for_a_refused_token()
    {
        var realm = new TestRealm();
        var logs = new CapturedLogs();
        await using var app = SecuredHost.Create(StoreSettings.FreshSqlite(), realm, logs);
        using var client = app.CreateDefaultClient();
        var tokens = new Tokens(realm, TimeProvider.System.GetUtcNow);
        using var otherRealm = new TestRealm();
        var forged = new Tokens(otherRealm, TimeProvider.System.GetUtcNow).Product();

        Assert.Equal(HttpStatusCode.OK, await CatalogAsync(client, tokens.Product()));
        Assert.Equal(HttpStatusCode.Unauthorized, await CatalogAsync(client, forged));
        Assert.Equal(HttpStatusCode.Unauthorized, await CatalogAsync(client, token: null));

        var lines = logs.Lines.Where(line => line.StartsWith(RequestLine, StringComparison.Ordinal)).Select(line => line.TrimEnd()).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Matches($"^{RequestLine}200 in [0-9.]+ ms for {Tokens.ProductClient}$", lines[0]);
        Assert.Matches($"^{RequestLine}401 in [0-9.]+ ms for {RequestLog.NoClient}$", lines[1]);
        Assert.Matches($"^{RequestLine}401 in [0-9.]+ ms for {RequestLog.NoClient}$", lines[2]);
    }

    private static async Task<HttpStatusCode> CatalogAsync(HttpClient client, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/catalog");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
