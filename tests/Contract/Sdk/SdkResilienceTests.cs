using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using TenantRegistry.Client;

namespace TenantRegistry.Contract.Tests.Sdk;

/// <summary>
/// The resilience wiring src/Client/README.md shows, run as written against a service that fails once: a safe
/// operation (GET) is retried, an unsafe one (POST) is not, and the error says why and how long to wait.
/// </summary>
public sealed class SdkResilienceTests
{
    [Fact]
    public async Task The_readme_pipeline_retries_gets_but_never_posts()
    {
        var service = new FailingOnce();
        var services = new ServiceCollection();
        // As in src/Client/README.md, "Resilience":
        services.AddTenantRegistryClient(options => options.BaseAddress = new Uri("https://tenant-registry.example.com"))
            .AddStandardResilienceHandler(resilience => resilience.Retry.DisableForUnsafeHttpMethods());
        services.AddHttpClient<TenantRegistryClient>().ConfigurePrimaryHttpMessageHandler(() => service);
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<TenantRegistryClient>();

        var health = await registry.Probes.GetHealthAsync();
        var getAttempts = service.Attempts;
        service.Reset();
        var refused = await Assert.ThrowsAsync<TenantRegistryApiException<ApiError>>(
            () => registry.Tenants.CreateTenantAsync(new TenantCreate { Slug = "acme", Name = "Acme" }));

        Assert.Equal("ok", health.Status);
        Assert.Equal(2, getAttempts);
        Assert.Equal(1, service.Attempts);
        Assert.Equal(503, refused.StatusCode);
        Assert.Equal("unavailable", refused.ErrorCode);
        Assert.Equal("unavailable: the store is not reachable (HTTP 503)", refused.Message);
        Assert.Equal(TimeSpan.Zero, refused.RetryAfter);
    }

    [Theory]
    [InlineData("7", 7)]
    [InlineData("120", 120)]
    public async Task Retry_after_in_seconds_is_read(string header, int seconds)
    {
        var error = await Assert.ThrowsAnyAsync<TenantRegistryApiException>(() => RateLimitedAsync(header));

        Assert.Equal(TimeSpan.FromSeconds(seconds), error.RetryAfter);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal("rate_limited", error.ErrorCode);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_read_as_the_time_left()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(10);

        var error = await Assert.ThrowsAnyAsync<TenantRegistryApiException>(() => RateLimitedAsync(at.ToString("r")));

        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    private static async Task RateLimitedAsync(string retryAfter)
    {
        var answer = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            Content = new StringContent("""{"error":"rate_limited","message":"too many requests"}""", Encoding.UTF8, "application/json"),
        };
        answer.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        using var http = new HttpClient(new Answering(answer)) { BaseAddress = new Uri("https://tenant-registry.example.com") };
        await new TenantRegistryClient(http).ApiKeys.VerifyApiKeyAsync(new ApiKeyVerifyRequest { Key = "trk_x" });
    }

    private sealed class Answering(HttpResponseMessage answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answer);
    }

    /// <summary>Answers the first request of each round with 503 (Retry-After: 0), the next ones as the service would.</summary>
    private sealed class FailingOnce : HttpMessageHandler
    {
        public int Attempts { get; private set; }

        public void Reset() => Attempts = 0;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Attempts++;
            if (Attempts == 1)
            {
                var unavailable = Json(HttpStatusCode.ServiceUnavailable, """{"error":"unavailable","message":"the store is not reachable"}""");
                unavailable.Headers.TryAddWithoutValidation("Retry-After", "0");
                return Task.FromResult(unavailable);
            }

            return Task.FromResult(Json(HttpStatusCode.OK, """{"status":"ok"}"""));
        }

        private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
            new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
