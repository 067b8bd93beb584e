using Microsoft.AspNetCore.Mvc.ModelBinding;
using TenantRegistry.ApiKeys;
using TenantRegistry.Audit;
using TenantRegistry.Catalog;
using TenantRegistry.Entitlements;
using TenantRegistry.Errors;
using TenantRegistry.Idempotency;
using TenantRegistry.Json;
using TenantRegistry.Lifecycle;
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

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = WireMessages.MaxRequestBodyBytes);
        // First: its hosted service must listen before any other starts and records something.
        builder.AddRegistryTelemetry();

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ErrorBodyWriter>();
        services.AddRegistrySecurity();
        services.ConfigureHttpJsonOptions(options => WireFormat.Apply(options.SerializerOptions));

        // The features, each registering itself; they reach each other only through the Store's unit of change.
        services.AddRegistryStore(builder.Configuration);
        services.AddTrustedProxies(builder.Configuration);
        services.AddAudit();
        services.AddIdempotency(builder.Configuration);
        services.AddTenants();
        services.AddCatalog();
        services.AddEntitlements();
        services.AddApiKeys(builder.Configuration);
        services.AddLifecycleSweeper();

        services.AddControllers(options =>
            {
                options.AllowEmptyInputInBodyModelBinding = true;
                options.ModelBinderProviders.Insert(0, new QueryTimestampBinderProvider());
                options.ModelBinderProviders.Insert(0, new QueryEnumBinderProvider());
                // A wrong content type is bad input like any other: let the model-state response give the 400.
                foreach (var filter in options.Filters.OfType<UnsupportedContentTypeFilter>().ToList())
                {
                    options.Filters.Remove(filter);
                }
            })
            .AddApplicationPart(typeof(ServiceRegistration).Assembly)
            .AddJsonOptions(options => WireFormat.Apply(options.JsonSerializerOptions))
            .ConfigureApiBehaviorOptions(options =>
            {
                options.SuppressMapClientErrors = true;
                options.InvalidModelStateResponseFactory = InvalidInputResponse.Create;
            });
        return builder;
    }
}
