using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Audit;

/// <summary>
/// What only PostgreSQL has: TRUNCATE, and roles. With Store:ServiceRole set, the role the service runs as may only
/// read and insert audit events, so not even leaked service credentials can rewrite or hide history.
/// </summary>
public sealed class AuditPrivilegesOnPostgresTests(PostgresRegistry registry) : IClassFixture<PostgresRegistry>
{
    [Fact]
    public async Task Truncate_is_refused_even_for_the_owner()
    {
        var appended = await registry.CreateClient().AppendAuditAsync(new JsonObject { ["action"] = "kept.forever" });
        await using var connection = await RawStoreConnection.OpenAsync(registry.Settings);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("TRUNCATE audit_events"));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Contains("append-only: TRUNCATE", refused.MessageText);
        Assert.Single((await registry.CreateClient().ListAuditAsync($"cursor={(long)appended["id"]! + 1}&limit=1")).Items());
    }

    [Fact]
    public async Task The_service_role_may_only_read_and_insert_audit_events()
    {
        var ownerConnection = await PostgresCluster.Shared.CreateDatabaseAsync();
        var role = "registry_service_" + Guid.NewGuid().ToString("N")[..8];
        await using (var owner = new NpgsqlConnection(ownerConnection))
        {
            await owner.OpenAsync();
            await owner.ExecuteAsync($"CREATE ROLE {role} LOGIN");
        }

        await using (var migrating = new RegistryApp(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Registry"] = ownerConnection,
            ["Store:ServiceRole"] = role,
        }))
        {
            _ = migrating.Server;
        }

        var serviceConnection = new NpgsqlConnectionStringBuilder(ownerConnection) { Username = role }.ToString();
        await using var service = new RegistryApp(new Dictionary<string, string?> { ["ConnectionStrings:Registry"] = serviceConnection });
        using var client = service.CreateDefaultClient(new ValidatingHandler());
        var tenant = await (await client.PostJsonAsync("/v1/tenants", $$"""{"slug":"role-{{Guid.NewGuid().ToString("N")[..12]}}","name":"Role"}""")).ReadObjectAsync();
        var activated = await client.PostAsync($"/v1/tenants/{tenant["id"]}/activate", null);
        var appended = await client.AppendAuditAsync(new JsonObject { ["action"] = "as.service.role", ["tenant_id"] = tenant["id"]!.DeepClone() });

        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        Assert.Equal(
            [(long)appended["id"]!, (long)(await client.ExpectAuditEventAsync("tenant.activated", (string)tenant["id"]!, (string)tenant["id"]!))["id"]!,
                (long)(await client.ExpectAuditEventAsync("tenant.created", (string)tenant["id"]!, (string)tenant["id"]!))["id"]!],
            (await client.ListAuditAsync($"tenant_id={tenant["id"]}")).Ids());

        await using var asService = new NpgsqlConnection(serviceConnection);
        await asService.OpenAsync();
        foreach (var statement in new[]
        {
            "UPDATE audit_events SET action = 'rewritten'",
            "DELETE FROM audit_events",
            "TRUNCATE audit_events",
            "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only",
            "DROP TABLE audit_events",
            "INSERT INTO \"VersionInfo\" (\"Version\") VALUES (999)",
        })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => asService.ExecuteAsync(statement));
            Assert.True(refused.SqlState is PostgresErrorCodes.InsufficientPrivilege, $"{statement}: {refused.SqlState} {refused.MessageText}");
        }

        Assert.Equal(1, await asService.ExecuteAsync("INSERT INTO audit_events (action, created_at) VALUES ('raw.insert', now())"));
    }
}
