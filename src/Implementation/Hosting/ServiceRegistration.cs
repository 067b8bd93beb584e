using Microsoft.AspNetCore.Mvc.ModelBinding;
using TenantRegistry.ApiKeys;
using TenantRegistry.Audit;
using TenantRegistry.Audit.Evidence;
using TenantRegistry.Catalog;
using TenantRegistry.Entitlements;
using TenantRegistry.Errors;
using TenantRegistry.Json;
using TenantRegistry.Lifecycle;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.Hosting;

internal static class ServiceRegistration
{
    public const string DefaultUrl = "http://localhost:8090";
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddTenantRegistry(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddRegistryStore(builder.Configuration);
        services.AddSingleton<AuditTrail>();
        services.AddScoped<AuditLog>();
        services.AddAuditEvidence();
        services.AddTrustedProxies(builder.Configuration);
        services.AddScoped<TenantStore>();
        services.AddSingleton<StorePipelines>();
        services.AddApiKeys(builder.Configuration);
        services.AddCatalog();
        services.AddEntitlements();
        services.AddLifecycleSweeper();
        services.AddSingleton<ErrorBodyWriter>();
        services.ConfigureHttpJsonOptions(options => WireFormat.Apply(options.SerializerOptions));

        services.AddControllers(options =>
            {
                options.AllowEmptyInputInBodyModelBinding = true;
                options.ModelBinderProviders.Insert(0, new QueryTimestampBinderProvider());
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
