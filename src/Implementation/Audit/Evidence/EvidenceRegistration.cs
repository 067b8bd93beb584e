using Microsoft.Extensions.Options;
using TenantRegistry.Hosting;

namespace TenantRegistry.Audit.Evidence;

public static class EvidenceRegistration
{
    public static IServiceCollection AddAuditEvidence(this IServiceCollection services)
    {
        services.AddOptions<EvidenceOptions>()
            .BindConfiguration(EvidenceOptions.SectionName)
            .Validate(options => options.CheckpointInterval >= TimeSpan.FromSeconds(1), "Audit:CheckpointInterval must be at least one second")
            .ValidateDuration("Audit:SealInterval", options => options.SealInterval, TimeSpan.FromMilliseconds(10), DurationSettings.LongestTimer)
            .Validate(options => options.GapTimeout >= TimeSpan.Zero, "Audit:GapTimeout must not be negative")
            .Validate(options => options.SealBatchSize is >= 1 and <= 10_000, "Audit:SealBatchSize must be between 1 and 10000")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EvidenceOptions>, EvidenceOptionsValidator>();
        services.AddSingleton<CheckpointSigner>();
        services.AddSingleton<SealerState>();
        services.AddScoped<SealLocks>();
        services.AddScoped<CheckpointQueries>();
        services.AddScoped<AuditCheckpoints>();
        services.AddScoped<AuditSealer>();
        services.AddScoped<AuditExport>();
        services.AddHostedService<AuditSealerLoop>();
        return services;
    }
}
