using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.ApiKeys;

/// <summary>The plaintext key exists in one HTTP response and nowhere else: not in any log line at any level.</summary>
public sealed class ApiKeySecrecyTests
{
    [Fact]
    public async Task A_create_verify_revoke_cycle_never_logs_the_plaintext()
    {
        var logs = new CapturedLogs();
        var settings = await StoreSettings.FreshPostgresAsync(
            ("Logging:LogLevel:Default", "Trace"),
            ("Logging:LogLevel:Microsoft", "Trace"),
            ("Logging:LogLevel:Microsoft.AspNetCore", "Trace"));
        await using var app = new RegistryApp(settings, logs);
        using var client = app.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await client.CreateTenantAsync()).Id();
        var created = await client.IssueKeyAsync(tenantId);
        var plaintext = (string)created["plaintext"]!;

        Assert.True(await client.IsValidAsync(plaintext));
        await client.DeleteAsync($"/v1/api-keys/{created["api_key"]!["id"]}");
        Assert.False(await client.IsValidAsync(plaintext));

        Assert.True(logs.Lines.Count > 50, $"expected trace-level logging to be captured, got {logs.Lines.Count} lines");
        Assert.DoesNotContain(logs.Lines, line => line.Contains(plaintext[16..], StringComparison.Ordinal));
    }
}
