namespace TenantRegistry.Probes;

/// <summary>The probes' one piece of state: whether this instance is leaving, a readiness gate like the features' own.</summary>
public static class ProbesRegistration
{
    public static IServiceCollection AddProbes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShutdownOptions>().Bind(configuration.GetSection(ShutdownOptions.SectionName))
            .Validate(options => options.DrainDelay >= TimeSpan.Zero, "Shutdown:DrainDelay must not be negative")
            .ValidateOnStart();
        services.AddSingleton<ShutdownDrain>();
        services.AddSingleton<IReadinessGate>(provider => provider.GetRequiredService<ShutdownDrain>());
        services.AddHostedService(provider => provider.GetRequiredService<ShutdownDrain>());
        return services;
    }
}
