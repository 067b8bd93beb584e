using System.Net;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.ApiKeys;

/// <summary>
/// A key issue racing a freeze of the same tenant: the key check reads the tenant inside the inserting transaction,
/// so either the key is issued before the freeze (its event comes first, and the freeze makes it invalid) or the issue
/// sees the freeze and is refused. Never a usable key of a frozen tenant.
/// </summary>
public abstract class KeyIssueRaceTests(RegistryFixture registry)
{
    private const int Rounds = 50;
    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task A_freeze_racing_a_key_issue_never_leaves_a_usable_key_of_a_frozen_tenant()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var tenant = await client.CreateActiveTenantAsync();
            var issue = client.PostJsonAsync("/v1/api-keys", $$"""{"tenant_id":"{{tenant["id"]}}","name":"racer"}""");
            var freeze = client.PostAsync($"/v1/tenants/{tenant["id"]}/cancel", null);
            var (issued, frozen) = (await issue, await freeze);

            Assert.Equal(HttpStatusCode.OK, frozen.StatusCode);
            var actions = (await registry.AuditEventsAsync(tenant)).Select(e => e.Action).ToList();
            if (issued.StatusCode == HttpStatusCode.Created)
            {
                Assert.False(await client.IsValidAsync((string)(await issued.ReadObjectAsync())["plaintext"]!), $"round {round}: the key of a frozen tenant verified");
                Assert.True(actions.IndexOf("api_key.created") < actions.IndexOf("tenant.cancelled"), $"round {round}: a key was issued after the freeze: {string.Join(", ", actions)}");
            }
            else
            {
                await issued.AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_state");
                Assert.DoesNotContain("api_key.created", actions);
            }
        }
    }
}

public sealed class KeyIssueRaceTestsOnSqlite(SqliteRegistry registry) : KeyIssueRaceTests(registry), IClassFixture<SqliteRegistry>;

public sealed class KeyIssueRaceTestsOnPostgres(PostgresRegistry registry) : KeyIssueRaceTests(registry), IClassFixture<PostgresRegistry>;
