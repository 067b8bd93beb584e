using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.ApiKeys;

/// <summary>
/// Verify applies the tenant rules itself: once a scheduled cancellation's day has come, the tenant's keys are
/// invalid even though no sweep has frozen it yet. The sweeper is told to wait a month, and the cache to trust its
/// entries for a month, so neither a sweep nor a cache expiry can be what turns the answer.
/// </summary>
public sealed class ScheduledFreezeVerifyTests
{
    public static TheoryData<string> Stores => ["SQLite", "PostgreSQL"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_key_of_a_tenant_whose_scheduled_freeze_day_has_come_is_invalid_before_any_sweep(string store)
    {
        (string, string)[] settings = [("ApiKeys:CacheFreshFor", "30.00:00:00"), ("Sweeper:Interval", "30.00:00:00")];
        await using var app = new RegistryApp(store == "SQLite" ? StoreSettings.FreshSqlite(settings) : await StoreSettings.FreshPostgresAsync(settings));
        using var client = app.CreateDefaultClient(new ValidatingHandler());
        var contractEnd = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime.AddDays(2));
        var tenantId = (await client.CreateActiveTenantAsync($"{contractEnd:yyyy-MM-dd}")).Id();
        await client.PostJsonAsync($"/v1/tenants/{tenantId}/cancel", """{"at_period_end":true}""");
        var plaintext = (string)(await client.IssueKeyAsync(tenantId))["plaintext"]!;
        Assert.True(await client.IsValidAsync(plaintext));

        app.Clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal("""{"valid":false}""", await client.VerifyAsync(plaintext));
        var tenant = await (await client.GetAsync($"/v1/tenants/{tenantId}")).ReadObjectAsync();
        Assert.Equal("active", (string?)tenant["status"]);
    }
}
