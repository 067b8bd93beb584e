using TenantRegistry.Docs;
using TenantRegistry.Errors;
using TenantRegistry.Telemetry;

namespace TenantRegistry.Hosting;

internal static class RequestPipeline
{
    public static WebApplication UseTenantRegistry(this WebApplication app)
    {
        app.UseRequestTelemetry();
        app.UseTrustedProxies();
        app.UseMiddleware<ErrorBoundary>();
        app.UseErrorBodiesForBareStatusCodes();
        app.UseMiddleware<RequestBodyLimit>();
        // StoreGuard reads the endpoint's metadata, so routing has chosen the endpoint before it runs.
        app.UseRouting();
        app.UseMiddleware<StoreGuard>();
        app.MapControllers();
        app.MapContractDocs();
        app.MapMetrics();
        return app;
    }
}
