using TenantRegistry.Lifecycle;
using TenantRegistry.Probes;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.ApiKeys;

public static class ApiKeyRegistration
{
    public static IServiceCollection AddApiKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiKeyOptions>().Bind(configuration.GetSection(ApiKeyOptions.SectionName));
        services.AddSingleton<VerdictCache>();
        services.AddSingleton<IChangeSubscriber>(provider => provider.GetRequiredService<VerdictCache>());
        services.AddSingleton<UntaggedKeys>();
        services.AddSingleton<KeyIssuer>();
        services.AddSingleton<KeyLookup>();
        services.AddSingleton<IVerdictSource, StoreVerdictSource>();
        services.AddSingleton<VerdictWarmup>();
        services.AddSingleton<IReadinessGate>(provider => provider.GetRequiredService<VerdictWarmup>());
        services.AddSingleton<KeyUsage>();
        services.AddSingleton<ApiKeyVerifier>();
        services.AddScoped<ApiKeyStore>();
        services.AddScoped<IChangeHandler<TenantArchived>, RevokeKeysOfArchivedTenant>();
        services.AddScoped<ISweepStep, KeyExpiryRecorder>();
        services.AddSingleton<KeyUsageWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<KeyUsageWriter>());
        services.AddHostedService<VerdictChangeListener>();
        services.AddVerifyRateLimit();
        return services;
    }
}
