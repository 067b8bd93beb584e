using Scalar.AspNetCore;

namespace TenantRegistry.Docs;

/// <summary>Serves the contract file itself and an API reference page rendered from it.</summary>
internal static class ContractDocs
{
    public const string SpecRoute = "/openapi.yaml";

    /// <summary>
    /// "Powered by Scalar" is the one link to an outside site that Scalar has no option for; the page is for an
    /// internal API, so it is not shown.
    /// </summary>
    private const string InternalPageCss = "a[href*='//scalar.com'] { display: none !important; }";

    public static string SpecPath => Path.Combine(AppContext.BaseDirectory, "openapi.yaml");

    public static WebApplication MapContractDocs(this WebApplication app)
    {
        app.MapGet(SpecRoute, () => Results.File(SpecPath, "application/yaml")).ExcludeFromDescription();
        // "Test request" goes to the service that served the page, wherever it listens (--urls, a proxy), not to the
        // spec's fixed list; the contract file itself keeps that list.
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("Tenant Registry API")
            .WithOpenApiRoutePattern(SpecRoute)
            // An internal API's page: its scripts are served by the service (no CDN), and nothing on it calls or
            // links to an outside service: no web fonts, no telemetry, no AI agent or MCP, no developer toolbar
            // (Share, Generate SDK, Deploy), no "Open API Client" button (it opens the hosted client.scalar.com).
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools()
            .HideClientButton()
            .WithCustomCss(InternalPageCss)
            // "Test Request" talks to the instance that served the page, whichever host name it is reached by.
            .AddServer("/", "This service")
            .WithDynamicBaseServerUrl(true)
            // Every operation is on the page from the start; search and links do not depend on expanding a tag.
            .ExpandAllTags());
        return app;
    }
}
