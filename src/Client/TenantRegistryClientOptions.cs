namespace TenantRegistry.Client;

/// <summary>How <c>AddTenantRegistryClient</c> reaches the service.</summary>
public sealed class TenantRegistryClientOptions
{
    /// <summary>
    /// The service's address, e.g. <c>https://tenant-registry.example.com</c> or, behind a gateway,
    /// <c>https://gateway.example.com/registry</c>: a path is kept whether or not it ends in <c>/</c>. Required.
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// Returns the bearer token for a request (or null to send none); called for every request, so return a cached
    /// token and let your token library refresh it. The service provider is the HttpClient handler's scope.
    /// </summary>
    public Func<IServiceProvider, CancellationToken, ValueTask<string?>>? AccessTokenProvider { get; set; }
}
