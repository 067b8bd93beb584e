namespace TenantRegistry.Tenants;

public static class TenantsRegistration
{
    public static IServiceCollection AddTenants(this IServiceCollection services) =>
        services.AddScoped<TenantStore>().AddScoped<TenantListing>();
}
