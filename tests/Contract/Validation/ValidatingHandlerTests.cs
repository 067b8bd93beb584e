using System.Net;
using System.Text;

namespace TenantRegistry.Contract.Tests.Validation;

public sealed class ValidatingHandlerTests
{
    private const string Tenant = """
        {"id":"3f2c1a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c","slug":"acme","name":"Acme","status":"active","kind":"customer",
         "plan":"starter","created_at":"2025-01-01T10:00:00Z","updated_at":"2025-01-01T10:00:00Z"}
        """;

    [Fact]
    public async Task ValidResponseStaysReadable()
    {
        using var client = Client(HttpStatusCode.OK, Tenant);

        using var response = await client.GetAsync(new Uri("/v1/tenants/3f2c1a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c", UriKind.Relative));

        Assert.Equal(Tenant, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ViolationThrowsWithDetails()
    {
        using var client = Client(HttpStatusCode.OK, Tenant.Replace("\"active\"", "\"Active\""));

        var ex = await Assert.ThrowsAsync<ContractViolationException>(
            () => client.GetAsync(new Uri("/v1/tenants/3f2c1a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c", UriKind.Relative)));

        Assert.Equal(200, ex.Status);
        Assert.Equal("/v1/tenants/3f2c1a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c", ex.Path);
        Assert.Contains(ex.Violations, v => v.Contains("/status"));
        Assert.Contains("\"Active\"", ex.Message);
    }

    [Fact]
    public async Task AcceptUnavailableLetsOutagesThrough()
    {
        using var client = Client(HttpStatusCode.ServiceUnavailable, """{"error":"unavailable"}""", acceptUnavailable: true);

        using var response = await client.GetAsync(new Uri("/v1/catalog", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task EveryCheckIsCounted()
    {
        using var client = Client(HttpStatusCode.NoContent, "");
        var before = ValidatingHandler.CheckedResponses;

        using var response = await client.DeleteAsync(new Uri("/v1/api-keys/3f2c1a4e-8b7d-4c6e-9a1b-2d3e4f5a6b7c", UriKind.Relative));

        // Other tests may check responses concurrently, so the counter can only be bounded from below.
        Assert.True(ValidatingHandler.CheckedResponses >= before + 1);
    }

    private static HttpClient Client(HttpStatusCode status, string body, bool acceptUnavailable = false) =>
        new(new ValidatingHandler { InnerHandler = new CannedHandler(status, body), AcceptUnavailable = acceptUnavailable })
        {
            BaseAddress = new Uri("http://tenant-registry.test"),
        };

    private sealed class CannedHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status)
            {
                RequestMessage = request,
                Content = body.Length == 0 ? new ByteArrayContent([]) : new StringContent(body, Encoding.UTF8, "application/json"),
            });
    }
}
