using TenantRegistry.Hosting;
using TenantRegistry.Lifecycle;
using TenantRegistry.Probes;
using TenantRegistry.Store;
using TenantRegistry.Tenants;

namespace TenantRegistry.ApiKeys;

public static class ApiKeyRegistration
{
    public static IServiceCollection AddApiKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiKeyOptions>().Bind(configuration.GetSection(ApiKeyOptions.SectionName))
            .ValidateDuration("ApiKeys:WarmupTimeout", options => options.WarmupTimeout, TimeSpan.Zero, DurationSettings.LongestTimer)
            .ValidateDuration("ApiKeys:HeartbeatInterval", options => options.HeartbeatInterval, TimeSpan.FromMilliseconds(10), DurationSettings.LongestTimer)
            .ValidateDuration("ApiKeys:HeartbeatTimeout", options => options.HeartbeatTimeout, TimeSpan.FromMilliseconds(10), DurationSettings.LongestTimer)
            .ValidateDuration("ApiKeys:UsageFlushInterval", options => options.UsageFlushInterval, TimeSpan.FromMilliseconds(10), DurationSettings.LongestTimer)
            .ValidateDuration("ApiKeys:UnknownKeyDelay", options => options.UnknownKeyDelay, TimeSpan.Zero, DurationSettings.LongestTimer)
            .Validate(options => options.UnknownKeyHeldMax >= 0, "ApiKeys:UnknownKeyHeldMax must be 0 or more")
            .ValidateOnStart();
        services.AddSingleton<VerdictCache>();
        services.AddSingleton<IChangeSubscriber>(provider => provider.GetRequiredService<VerdictCache>());
        services.AddSingleton<UntaggedKeys>();
        services.AddSingleton<KeyIssuer>();
        services.AddSingleton<KeyLookup>();
        services.AddSingleton<IVerdictSource, StoreVerdictSource>();
        services.AddSingleton<VerdictWarmup>();
        services.AddSingleton<IReadinessGate>(provider => provider.GetRequiredService<VerdictWarmup>());
        services.AddSingleton<KeyUsage>();
        services.AddSingleton<GuessThrottle>();
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
