using System.Net;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Security;

/// <summary>Without Auth:Authority the service serves everyone, says so, and refuses to do it where others can reach it.</summary>
public sealed class UnauthenticatedModeTests
{
    [Theory]
    [InlineData("http://0.0.0.0:8090")]
    [InlineData("http://*:8090")]
    [InlineData("http://[::]:8090")]
    [InlineData("http://localhost:8090;http://192.0.2.10:8090")]
    [InlineData("http://registry.internal:8090")]
    public async Task It_refuses_to_start_on_a_non_loopback_address(string urls)
    {
        var failure = await StandaloneApps.StartFailureAsync(("urls", urls));

        Assert.Contains("Auth:Authority is not set", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Auth:AllowAnonymous=true", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_refuses_a_non_loopback_kestrel_endpoint_too()
    {
        var failure = await StandaloneApps.StartFailureAsync(("Kestrel:Endpoints:Public:Url", "http://0.0.0.0:8091"));

        Assert.Contains("http://0.0.0.0:8091", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:8090")]
    [InlineData("http://127.0.0.1:8090")]
    [InlineData("http://[::1]:8090")]
    public async Task It_starts_on_loopback_and_warns(string urls)
    {
        var logs = new CapturedLogs();
        await using var app = new RegistryApp(StoreSettings.FreshSqlite(("urls", urls)), logs);
        using var client = app.CreateDefaultClient(new ValidatingHandler());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/catalog")).StatusCode);
        Assert.Contains(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("UNAUTHENTICATED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task It_starts_anywhere_when_anonymous_access_is_asked_for_by_name()
    {
        await using var app = new RegistryApp(StoreSettings.FreshSqlite(("urls", "http://0.0.0.0:8090"), ("Auth:AllowAnonymous", "true")));
        using var client = app.CreateDefaultClient(new ValidatingHandler());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/catalog")).StatusCode);
    }

    [Theory]
    [InlineData("http://sso.example.com/realms/platform", "is not https")]
    [InlineData("sso.example.com/realms/platform", "absolute URL")]
    public async Task An_unusable_authority_stops_the_start(string authority, string reason)
    {
        var failure = await StandaloneApps.StartFailureAsync(("Auth:Authority", authority));

        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_authority_is_allowed_when_https_metadata_is_switched_off()
    {
        await using var app = new RegistryApp(StoreSettings.FreshSqlite(
            ("Auth:Authority", "http://localhost:8080/realms/platform"), ("Auth:RequireHttpsMetadata", "false")));
        using var client = app.CreateDefaultClient(new ValidatingHandler());

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/catalog")).StatusCode);
    }
}
