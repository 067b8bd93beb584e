using Microsoft.Extensions.Options;
using TenantRegistry.Security;
using TenantRegistry.Store;

namespace TenantRegistry.Hosting;

/// <summary>
/// What happens between building the host and serving: settings are checked, the store is waited for and migrated,
/// and once listening, the start-up log says where and how the service runs.
/// </summary>
internal static class RegistryStartup
{
    public static async Task PrepareStoreAsync(this WebApplication app)
    {
        // The settings are checked before the store wait, so a bad catalog is reported at once, not after the wait.
        app.Services.GetService<IStartupValidator>()?.Validate();
        await ActivatorUtilities.CreateInstance<StoreStartupWait>(app.Services).WaitAsync(app.Lifetime.ApplicationStopping);
        app.Services.GetRequiredService<StoreMigrator>().MigrateToLatest();
    }

    /// <summary>The last start-up line: where the service listens and whether callers must authenticate.</summary>
    public static void LogReady(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TenantRegistry.Startup");
        logger.LogInformation("Listening on {Addresses}; authentication: {Authentication}",
            app.Urls.Count == 0 ? "(in-process test server)" : string.Join(", ", app.Urls), app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Summary);
    }
}
