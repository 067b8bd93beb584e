using Scalar.AspNetCore;

namespace TenantRegistry.Docs;

/// <summary>Serves the contract file itself and an API reference page rendered from it.</summary>
internal static class ContractDocs
{
    public const string SpecRoute = "/openapi.yaml";

    public static string SpecPath => Path.Combine(AppContext.BaseDirectory, "openapi.yaml");

    public static WebApplication MapContractDocs(this WebApplication app)
    {
        app.MapGet(SpecRoute, () => Results.File(SpecPath, "application/yaml")).ExcludeFromDescription();
        // "Test request" goes to the service that served the page, wherever it listens (--urls, a proxy), not to the
        // spec's fixed list; the contract file itself keeps that list.
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("Tenant Registry API")
            .WithOpenApiRoutePattern(SpecRoute)
            .AddServer("/", "This service (where this page is served from)")
            .WithDynamicBaseServerUrl());
        return app;
    }
}
