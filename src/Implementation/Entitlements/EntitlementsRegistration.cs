namespace TenantRegistry.Entitlements;

public static class EntitlementsRegistration
{
    public static IServiceCollection AddEntitlements(this IServiceCollection services) =>
        services.AddScoped<EntitlementStore>();
}
