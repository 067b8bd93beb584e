using System.Net;
using System.Text;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Service;

/// <summary>Probes, the served contract and the single error path; runs once per store.</summary>
public abstract class ServiceContractTests(RegistryFixture registry)
{
    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task Liveness_and_readiness_answer_ok()
    {
        var health = await client.GetAsync("/healthz");
        var ready = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", (string?)(await health.ReadObjectAsync())["status"]);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ok", (string?)(await ready.ReadObjectAsync())["status"]);
    }

    [Fact]
    public async Task The_served_contract_is_the_spec_file()
    {
        var served = await client.GetStringAsync("/openapi.yaml");

        var specFile = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "spec", "openapi.yaml"));
        Assert.Equal(specFile, served);
    }

    [Fact]
    public async Task The_api_reference_page_renders_from_local_assets()
    {
        var page = await client.GetAsync("/docs/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        // Scalar resolves the relative source against the application root, i.e. to /openapi.yaml.
        Assert.Contains("\"url\":\"openapi.yaml\"", html);
        Assert.Contains("<script src=\"scalar.js\"></script>", html);
        // "Test request" goes to wherever this service listens, not to the spec's fixed server list.
        Assert.Contains("\"servers\":[{\"url\":\"/\"", html);
        Assert.DoesNotContain("https://", html);
        var script = await client.GetAsync("/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000, "the Scalar bundle is served by the service itself");
    }

    [Theory]
    [InlineData("GET", "/v1/nothing-here")]
    [InlineData("GET", "/")]
    [InlineData("PUT", "/v1/tenants")]
    [InlineData("DELETE", "/healthz")]
    public async Task Unknown_routes_and_methods_get_the_error_body(string method, string path)
    {
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"got {response.StatusCode}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(await response.ErrorCodeAsync()));
    }

    [Theory]
    [InlineData("PUT", "/v1/tenants", "GET, POST")]
    [InlineData("GET", "/v1/api-keys/01a23143-8d24-747c-9fc5-67868a41175f", "DELETE")]
    [InlineData("DELETE", "/v1/audit", "GET, POST")]
    [InlineData("POST", "/healthz", "GET")]
    public async Task A_method_the_path_does_not_have_is_405_with_allow_and_method_not_allowed(string method, string path, string allowed)
    {
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var message = await response.AssertErrorAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Equal(allowed.Split(", ").Order(), response.Content.Headers.Allow.Order());
        Assert.Equal($"method {method} is not allowed here; allowed: {string.Join(", ", response.Content.Headers.Allow)}", message);
    }

    [Fact]
    public async Task Wrong_content_type_is_bad_input()
    {
        var response = await client.PostAsync("/v1/tenants", new StringContent("slug=acme", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_input", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task Body_over_one_mebibyte_is_refused_with_413()
    {
        var json = $$"""{"slug":"big-body","name":"{{new string('x', 1024 * 1024)}}"}""";

        var response = await client.PostJsonAsync("/v1/tenants", json);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("invalid_input", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task Deeply_nested_json_is_bad_input_not_a_crash()
    {
        var json = """{"slug":"deep-body","name":"x","extra":""" + new string('[', 5000) + new string(']', 5000) + "}";

        var response = await client.PostJsonAsync("/v1/tenants", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_input", await response.ErrorCodeAsync());
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TenantRegistry.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}

public sealed class ServiceContractTestsOnSqlite(SqliteRegistry registry) : ServiceContractTests(registry), IClassFixture<SqliteRegistry>;

public sealed class ServiceContractTestsOnPostgres(PostgresRegistry registry) : ServiceContractTests(registry), IClassFixture<PostgresRegistry>;
