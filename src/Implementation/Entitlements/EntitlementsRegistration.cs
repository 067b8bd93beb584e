using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.Entitlements;

public static class EntitlementsRegistration
{
    public static IServiceCollection AddEntitlements(this IServiceCollection services) =>
        services
            .AddScoped<EntitlementStore>()
            .AddScoped<EntitlementGrants>()
            .AddScoped<IChangeHandler<TenantArchived>, DisableEntitlementsOfArchivedTenant>();
}
