using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
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
    public static async Task LogReadyAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TenantRegistry.Startup");
        logger.LogInformation("Listening on {Addresses}; authentication: {Authentication}",
            app.Urls.Count == 0 ? "(in-process test server)" : string.Join(", ", app.Urls), await AuthenticationAsync(app.Services));
    }

    /// <summary>Read from the schemes registered, so an authentication feature shows up here without touching this.</summary>
    private static async Task<string> AuthenticationAsync(IServiceProvider services)
    {
        var schemes = services.GetService<IAuthenticationSchemeProvider>() is { } provider
            ? (await provider.GetAllSchemesAsync()).Select(scheme => scheme.Name).ToList()
            : [];
        return schemes.Count == 0
            ? "off (every caller that reaches the port may use the whole API; keep it on loopback)"
            : "on (" + string.Join(", ", schemes) + ")";
    }
}
