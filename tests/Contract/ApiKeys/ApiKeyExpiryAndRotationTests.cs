using System.Net;
using System.Text.Json.Nodes;
using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.ApiKeys;

/// <summary>Key expiry and rotation with a grace period, over HTTP, on each store.</summary>
public abstract class ApiKeyExpiryAndRotationTests(RegistryFixture registry)
{
    private readonly HttpClient client = registry.CreateClient();

    [Theory]
    [InlineData(-60)]
    [InlineData(0)]
    [InlineData(731 * 24 * 3600)]
    public async Task An_expiry_not_in_the_future_or_more_than_two_years_ahead_is_invalid_input(int secondsAhead)
    {
        var tenantId = (await client.CreateActiveTenantAsync()).Id();
        var expiresAt = registry.App.Clock.GetUtcNow().AddSeconds(secondsAhead).ToString("O");

        var response = await client.PostJsonAsync("/v1/api-keys", $$"""{"tenant_id":"{{tenantId}}","name":"n","expires_at":"{{expiresAt}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_input", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task An_expired_key_fails_verify_from_the_cache_and_the_sweeper_records_its_expiry_once()
    {
        var tenantId = (await client.CreateActiveTenantAsync()).Id();
        var expiresAt = registry.App.Clock.GetUtcNow().AddHours(1);
        var created = await client.IssueKeyAsync(tenantId, $$""","expires_at":"{{expiresAt:O}}" """);
        var plaintext = (string)created["plaintext"]!;
        Assert.Equal(expiresAt, DateTimeOffset.Parse((string)created["api_key"]!["expires_at"]!), TimeSpan.FromMilliseconds(1));
        Assert.True(await client.IsValidAsync(plaintext));
        Assert.True(await client.IsValidAsync(plaintext));
        using var reads = ApiKeyVerifyDefenceTests.StoreReads(registry.App);

        registry.App.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal("""{"valid":false}""", await client.VerifyAsync(plaintext));
        Assert.Equal(0, reads.GetMeasurementSnapshot().Sum(m => m.Value));
        await registry.SweepAsync();
        await registry.SweepAsync();
        var keyId = (string)created["api_key"]!["id"]!;
        var expired = await registry.WithStoreAsync(db =>
            db.AuditEvents.Where(e => e.Action == "api_key.expired" && e.TargetId == keyId).ToListAsync());
        Assert.Single(expired);
        Assert.DoesNotContain(plaintext[16..], expired[0].Metadata!);
    }

    [Fact]
    public async Task Rotation_issues_a_successor_and_the_old_key_works_until_the_default_grace_of_a_day_ends()
    {
        var tenantId = (await client.CreateActiveTenantAsync()).Id();
        await client.GrantAsync(tenantId, "sso-connector");
        var old = await client.IssueKeyAsync(tenantId, ""","product":"sso-connector","scopes":["read"]""");
        var oldId = (string)old["api_key"]!["id"]!;
        var oldKey = (string)old["plaintext"]!;
        var rotatedAt = registry.App.Clock.GetUtcNow();

        var response = await client.PostAsync($"/v1/api-keys/{oldId}/rotate", null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var rotated = await response.ReadObjectAsync();
        var newKey = (string)rotated["plaintext"]!;
        var successor = rotated["api_key"]!.AsObject();
        Assert.Equal(oldId, (string?)successor["rotated_from"]);
        Assert.Equal("deploy bot", (string?)successor["name"]);
        Assert.Equal("sso-connector", (string?)successor["product"]);
        Assert.Equal("""["read"]""", successor["scopes"]!.ToJsonString());
        Assert.False(successor.ContainsKey("expires_at"));
        var oldListed = await ListedAsync(tenantId, oldId);
        Assert.Equal(rotatedAt.AddDays(1), DateTimeOffset.Parse((string)oldListed["expires_at"]!), TimeSpan.FromMilliseconds(1));
        Assert.True(await client.IsValidAsync(oldKey));
        Assert.True(await client.IsValidAsync(newKey));

        var audit = await registry.WithStoreAsync(db => db.AuditEvents.Where(e => e.Action == "api_key.rotated" && e.TargetId == oldId).ToListAsync());
        var metadata = JsonNode.Parse(Assert.Single(audit).Metadata!)!;
        Assert.Equal((string?)successor["id"], (string?)metadata["new_key_id"]);
        Assert.Equal(86400, (int)metadata["grace_period_seconds"]!);
        Assert.DoesNotContain(newKey[16..], audit[0].Metadata!);
        Assert.DoesNotContain(oldKey[16..], audit[0].Metadata!);

        registry.App.Clock.Advance(TimeSpan.FromDays(1));
        Assert.False(await client.IsValidAsync(oldKey));
        Assert.True(await client.IsValidAsync(newKey));
    }

    [Fact]
    public async Task A_grace_of_zero_revokes_the_old_key_now_and_a_second_rotation_leaves_the_first_grace_standing()
    {
        var tenantId = (await client.CreateActiveTenantAsync()).Id();
        var immediate = await client.IssueKeyAsync(tenantId);
        var graceful = await client.IssueKeyAsync(tenantId);
        var gracefulId = (string)graceful["api_key"]!["id"]!;
        var rotatedAt = registry.App.Clock.GetUtcNow();

        var now = await client.PostJsonAsync($"/v1/api-keys/{immediate["api_key"]!["id"]}/rotate", """{"grace_period_seconds":0}""");
        var first = await client.PostJsonAsync($"/v1/api-keys/{gracefulId}/rotate", """{"grace_period_seconds":3600}""");
        var second = await client.PostJsonAsync($"/v1/api-keys/{gracefulId}/rotate", """{"grace_period_seconds":60}""");

        Assert.Equal(HttpStatusCode.Created, now.StatusCode);
        Assert.False(await client.IsValidAsync((string)immediate["plaintext"]!));
        Assert.True(await client.IsValidAsync((string)(await now.ReadObjectAsync())["plaintext"]!));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(rotatedAt.AddHours(1), DateTimeOffset.Parse((string)(await ListedAsync(tenantId, gracefulId))["expires_at"]!), TimeSpan.FromMilliseconds(1));
        Assert.True(await client.IsValidAsync((string)graceful["plaintext"]!));
    }

    [Fact]
    public async Task A_revoked_key_cannot_be_rotated_an_unknown_one_is_not_found_and_the_grace_is_bounded()
    {
        var tenantId = (await client.CreateActiveTenantAsync()).Id();
        var created = await client.IssueKeyAsync(tenantId);
        var id = (string)created["api_key"]!["id"]!;

        var tooLong = await client.PostJsonAsync($"/v1/api-keys/{id}/rotate", """{"grace_period_seconds":604801}""");
        var negative = await client.PostJsonAsync($"/v1/api-keys/{id}/rotate", """{"grace_period_seconds":-1}""");
        var unknown = await client.PostAsync($"/v1/api-keys/{Guid.NewGuid()}/rotate", null);
        await client.DeleteAsync($"/v1/api-keys/{id}");
        var revoked = await client.PostAsync($"/v1/api-keys/{id}/rotate", null);

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("not_found", await unknown.ErrorCodeAsync());
        Assert.Equal(HttpStatusCode.BadRequest, revoked.StatusCode);
        Assert.Equal("invalid_state", await revoked.ErrorCodeAsync());
        Assert.Single((await (await client.GetAsync($"/v1/api-keys?tenant_id={tenantId}")).ReadObjectAsync())["items"]!.AsArray());
    }

    private async Task<JsonObject> ListedAsync(Guid tenantId, string id)
    {
        var list = await (await client.GetAsync($"/v1/api-keys?tenant_id={tenantId}")).ReadObjectAsync();
        return list["items"]!.AsArray().Single(i => (string?)i!["id"] == id)!.AsObject();
    }
}

public sealed class ApiKeyExpiryAndRotationTestsOnSqlite(SqliteRegistry registry) : ApiKeyExpiryAndRotationTests(registry), IClassFixture<SqliteRegistry>;

public sealed class ApiKeyExpiryAndRotationTestsOnPostgres(PostgresRegistry registry) : ApiKeyExpiryAndRotationTests(registry), IClassFixture<PostgresRegistry>;
