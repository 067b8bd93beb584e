using Microsoft.Extensions.DependencyInjection;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;
using TenantRegistry.Lifecycle;

namespace TenantRegistry.Contract.Tests.ApiKeys;

/// <summary>
/// A freeze made by the sweeper reaches verify through the same invalidation as one made over the API. The cache is
/// told to stay fresh for a month, so only the invalidation can turn the cached "valid" into "invalid".
/// </summary>
public sealed class ApiKeySweeperTests
{
    [Fact]
    public async Task A_scheduled_cancellation_carried_out_by_the_sweeper_invalidates_cached_keys()
    {
        await using var app = new RegistryApp(StoreSettings.FreshSqlite(("ApiKeys:CacheFreshFor", "30.00:00:00")));
        using var client = app.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await client.CreateTenantAsync()).Id();
        var contractEnd = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime.AddDays(2));
        await client.PostJsonAsync($"/v1/tenants/{tenantId}/activate", $$"""{"contract_end":"{{contractEnd:yyyy-MM-dd}}"}""");
        await client.PostJsonAsync($"/v1/tenants/{tenantId}/cancel", """{"at_period_end":true}""");
        var plaintext = (string)(await client.IssueKeyAsync(tenantId))["plaintext"]!;
        Assert.True(await client.IsValidAsync(plaintext));

        app.Clock.Advance(TimeSpan.FromDays(3));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LifecycleSweep>().RunAsync(CancellationToken.None);
        }

        var tenant = await (await client.GetAsync($"/v1/tenants/{tenantId}")).ReadObjectAsync();
        Assert.Equal("frozen", (string?)tenant["status"]);
        Assert.False(await client.IsValidAsync(plaintext));
    }
}
