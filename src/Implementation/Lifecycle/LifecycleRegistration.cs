using TenantRegistry.Hosting;

namespace TenantRegistry.Lifecycle;

public static class LifecycleRegistration
{
    public static IServiceCollection AddLifecycleSweeper(this IServiceCollection services)
    {
        services.AddOptions<SweeperOptions>()
            .BindConfiguration(SweeperOptions.SectionName)
            .ValidateDuration("Sweeper:Interval", options => options.Interval, SweeperOptions.ShortestInterval, DurationSettings.LongestTimer)
            .ValidateOnStart();
        services.AddScoped<SweepLock>();
        services.AddScoped<TenantFreezer>();
        services.AddScoped<EntitlementExpiry>();
        services.AddScoped<LifecycleSweep>();
        services.AddHostedService<LifecycleSweeper>();
        return services;
    }
}
