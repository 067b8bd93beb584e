using Microsoft.Extensions.Options;

namespace TenantRegistry.Catalog;

public static class CatalogRegistration
{
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CatalogOptions>, CatalogOptionsValidator>();
        services.AddSingleton<ProductCatalog>();
        services.AddScoped<ProductRequests>();
        services.AddScoped<TrialStarter>();
        return services;
    }
}
