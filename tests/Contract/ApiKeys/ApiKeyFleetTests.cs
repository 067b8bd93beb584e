using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.ApiKeys;

/// <summary>
/// Two service instances on one PostgreSQL database: a change made through one is seen by the other's verify
/// within a second (LISTEN/NOTIFY), although the other answered from its cache a moment before.
/// </summary>
public sealed class ApiKeyFleetTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(1);
    private RegistryApp first = null!;
    private RegistryApp second = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Registry"] = await PostgresCluster.Shared.CreateDatabaseAsync() };
        first = new RegistryApp(settings);
        second = new RegistryApp(settings);
        _ = first.Server;
        _ = second.Server;
    }

    public async Task DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    [Fact]
    public async Task A_key_revoked_on_one_instance_is_invalid_on_the_other_within_a_second()
    {
        using var one = first.CreateDefaultClient(new ValidatingHandler());
        using var other = second.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await one.CreateTenantAsync()).Id();
        var created = await one.IssueKeyAsync(tenantId);
        var plaintext = (string)created["plaintext"]!;
        Assert.True(await other.IsValidAsync(plaintext));
        Assert.True(await other.IsValidAsync(plaintext));

        await one.DeleteAsync($"/v1/api-keys/{created["api_key"]!["id"]}");

        var took = await other.TimeUntilInvalidAsync(plaintext, Limit);
        Assert.True(took is not null, "the other instance still said valid after 1 s");
    }

    [Fact]
    public async Task Freezing_a_tenant_on_one_instance_invalidates_its_keys_on_the_other_within_a_second()
    {
        using var one = first.CreateDefaultClient(new ValidatingHandler());
        using var other = second.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await one.CreateTenantAsync()).Id();
        var plaintext = (string)(await one.IssueKeyAsync(tenantId))["plaintext"]!;
        Assert.True(await other.IsValidAsync(plaintext));

        await one.PostAsync($"/v1/tenants/{tenantId}/cancel", null);

        var took = await other.TimeUntilInvalidAsync(plaintext, Limit);
        Assert.True(took is not null, "the other instance still said valid after 1 s");
    }
}
