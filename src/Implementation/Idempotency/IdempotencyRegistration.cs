using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using TenantRegistry.Hosting;
using TenantRegistry.Store;

namespace TenantRegistry.Idempotency;

public static class IdempotencyRegistration
{
    public static IServiceCollection AddIdempotency(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.SectionName))
            .ValidateDuration("Idempotency:SweepInterval", options => options.SweepInterval, TimeSpan.FromSeconds(1), DurationSettings.LongestTimer)
            .ValidateOnStart();
        services.AddDataProtection().SetApplicationName("TenantRegistry");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(
            keys => keys.XmlRepository = new StoreKeyRing(provider.GetRequiredService<LinqToDB.DataOptions<RegistryDb>>())));
        services.AddSingleton<StoredAnswerProtection>();
        services.AddSingleton<IdempotencyClaims>();
        services.AddScoped<IdempotentRequest>();
        services.AddScoped<IdempotencyRetention>();
        services.AddHostedService<IdempotencyRetentionSweeper>();
        return services;
    }
}
