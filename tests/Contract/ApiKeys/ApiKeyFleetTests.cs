using Npgsql;
using Xunit.Abstractions;
using TenantRegistry.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.ApiKeys;

/// <summary>
/// Two service instances on one PostgreSQL database: a change made through one is seen by the other's verify
/// within a second (LISTEN/NOTIFY), although the other answered from its cache a moment before.
/// </summary>
public sealed class ApiKeyFleetTests(FleetOfTwo fleet, ITestOutputHelper output) : IClassFixture<FleetOfTwo>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_key_revoked_on_one_instance_is_invalid_on_the_other_within_a_second()
    {
        using var one = fleet.First.CreateDefaultClient(new ValidatingHandler());
        using var other = fleet.Second.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await one.CreateTenantAsync()).Id();
        var created = await one.IssueKeyAsync(tenantId);
        var plaintext = (string)created["plaintext"]!;
        Assert.True(await other.IsValidAsync(plaintext));
        Assert.True(await other.IsValidAsync(plaintext));

        await one.DeleteAsync($"/v1/api-keys/{created["api_key"]!["id"]}");

        var took = await other.TimeUntilInvalidAsync(plaintext, Limit);
        Assert.True(took is not null, "the other instance still said valid after 1 s");
        output.WriteLine($"the other instance said invalid after {took.Value.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Freezing_a_tenant_on_one_instance_invalidates_its_keys_on_the_other_within_a_second()
    {
        using var one = fleet.First.CreateDefaultClient(new ValidatingHandler());
        using var other = fleet.Second.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await one.CreateTenantAsync()).Id();
        var plaintext = (string)(await one.IssueKeyAsync(tenantId))["plaintext"]!;
        Assert.True(await other.IsValidAsync(plaintext));

        await one.PostAsync($"/v1/tenants/{tenantId}/cancel", null);

        var took = await other.TimeUntilInvalidAsync(plaintext, Limit);
        Assert.True(took is not null, "the other instance still said valid after 1 s");
        output.WriteLine($"the other instance said invalid after {took.Value.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Archiving_a_tenant_on_one_instance_revokes_its_keys_for_both_within_a_second()
    {
        using var one = fleet.First.CreateDefaultClient(new ValidatingHandler());
        using var other = fleet.Second.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await one.CreateTenantAsync()).Id();
        var plaintext = (string)(await one.IssueKeyAsync(tenantId))["plaintext"]!;
        Assert.True(await one.IsValidAsync(plaintext));
        Assert.True(await other.IsValidAsync(plaintext));

        await one.ArchiveAsync(tenantId);

        foreach (var instance in new[] { one, other })
        {
            var took = await instance.TimeUntilInvalidAsync(plaintext, Limit);
            Assert.True(took is not null, "an instance still said valid 1 s after the archive");
            output.WriteLine($"said invalid after {took.Value.TotalMilliseconds:F0} ms");
        }

        var keys = (await (await other.GetAsync($"/v1/api-keys?tenant_id={tenantId}")).ReadObjectAsync())["items"]!.AsArray();
        Assert.NotNull((string?)Assert.Single(keys)!["revoked_at"]);
    }

    [Fact]
    public async Task Ending_an_entitlement_on_one_instance_invalidates_its_product_keys_on_both_within_a_second()
    {
        using var one = fleet.First.CreateDefaultClient(new ValidatingHandler());
        using var other = fleet.Second.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await one.CreateActiveTenantAsync()).Id();
        await one.GrantAsync(tenantId, "audit-vault");
        var plaintext = (string)(await one.IssueKeyAsync(tenantId, ""","product":"audit-vault" """))["plaintext"]!;
        Assert.True(await one.IsValidAsync(plaintext));
        Assert.True(await other.IsValidAsync(plaintext));

        await one.GrantAsync(tenantId, "audit-vault", """{"enabled":false}""");

        foreach (var instance in new[] { one, other })
        {
            var took = await instance.TimeUntilInvalidAsync(plaintext, Limit);
            Assert.True(took is not null, "an instance still said valid 1 s after the entitlement ended");
            output.WriteLine($"said invalid after {took.Value.TotalMilliseconds:F0} ms");
        }
    }

    [Fact]
    public async Task An_instance_that_lost_its_listener_does_not_trust_its_cache()
    {
        using var client = fleet.First.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await client.CreateTenantAsync()).Id();
        var created = await client.IssueKeyAsync(tenantId);
        var plaintext = (string)created["plaintext"]!;
        Assert.True(await client.IsValidAsync(plaintext));
        await using var store = new NpgsqlConnection(fleet.ConnectionString);
        await store.OpenAsync();

        // A change the instance cannot hear about: the listener's connection is cut, and the key is revoked behind
        // the service's back, with no notification at all.
        await Execute(store, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{VerdictChangeListener.ApplicationName}'");
        await Execute(store, $"UPDATE api_keys SET revoked_at = now() WHERE id = '{created["api_key"]!["id"]}'");

        // Noticing a dropped connection takes as long as the socket takes to report it; the 1 s promise is for
        // changes that were announced, so this allows longer.
        Assert.True(await client.TimeUntilInvalidAsync(plaintext, TimeSpan.FromSeconds(5)) is not null,
            "a verdict cached before the listener dropped was still trusted");
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
