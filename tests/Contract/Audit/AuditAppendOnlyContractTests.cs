using System.Data.Common;
using System.Net;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Audit;

/// <summary>
/// The store itself refuses to rewrite history: even a connection that bypasses the service cannot update or delete
/// an audit event. Runs once per store.
/// </summary>
public abstract class AuditAppendOnlyContractTests(RegistryFixture registry)
{
    private readonly HttpClient client = registry.CreateClient();

    [Theory]
    [InlineData("UPDATE audit_events SET action = 'rewritten' WHERE id = {0}")]
    [InlineData("UPDATE audit_events SET metadata = NULL")]
    [InlineData("DELETE FROM audit_events WHERE id = {0}")]
    [InlineData("DELETE FROM audit_events")]
    public async Task A_raw_connection_cannot_update_or_delete_events(string statement)
    {
        var appended = await client.AppendAuditAsync(JsonNode.Parse("""{"action":"kept.forever","metadata":{"v":1}}""")!.AsObject());
        await using var connection = await RawStoreConnection.OpenAsync(registry.Settings);

        var refused = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(string.Format(statement, appended["id"])));

        Assert.Contains("append-only", refused.Message);
        var stored = Assert.Single((await client.ListAuditAsync($"cursor={(long)appended["id"]! + 1}&limit=1")).Items());
        Assert.Equal(appended.ToJsonString(), stored.ToJsonString());
    }

    [Fact]
    public async Task The_api_offers_no_way_to_change_or_remove_events()
    {
        var appended = await client.AppendAuditAsync(new JsonObject { ["action"] = "kept.forever" });

        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete })
        {
            var collection = await client.SendAsync(new HttpRequestMessage(method, "/v1/audit"));
            var single = await client.SendAsync(new HttpRequestMessage(method, $"/v1/audit/{appended["id"]}"));

            Assert.Equal(HttpStatusCode.MethodNotAllowed, collection.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, single.StatusCode);
        }
    }
}

public sealed class AuditAppendOnlyContractTestsOnSqlite(SqliteRegistry registry) : AuditAppendOnlyContractTests(registry), IClassFixture<SqliteRegistry>;

public sealed class AuditAppendOnlyContractTestsOnPostgres(PostgresRegistry registry) : AuditAppendOnlyContractTests(registry), IClassFixture<PostgresRegistry>;
