namespace TenantRegistry.Client;

/// <summary>
/// The one entry point of the SDK: a property per feature (<see cref="Tenants"/>, <see cref="ApiKeys"/>,
/// <see cref="Audit"/>, ...), all sending through one <see cref="HttpClient"/>. Register it with
/// <c>services.AddTenantRegistryClient(...)</c>, or construct it around an <see cref="HttpClient"/> whose
/// <see cref="HttpClient.BaseAddress"/> is the service's address (with or without a trailing <c>/</c>).
/// </summary>
/// <remarks>Every failed call throws <see cref="TenantRegistryApiException"/>.</remarks>
public partial class TenantRegistryClient
{
    /// <summary>Wraps an <see cref="HttpClient"/> whose base address is the service's; it is not disposed here.</summary>
    public TenantRegistryClient(HttpClient httpClient)
        : this(httpClient ?? throw new ArgumentNullException(nameof(httpClient)), true)
    {
    }
}
