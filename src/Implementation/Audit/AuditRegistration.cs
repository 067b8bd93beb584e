namespace TenantRegistry.Audit;

public static class AuditRegistration
{
    public static IServiceCollection AddAudit(this IServiceCollection services) =>
        services
            .AddHttpContextAccessor()
            .AddScoped<CallerContext>()
            .AddSingleton<AuditTrail>()
            .AddSingleton<AuditTimeOrder>()
            .AddScoped<AuditLog>();
}
