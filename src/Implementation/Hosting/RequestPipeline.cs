using TenantRegistry.Docs;
using TenantRegistry.Errors;
using TenantRegistry.Idempotency;
using TenantRegistry.Security;
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
        app.UseRegistrySecurity();
        // After authentication: a verify caller's bucket is its token's client.
        app.UseRateLimiter();
        app.UseMiddleware<NoStoreResponses>();
        app.UseMiddleware<StoreGuard>();
        // Inside the store's pipeline, so the commit it makes for a request with a key has the request's timeout.
        app.UseMiddleware<IdempotentRequests>();
        app.MapControllers();
        app.MapContractDocs();
        app.MapMetrics();
        return app;
    }
}
