using Microsoft.Extensions.Options;

namespace TenantRegistry.Contract.Tests.Infrastructure;

/// <summary>Services with settings of their own, each on a fresh SQLite file, for tests of configuration.</summary>
public static class StandaloneApps
{
    /// <summary>Starts a service with the given settings and returns why the start failed options validation.</summary>
    public static async Task<OptionsValidationException> StartFailureAsync(params (string Key, string Value)[] settings)
    {
        await using var app = new RegistryApp(StoreSettings.FreshSqlite(settings));
        var failure = Record.Exception(() => app.Server);
        for (var cause = failure; cause is not null; cause = cause.InnerException)
        {
            if (cause is OptionsValidationException validation)
            {
                return validation;
            }
        }

        throw new Xunit.Sdk.XunitException($"expected the start to fail options validation, but got: {failure?.ToString() ?? "a successful start"}");
    }
}
