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
    public async Task An_expiring_entitlement_stops_its_product_keys_on_both_instances_within_a_second()
    {
        using var one = fleet.First.CreateDefaultClient(new ValidatingHandler());
        using var other = fleet.Second.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await one.CreateActiveTenantAsync()).Id();
        var expiresAt = fleet.First.Clock.GetUtcNow().AddMinutes(10);
        await one.GrantAsync(tenantId, "audit-vault", $$"""{"enabled":true,"expires_at":"{{expiresAt:yyyy-MM-ddTHH:mm:ssZ}}"}""");
        var plaintext = (string)(await one.IssueKeyAsync(tenantId, ""","product":"audit-vault" """))["plaintext"]!;
        Assert.True(await one.IsValidAsync(plaintext));
        Assert.True(await other.IsValidAsync(plaintext));

        // No request changes anything: the moment passes on each instance's clock, and both have the verdict cached.
        fleet.First.Clock.Advance(TimeSpan.FromMinutes(10));
        fleet.Second.Clock.Advance(TimeSpan.FromMinutes(10));

        foreach (var instance in new[] { one, other })
        {
            var took = await instance.TimeUntilInvalidAsync(plaintext, Limit);
            Assert.True(took is not null, "an instance still said valid 1 s after the entitlement expired");
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
        // the service's back, with no notification at all. Only this fleet's listeners: the cluster is shared, and
        // cutting every test's listener made a forged-key flood elsewhere read the store while its listener came back.
        await Execute(store, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{VerdictChangeListener.ApplicationName}' AND datname = current_database()");
        await Execute(store, $"UPDATE api_keys SET revoked_at = now() WHERE id = '{created["api_key"]!["id"]}'");

        // Noticing a dropped connection takes as long as the socket takes to report it; the 1 s promise is for
        // changes that were announced, so this allows longer.
        Assert.True(await client.TimeUntilInvalidAsync(plaintext, TimeSpan.FromSeconds(5)) is not null,
            "a verdict cached before the listener dropped was still trusted");
    }

    [Fact]
    public async Task A_new_key_verifies_on_the_other_instance_right_after_its_201_even_during_a_forged_key_flood()
    {
        using var one = fleet.First.CreateDefaultClient(new ValidatingHandler());
        using var other = fleet.Second.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await one.CreateActiveTenantAsync()).Id();
        var flood = Task.WhenAll(Enumerable.Range(0, 100).Select(_ => other.VerifyAsync(ApiKeyFormat.Generate().Plaintext)));
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var plaintext = (string)(await one.IssueKeyAsync(tenantId))["plaintext"]!;
                Assert.True(await other.IsValidAsync(plaintext), $"key {i} did not verify on the other instance right after its 201");
            }
        }
        finally
        {
            Assert.All(await flood, verdict => Assert.Equal("""{"valid":false}""", verdict));
        }
    }

    [Fact]
    public async Task Changes_made_with_SQL_behind_the_service_reach_both_instances_within_a_second()
    {
        using var one = fleet.First.CreateDefaultClient(new ValidatingHandler());
        using var other = fleet.Second.CreateDefaultClient(new ValidatingHandler());
        var revokedTenant = (await one.CreateActiveTenantAsync()).Id();
        var revoked = await one.IssueKeyAsync(revokedTenant);
        var archivedTenant = (await one.CreateActiveTenantAsync()).Id();
        var ofArchived = (string)(await one.IssueKeyAsync(archivedTenant))["plaintext"]!;
        foreach (var client in new[] { one, other })
        {
            Assert.True(await client.IsValidAsync((string)revoked["plaintext"]!));
            Assert.True(await client.IsValidAsync(ofArchived));
        }

        await using var store = new NpgsqlConnection(fleet.ConnectionString);
        await store.OpenAsync();
        // A support engineer's SQL: no service code runs, only the database's own triggers announce it.
        await Execute(store, $"UPDATE api_keys SET revoked_at = now() WHERE id = '{revoked["api_key"]!["id"]}'");
        await Execute(store, $"UPDATE tenants SET status = 'archived' WHERE id = '{archivedTenant}'");

        foreach (var (client, name) in new[] { (one, "first"), (other, "second") })
        {
            var keyTook = await client.TimeUntilInvalidAsync((string)revoked["plaintext"]!, Limit);
            var tenantTook = await client.TimeUntilInvalidAsync(ofArchived, Limit);
            Assert.True(keyTook is not null, $"the {name} instance still said valid 1 s after the SQL revoke");
            Assert.True(tenantTook is not null, $"the {name} instance still said valid 1 s after the SQL archive");
            output.WriteLine($"{name} instance: SQL revoke seen after {keyTook.Value.TotalMilliseconds:F0} ms, SQL archive after {tenantTook.Value.TotalMilliseconds:F0} ms");
        }
    }

    [Fact]
    public async Task A_key_inserted_with_SQL_and_no_issuer_tag_verifies_on_both_instances()
    {
        using var one = fleet.First.CreateDefaultClient(new ValidatingHandler());
        using var other = fleet.Second.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await one.CreateActiveTenantAsync()).Id();
        var (plaintext, prefix) = ApiKeyFormat.Generate();
        Assert.False(await other.IsValidAsync(plaintext));

        await using var store = new NpgsqlConnection(fleet.ConnectionString);
        await store.OpenAsync();
        await Execute(store, $"""
            INSERT INTO api_keys (id, tenant_id, name, scopes, prefix, secret_hash, created_at)
            VALUES ('{Guid.NewGuid()}', '{tenantId}', 'imported', '[]', '{prefix}', '\x{Convert.ToHexStringLower(ApiKeyFormat.Hash(plaintext))}', now())
            """);

        Assert.True(await Eventually.HoldsAsync(async () => await one.IsValidAsync(plaintext) && await other.IsValidAsync(plaintext), Limit),
            "an untagged key inserted with SQL did not verify on both instances within 1 s");
    }

    [Fact]
    public async Task Rotating_with_no_grace_on_one_instance_ends_the_old_key_on_the_other_and_the_new_one_works_there_at_once()
    {
        using var one = fleet.First.CreateDefaultClient(new ValidatingHandler());
        using var other = fleet.Second.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await one.CreateActiveTenantAsync()).Id();
        var old = await one.IssueKeyAsync(tenantId);
        Assert.True(await other.IsValidAsync((string)old["plaintext"]!));

        var rotated = await (await one.PostJsonAsync($"/v1/api-keys/{old["api_key"]!["id"]}/rotate", """{"grace_period_seconds":0}""")).ReadObjectAsync();

        Assert.True(await other.IsValidAsync((string)rotated["plaintext"]!));
        Assert.True(await other.TimeUntilInvalidAsync((string)old["plaintext"]!, Limit) is not null,
            "the other instance still accepted the rotated-out key after 1 s");
    }

    [Fact]
    public async Task An_expired_key_fails_on_both_instances()
    {
        using var one = fleet.First.CreateDefaultClient(new ValidatingHandler());
        using var other = fleet.Second.CreateDefaultClient(new ValidatingHandler());
        var tenantId = (await one.CreateActiveTenantAsync()).Id();
        var expiresAt = fleet.First.Clock.GetUtcNow().AddMinutes(30);
        var plaintext = (string)(await one.IssueKeyAsync(tenantId, $$""","expires_at":"{{expiresAt:O}}" """))["plaintext"]!;
        Assert.True(await one.IsValidAsync(plaintext));
        Assert.True(await other.IsValidAsync(plaintext));

        fleet.First.Clock.Advance(TimeSpan.FromMinutes(30));
        fleet.Second.Clock.Advance(TimeSpan.FromMinutes(30));

        Assert.False(await one.IsValidAsync(plaintext));
        Assert.False(await other.IsValidAsync(plaintext));
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
