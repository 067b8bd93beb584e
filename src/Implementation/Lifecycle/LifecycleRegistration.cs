namespace TenantRegistry.Lifecycle;

public static class LifecycleRegistration
{
    public static IServiceCollection AddLifecycleSweeper(this IServiceCollection services)
    {
        services.AddOptions<SweeperOptions>()
            .BindConfiguration(SweeperOptions.SectionName)
            .Validate(options => options.Interval >= SweeperOptions.ShortestInterval, "Sweeper:Interval must be at least one second")
            .ValidateOnStart();
        services.AddScoped<SweepLock>();
        services.AddScoped<TenantFreezer>();
        services.AddScoped<EntitlementExpiry>();
        services.AddScoped<LifecycleSweep>();
        services.AddHostedService<LifecycleSweeper>();
        return services;
    }
}
