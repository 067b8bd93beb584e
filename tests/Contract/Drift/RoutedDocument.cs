using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Drift;

/// <summary>
/// What the app actually routes, as an OpenAPI document: Microsoft.AspNetCore.OpenApi reads the endpoints the
/// running app registered (controllers and minimal endpoints; paths, methods, parameters, request bodies).
/// The service itself does not serve this document: its contract is <c>/openapi.yaml</c>, so the generator is
/// added to the test host only.
/// </summary>
public static class RoutedDocument
{
    private const string DocumentName = "routed";

    /// <summary>The routed document of the service as it ships, with <paramref name="plant"/> applied to its services.</summary>
    public static async Task<JsonNode> OfServiceAsync(Action<IServiceCollection>? plant = null)
    {
        await using var registry = new RegistryApp(StoreSettings.FreshSqlite());
        await using var app = registry.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddOpenApi(DocumentName);
            plant?.Invoke(services);
        }));
        var provider = app.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>(DocumentName);
        var document = await provider.GetOpenApiDocumentAsync();
        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1);
        return JsonNode.Parse(json) ?? throw new InvalidOperationException("the routed document is empty");
    }
}
