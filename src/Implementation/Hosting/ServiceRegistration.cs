using Microsoft.AspNetCore.Mvc.ModelBinding;
using TenantRegistry.ApiKeys;
using TenantRegistry.Audit;
using TenantRegistry.Audit.Evidence;
using TenantRegistry.Catalog;
using TenantRegistry.Entitlements;
using TenantRegistry.Errors;
using TenantRegistry.Idempotency;
using TenantRegistry.Input;
using TenantRegistry.Json;
using TenantRegistry.Lifecycle;
using TenantRegistry.Probes;
using TenantRegistry.Security;
using TenantRegistry.Store;
using TenantRegistry.Telemetry;
using TenantRegistry.Tenants;

namespace TenantRegistry.Hosting;

internal static class ServiceRegistration
{
    public const string DefaultUrl = "http://localhost:8090";

    public static WebApplicationBuilder AddTenantRegistry(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // RequestBodyLimit refuses bodies over 1 MiB itself, with the Error body, and reads what is left of them
            // first (up to this bound), so a client still sending gets the 413 instead of a connection reset.
            kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.MaxDiscardedBytes;
            // Kestrel answers a longer request line with an empty 414; up to here the parameters' own bounds answer.
            kestrel.Limits.MaxRequestLineSize = RequestBodyLimit.MaxRequestLineBytes;
        });
        // First: its hosted service must listen before any other starts and records something.
        builder.AddRegistryTelemetry();

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ErrorBodyWriter>();
        services.AddRegistrySecurity();
        services.ConfigureHttpJsonOptions(options => WireFormat.Apply(options.SerializerOptions));

        // Before the features: /readyz names the first closed gate, and a stopping instance is draining even while
        // its start-up warm-up is still under way.
        services.AddProbes(builder.Configuration);

        // The features, each registering itself; they reach each other only through the Store's unit of change.
        services.AddRegistryStore(builder.Configuration);
        services.AddTrustedProxies(builder.Configuration);
        services.AddAudit();
        services.AddAuditEvidence();
        services.AddIdempotency(builder.Configuration);
        services.AddTenants();
        services.AddCatalog();
        services.AddEntitlements();
        services.AddApiKeys(builder.Configuration);
        services.AddLifecycleSweeper();

        services.AddControllers(options =>
            {
                options.AllowEmptyInputInBodyModelBinding = true;
                // A wrong content type is bad input like any other: let the model-state response give the 400.
                foreach (var filter in options.Filters.OfType<UnsupportedContentTypeFilter>().ToList())
                {
                    options.Filters.Remove(filter);
                }
            })
            .AddApplicationPart(typeof(ServiceRegistration).Assembly)
            .AddInputRules()
            .AddJsonOptions(options => WireFormat.Apply(options.JsonSerializerOptions))
            .ConfigureApiBehaviorOptions(options =>
            {
                options.SuppressMapClientErrors = true;
                options.InvalidModelStateResponseFactory = InvalidInputResponse.Create;
            });
        return builder;
    }
}
