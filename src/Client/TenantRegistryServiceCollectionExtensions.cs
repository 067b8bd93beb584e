using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace TenantRegistry.Client;

/// <summary>Registers the SDK with <see cref="IHttpClientFactory"/>.</summary>
public static class TenantRegistryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TenantRegistryClient"/> as a typed HttpClient, and each feature client interface
    /// (<see cref="ITenantsClient"/>, <see cref="IApiKeysClient"/>, ...) on top of it. Returns the HttpClient builder,
    /// so the caller adds its own pipeline, e.g. <c>.AddStandardResilienceHandler()</c>.
    /// </summary>
    public static IHttpClientBuilder AddTenantRegistryClient(this IServiceCollection services, Action<TenantRegistryClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TenantRegistryClientOptions>()
            .Configure(configure)
            .Validate(options => options.BaseAddress is { IsAbsoluteUri: true },
                "TenantRegistryClientOptions.BaseAddress must be the service's absolute address, e.g. https://tenant-registry.example.com");

        var builder = services
            .AddHttpClient<TenantRegistryClient>((provider, http) => http.BaseAddress = Options(provider).BaseAddress)
            .AddHttpMessageHandler(provider => Options(provider).AccessTokenProvider is { } tokens
                ? new BearerTokenHandler(cancellationToken => tokens(provider, cancellationToken))
                : new BearerTokenHandler(static _ => ValueTask.FromResult<string?>(null)));
        foreach (var (service, get) in TenantRegistryClient.FeatureClients)
        {
            services.AddTransient(service, provider => get(provider.GetRequiredService<TenantRegistryClient>()));
        }

        return builder;
    }

    private static TenantRegistryClientOptions Options(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<TenantRegistryClientOptions>>().Value;
}
