using System.Net;
using System.Text.Json.Nodes;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.Extensions.DependencyInjection;
using TenantRegistry.ApiKeys;
using TenantRegistry.Contract.Tests.Audit;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.ApiKeys;

/// <summary>Every API-key rule of product-rules.md over HTTP; runs once per store.</summary>
public abstract class ApiKeyContractTests(RegistryFixture registry)
{
    private const string InvalidVerdict = """{"valid":false}""";
    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task Issued_key_has_the_documented_format_and_is_shown_once()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();

        var created = await client.IssueKeyAsync(tenantId, ""","scopes":["read","write"],"created_by":"ops@example.com" """);

        var plaintext = (string)created["plaintext"]!;
        var key = created["api_key"]!.AsObject();
        Assert.Matches("^trk_[0-9A-Za-z]{40}$", plaintext);
        Assert.True(ApiKeyFormat.IsWellFormed(plaintext));
        Assert.Equal(plaintext[..16], (string?)key["prefix"]);
        Assert.Contains("only once", (string?)created["warning"]);
        Assert.Equal(["read", "write"], key["scopes"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("ops@example.com", (string?)key["created_by"]);
        Assert.False(key.ContainsKey("revoked_at"));
        Assert.DoesNotContain(plaintext[16..], key.ToJsonString());
    }

    [Fact]
    public async Task Key_create_is_never_cached_and_its_location_is_the_address_that_revokes_the_key()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();

        var created = await client.PostJsonAsync("/v1/api-keys", $$"""{"tenant_id":"{{tenantId}}","name":"cache check"}""");
        var refused = await client.PostJsonAsync("/v1/api-keys", $$"""{"tenant_id":"{{tenantId}}"}""");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore, $"Cache-Control: {created.Headers.CacheControl}");
        var id = (string)(await created.ReadObjectAsync())["api_key"]!["id"]!;
        Assert.Equal($"/v1/api-keys/{id}", created.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True(refused.Headers.CacheControl?.NoStore, "every answer of key create is uncacheable, refusals too");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(created.Headers.Location)).StatusCode);
        var list = await client.GetAsync($"/v1/api-keys?tenant_id={tenantId}");
        Assert.Null(list.Headers.CacheControl);
    }

    [Fact]
    public async Task Key_rotation_carries_a_plaintext_too_so_it_is_never_cached_and_locates_the_new_key()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var oldId = (string)(await client.IssueKeyAsync(tenantId))["api_key"]!["id"]!;

        var rotated = await client.PostAsync($"/v1/api-keys/{oldId}/rotate", null);
        var refused = await client.PostAsync($"/v1/api-keys/{Guid.NewGuid()}/rotate", null);

        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        Assert.True(rotated.Headers.CacheControl?.NoStore, $"Cache-Control: {rotated.Headers.CacheControl}");
        var newId = (string)(await rotated.ReadObjectAsync())["api_key"]!["id"]!;
        Assert.NotEqual(oldId, newId);
        Assert.Equal($"/v1/api-keys/{newId}", rotated.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.True(refused.Headers.CacheControl?.NoStore, "every answer of rotate is uncacheable, refusals too");
    }

    [Fact]
    public async Task Scopes_default_to_an_empty_list()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();

        var created = await client.IssueKeyAsync(tenantId);

        Assert.Equal("[]", created["api_key"]!["scopes"]!.ToJsonString());
    }

    [Fact]
    public async Task Only_a_hash_of_the_key_is_stored()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var created = await client.IssueKeyAsync(tenantId);
        var plaintext = (string)created["plaintext"]!;

        var row = await registry.WithStoreAsync(db => db.ApiKeys.FirstAsync(k => k.Id == Guid.Parse((string)created["api_key"]!["id"]!)));

        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(plaintext)), row.SecretHash);
        Assert.DoesNotContain(plaintext[16..], System.Text.Json.JsonSerializer.Serialize(row));
    }

    [Theory]
    [InlineData("""{"name":"no tenant"}""")]
    [InlineData("""{"tenant_id":"not-a-uuid","name":"x"}""")]
    [InlineData("""{"tenant_id":"TENANT"}""")]
    [InlineData("""{"tenant_id":"TENANT","name":""}""")]
    [InlineData("""{"tenant_id":"TENANT","name":"   "}""")]
    [InlineData("""{"tenant_id":"TENANT","name":"NAME101"}""")]
    [InlineData("""{"tenant_id":"TENANT","name":"x","scopes":"read"}""")]
    [InlineData("""{"tenant_id":"TENANT","name":"x","scopes":[""]}""")]
    [InlineData("""{"tenant_id":"TENANT","name":"x","product":"no-such-product"}""")]
    [InlineData("""{"tenant_id":"TENANT","name":"x",""")]
    public async Task Invalid_key_requests_are_rejected(string template)
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var body = template.Replace("TENANT", tenantId.ToString()).Replace("NAME101", new string('n', 101));

        var response = await client.PostJsonAsync("/v1/api-keys", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_input", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task Name_of_100_characters_is_accepted()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();

        var response = await client.PostJsonAsync("/v1/api-keys", $$"""{"tenant_id":"{{tenantId}}","name":"{{new string('n', 100)}}"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Key_for_an_unknown_tenant_is_not_found()
    {
        var response = await client.PostJsonAsync("/v1/api-keys", $$"""{"tenant_id":"{{Guid.NewGuid()}}","name":"x"}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task Frozen_and_archived_tenants_get_no_new_keys()
    {
        var frozen = (await client.CreateTenantAsync()).Id();
        await client.PostAsync($"/v1/tenants/{frozen}/cancel", null);
        var archived = (await client.CreateArchivedTenantAsync()).Id();

        var forFrozen = await client.PostJsonAsync("/v1/api-keys", $$"""{"tenant_id":"{{frozen}}","name":"x"}""");
        var forArchived = await client.PostJsonAsync("/v1/api-keys", $$"""{"tenant_id":"{{archived}}","name":"x"}""");

        Assert.Equal(HttpStatusCode.BadRequest, forFrozen.StatusCode);
        Assert.Equal("invalid_state", await forFrozen.ErrorCodeAsync());
        Assert.Equal(HttpStatusCode.BadRequest, forArchived.StatusCode);
        Assert.Equal("invalid_state", await forArchived.ErrorCodeAsync());
    }

    [Fact]
    public async Task List_shows_every_key_newest_first_without_secrets()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var first = await client.IssueKeyAsync(tenantId);
        registry.App.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await client.IssueKeyAsync(tenantId);
        await client.DeleteAsync($"/v1/api-keys/{first["api_key"]!["id"]}");

        var list = await (await client.GetAsync($"/v1/api-keys?tenant_id={tenantId}")).ReadObjectAsync();

        var items = list["items"]!.AsArray();
        Assert.Equal([(string?)second["api_key"]!["id"], (string?)first["api_key"]!["id"]], items.Select(i => (string?)i!["id"]));
        Assert.True(items[1]!.AsObject().ContainsKey("revoked_at"));
        Assert.DoesNotContain(((string)first["plaintext"]!)[16..], list.ToJsonString());
        Assert.DoesNotContain(((string)second["plaintext"]!)[16..], list.ToJsonString());
    }

    [Fact]
    public async Task List_of_a_tenant_without_keys_is_empty()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();

        var list = await (await client.GetAsync($"/v1/api-keys?tenant_id={tenantId}")).ReadObjectAsync();

        Assert.Equal("[]", list["items"]!.ToJsonString());
    }

    [Theory]
    [InlineData("/v1/api-keys", HttpStatusCode.BadRequest)]
    [InlineData("/v1/api-keys?tenant_id=nope", HttpStatusCode.BadRequest)]
    [InlineData("/v1/api-keys?tenant_id=00000000-0000-0000-0000-000000000009", HttpStatusCode.NotFound)]
    public async Task List_needs_a_known_tenant(string path, HttpStatusCode expected)
    {
        var response = await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Revoking_twice_succeeds_and_keeps_the_first_revocation_time()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var id = (string)(await client.IssueKeyAsync(tenantId))["api_key"]!["id"]!;

        var first = await client.DeleteAsync($"/v1/api-keys/{id}");
        var revokedAt = await RevokedAtAsync(tenantId, id);
        registry.App.Clock.Advance(TimeSpan.FromMinutes(3));
        var second = await client.DeleteAsync($"/v1/api-keys/{id}");

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.NotNull(revokedAt);
        Assert.Equal(revokedAt, await RevokedAtAsync(tenantId, id));
        Assert.Single(await AuditActionsAsync(tenantId), a => a == "api_key.revoked");
    }

    [Theory]
    [InlineData("/v1/api-keys/00000000-0000-0000-0000-000000000001")]
    [InlineData("/v1/api-keys/not-a-key")]
    public async Task Revoking_an_unknown_or_malformed_id_is_not_found(string path)
    {
        var response = await client.DeleteAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task Create_and_revoke_write_audit_events_without_the_secret()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var created = await client.IssueKeyAsync(tenantId, ""","scopes":["billing"]""");
        var id = (string)created["api_key"]!["id"]!;
        await client.DeleteAsync($"/v1/api-keys/{id}");

        var events = await registry.WithStoreAsync(db => db.AuditEvents.Where(e => e.TargetId == id).OrderBy(e => e.Id).ToListAsync());

        Assert.Equal(["api_key.created", "api_key.revoked"], events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal(tenantId, e.TenantId));
        var metadata = JsonNode.Parse(events[0].Metadata!)!;
        Assert.Equal(created["api_key"]!["prefix"]!.ToString(), (string?)metadata["prefix"]);
        Assert.Equal("deploy bot", (string?)metadata["name"]);
        Assert.Equal("""["billing"]""", metadata["scopes"]!.ToJsonString());
        var secret = ((string)created["plaintext"]!)[16..];
        Assert.All(events, e => Assert.DoesNotContain(secret, System.Text.Json.JsonSerializer.Serialize(e)));
    }

    [Fact]
    public async Task Create_and_revoke_appear_in_the_audit_log_api()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var created = await client.IssueKeyAsync(tenantId);
        var id = (string)created["api_key"]!["id"]!;
        await client.DeleteAsync($"/v1/api-keys/{id}");

        var createdEvent = await client.ExpectAuditEventAsync("api_key.created", tenantId.ToString(), id);
        var revokedEvent = await client.ExpectAuditEventAsync("api_key.revoked", tenantId.ToString(), id);

        Assert.Equal("api_key", (string?)createdEvent["target_type"]);
        Assert.Equal((string?)created["api_key"]!["prefix"], (string?)revokedEvent["metadata"]!["prefix"]);
    }

    [Fact]
    public async Task A_good_key_verifies_with_its_tenant_and_scopes()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var created = await client.IssueKeyAsync(tenantId, ""","scopes":["read"]""");

        var verdict = JsonNode.Parse(await client.VerifyAsync((string)created["plaintext"]!))!.AsObject();

        Assert.True((bool)verdict["valid"]!);
        Assert.Equal(tenantId.ToString(), (string?)verdict["tenant_id"]);
        Assert.Equal("""["read"]""", verdict["scopes"]!.ToJsonString());
        Assert.False(verdict.ContainsKey("product"));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{}")]
    [InlineData("""{"key":""}""")]
    [InlineData("""{"key":null}""")]
    [InlineData("""{"key":42}""")]
    [InlineData("""{"key":"hunter2"}""")]
    [InlineData("""{"key":"trk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}""")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task Anything_that_is_not_a_good_key_is_exactly_valid_false(string body)
    {
        Assert.Equal(InvalidVerdict, await client.VerifyRawAsync(body));
    }

    [Fact]
    public async Task Mistyped_and_unknown_keys_are_invalid()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var plaintext = (string)(await client.IssueKeyAsync(tenantId))["plaintext"]!;
        var mistyped = plaintext[..20] + (plaintext[20] == 'a' ? 'b' : 'a') + plaintext[21..];
        var (unknown, _) = ApiKeyFormat.Generate();

        Assert.Equal(InvalidVerdict, await client.VerifyAsync(mistyped));
        Assert.Equal(InvalidVerdict, await client.VerifyAsync(unknown));
        Assert.Equal(InvalidVerdict, await client.VerifyAsync(plaintext.ToUpperInvariant()));
    }

    [Fact]
    public async Task Revoked_key_is_invalid_on_the_next_verify()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var created = await client.IssueKeyAsync(tenantId);
        var plaintext = (string)created["plaintext"]!;
        Assert.True(await client.IsValidAsync(plaintext));

        await client.DeleteAsync($"/v1/api-keys/{created["api_key"]!["id"]}");

        Assert.Equal(InvalidVerdict, await client.VerifyAsync(plaintext));
    }

    [Fact]
    public async Task Freezing_the_tenant_invalidates_its_keys_and_activating_restores_them()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var plaintext = (string)(await client.IssueKeyAsync(tenantId))["plaintext"]!;
        Assert.True(await client.IsValidAsync(plaintext));

        await client.PostAsync($"/v1/tenants/{tenantId}/cancel", null);
        var whileFrozen = await client.VerifyAsync(plaintext);
        await client.PostAsync($"/v1/tenants/{tenantId}/activate", null);

        Assert.Equal(InvalidVerdict, whileFrozen);
        Assert.True(await client.IsValidAsync(plaintext));
    }

    [Fact]
    public async Task Keys_of_an_archived_tenant_are_invalid()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var plaintext = (string)(await client.IssueKeyAsync(tenantId))["plaintext"]!;
        await client.ArchiveAsync(tenantId);

        Assert.Equal(InvalidVerdict, await client.VerifyAsync(plaintext));
    }

    [Fact]
    public async Task Keys_of_a_trial_tenant_stop_working_when_the_trial_ends()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var demoTenantId = (await client.CreateTenantAsync(kind: "demo")).Id();
        var trialKey = (string)(await client.IssueKeyAsync(tenantId))["plaintext"]!;
        var demoKey = (string)(await client.IssueKeyAsync(demoTenantId))["plaintext"]!;
        Assert.True(await client.IsValidAsync(trialKey));

        registry.App.Clock.Advance(TimeSpan.FromDays(14));

        Assert.Equal(InvalidVerdict, await client.VerifyAsync(trialKey));
        Assert.True(await client.IsValidAsync(demoKey));
    }

    [Fact]
    public async Task Last_used_at_is_written_off_the_request_path_at_most_once_a_minute()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var created = await client.IssueKeyAsync(tenantId);
        var plaintext = (string)created["plaintext"]!;
        var writer = registry.App.Services.GetRequiredService<KeyUsageWriter>();
        await writer.FlushAsync(CancellationToken.None);

        for (var i = 0; i < 5; i++)
        {
            Assert.True(await client.IsValidAsync(plaintext));
        }

        var firstFlush = await writer.FlushAsync(CancellationToken.None);
        Assert.True(await client.IsValidAsync(plaintext));
        var withinTheMinute = await writer.FlushAsync(CancellationToken.None);
        registry.App.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.True(await client.IsValidAsync(plaintext));
        var afterAMinute = await writer.FlushAsync(CancellationToken.None);

        Assert.Equal(1, firstFlush);
        Assert.Equal(0, withinTheMinute);
        Assert.Equal(1, afterAMinute);
        var listed = await (await client.GetAsync($"/v1/api-keys?tenant_id={tenantId}")).ReadObjectAsync();
        var lastUsed = DateTimeOffset.Parse((string)listed["items"]![0]!["last_used_at"]!);
        Assert.Equal(registry.App.Clock.GetUtcNow().ToUnixTimeSeconds(), lastUsed.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_flush_writes_every_key_it_took_in_chunks_and_never_moves_last_used_at_back()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var keyIds = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            keyIds.Add(Guid.Parse((string)(await client.IssueKeyAsync(tenantId))["api_key"]!["id"]!));
        }

        var usage = registry.App.Services.GetRequiredService<KeyUsage>();
        var writer = registry.App.Services.GetRequiredService<KeyUsageWriter>();
        await writer.FlushAsync(CancellationToken.None);
        var usedAt = TenantRegistry.Store.Timestamps.UtcNow(registry.App.Clock);
        foreach (var keyId in keyIds)
        {
            usage.Record(keyId, usedAt);
        }

        // Keys deleted meanwhile (or never stored) change nothing; a thousand of them make the flush use two statements.
        for (var i = 0; i < 1000; i++)
        {
            usage.Record(Guid.NewGuid(), usedAt);
        }

        var written = await writer.FlushAsync(CancellationToken.None);
        usage.Return([new(keyIds[0], usedAt - TimeSpan.FromHours(1))]);
        await writer.FlushAsync(CancellationToken.None);

        Assert.Equal(1003, written);
        var stored = await registry.WithStoreAsync(db => db.ApiKeys.Where(k => k.TenantId == tenantId).Select(k => k.LastUsedAt).ToListAsync());
        Assert.Equal(3, stored.Count);
        Assert.All(stored, lastUsed => Assert.Equal(usedAt, lastUsed));
    }

    [Fact]
    public async Task A_product_team_verifies_keys_with_the_generated_sdk()
    {
        var tenantId = (await client.CreateTenantAsync()).Id();
        var plaintext = (string)(await client.IssueKeyAsync(tenantId, ""","scopes":["search"]"""))["plaintext"]!;
        var apiKeys = new TenantRegistry.Client.ApiKeysClient(client);

        var good = await apiKeys.VerifyApiKeyAsync(new TenantRegistry.Client.ApiKeyVerifyRequest { Key = plaintext });
        var bad = await apiKeys.VerifyApiKeyAsync(new TenantRegistry.Client.ApiKeyVerifyRequest { Key = "trk_nope" });

        Assert.True(good.Valid);
        Assert.Equal(tenantId, good.TenantId);
        Assert.Equal(["search"], good.Scopes!);
        Assert.False(bad.Valid);
        Assert.Null(bad.TenantId);
    }

    private async Task<string?> RevokedAtAsync(Guid tenantId, string id)
    {
        var list = await (await client.GetAsync($"/v1/api-keys?tenant_id={tenantId}")).ReadObjectAsync();
        return (string?)list["items"]!.AsArray().Single(i => (string?)i!["id"] == id)!["revoked_at"];
    }

    private Task<List<string>> AuditActionsAsync(Guid tenantId) => registry.WithStoreAsync(db =>
        db.AuditEvents.Where(e => e.TenantId == tenantId).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
}

public sealed class ApiKeyContractTestsOnSqlite(SqliteRegistry registry) : ApiKeyContractTests(registry), IClassFixture<SqliteRegistry>;

public sealed class ApiKeyContractTestsOnPostgres(PostgresRegistry registry) : ApiKeyContractTests(registry), IClassFixture<PostgresRegistry>;

/// <summary>The same rules with authentication on: every request carries a platform-staff token.</summary>
public sealed class ApiKeyContractTestsOnSqliteWithTokens(Security.SecuredSqliteRegistry registry) : ApiKeyContractTests(registry), IClassFixture<Security.SecuredSqliteRegistry>;

public sealed class ApiKeyContractTestsOnPostgresWithTokens(Security.SecuredPostgresRegistry registry) : ApiKeyContractTests(registry), IClassFixture<Security.SecuredPostgresRegistry>;
