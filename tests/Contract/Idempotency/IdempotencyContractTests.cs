using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TenantRegistry.Contract.Tests.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;
using TenantRegistry.Idempotency;
using static TenantRegistry.Contract.Tests.Idempotency.IdempotencyHttp;

namespace TenantRegistry.Contract.Tests.Idempotency;

/// <summary>
/// POST with an Idempotency-Key: the answer is stored with the change and replayed byte for byte, nothing runs
/// twice, a reused key for another request is 422, a key in flight is 409; runs once per store.
/// </summary>
public abstract class IdempotencyContractTests(RegistryFixture registry)
{
    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task A_created_tenant_is_replayed_byte_for_byte_and_created_once()
    {
        var key = NewKey();
        var slug = "idem-" + Guid.NewGuid().ToString("N")[..12];

        var first = await (await client.PostWithKeyAsync("/v1/tenants", $$"""{"slug":"{{slug}}","name":"Idem"}""", key)).AnswerAsync();
        // The same request, serialized differently: property order and white space do not make it another request.
        var again = await (await client.PostWithKeyAsync("/v1/tenants", $$"""{ "name": "Idem", "slug": "{{slug}}" }""", key)).AnswerAsync();

        Assert.Equal(201, first.Status);
        Assert.Null(first.Replayed);
        Assert.Equal(201, again.Status);
        Assert.Equal("true", again.Replayed);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(first.Location, again.Location);
        var tenant = JsonNode.Parse(first.Text)!.AsObject();
        Assert.Equal(slug, (string?)tenant["slug"]);
        Assert.Single(await registry.AuditEventsAsync(tenant, "tenant.created"));
        Assert.Equal(1, await registry.WithStoreAsync(db => db.Tenants.CountAsync(t => t.Slug == slug)));
    }

    [Fact]
    public async Task An_accepted_product_request_is_replayed_and_requested_once()
    {
        var tenant = await client.CreateTenantAsync();
        var key = NewKey();
        var body = $$"""{"tenant_id":"{{tenant["id"]}}","product":"audit-vault"}""";

        var first = await (await client.PostWithKeyAsync("/v1/catalog/request", body, key)).AnswerAsync();
        var again = await (await client.PostWithKeyAsync("/v1/catalog/request", body, key)).AnswerAsync();

        Assert.Equal(202, first.Status);
        Assert.Equal(202, again.Status);
        Assert.Equal("true", again.Replayed);
        Assert.Equal(first.Body, again.Body);
        Assert.Single(await registry.AuditEventsAsync(tenant, "catalog.requested"));
    }

    [Fact]
    public async Task A_replayed_activation_answers_what_it_answered_and_does_not_run_again()
    {
        var tenant = await client.CreateTenantAsync();
        var key = NewKey();
        var path = $"/v1/tenants/{tenant["id"]}/activate";

        var first = await (await client.PostWithKeyAsync(path, """{"plan":"enterprise"}""", key)).AnswerAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v1/tenants/{tenant["id"]}/cancel", null)).StatusCode);
        var again = await (await client.PostWithKeyAsync(path, """{"plan":"enterprise"}""", key)).AnswerAsync();

        Assert.Equal(200, first.Status);
        Assert.Equal("active", (string?)JsonNode.Parse(first.Text)!["status"]);
        Assert.Equal(200, again.Status);
        Assert.Equal("true", again.Replayed);
        Assert.Equal(first.Body, again.Body);
        // Had it run again, the frozen tenant would be active again, with a second event.
        Assert.Equal(TenantRegistry.Tenants.TenantStates.Frozen, await registry.WithStoreAsync(db => db.Tenants.Where(t => t.Id == tenant.Id()).Select(t => t.Status).FirstAsync()));
        Assert.Single(await registry.AuditEventsAsync(tenant, "tenant.activated"));
    }

    [Fact]
    public async Task A_conflict_is_an_answer_of_the_stores_state_and_is_replayed()
    {
        var slug = "idem-" + Guid.NewGuid().ToString("N")[..12];
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/v1/tenants", $$"""{"slug":"{{slug}}","name":"First"}""")).StatusCode);
        var key = NewKey();

        var first = await (await client.PostWithKeyAsync("/v1/tenants", $$"""{"slug":"{{slug}}","name":"Second"}""", key)).AnswerAsync();
        var again = await (await client.PostWithKeyAsync("/v1/tenants", $$"""{"slug":"{{slug}}","name":"Second"}""", key)).AnswerAsync();

        Assert.Equal(409, first.Status);
        Assert.Equal("conflict", (string?)JsonNode.Parse(first.Text)!["error"]);
        Assert.Equal(409, again.Status);
        Assert.Equal("true", again.Replayed);
        Assert.Equal(first.Body, again.Body);
    }

    [Fact]
    public async Task An_invalid_state_refusal_is_replayed()
    {
        var tenant = await client.CreateArchivedTenantAsync();
        var key = NewKey();
        var path = $"/v1/tenants/{tenant["id"]}/activate";

        var first = await (await client.PostWithKeyAsync(path, null, key)).AnswerAsync();
        var again = await (await client.PostWithKeyAsync(path, null, key)).AnswerAsync();

        Assert.Equal(400, first.Status);
        Assert.Equal("invalid_state", (string?)JsonNode.Parse(first.Text)!["error"]);
        Assert.Equal("true", again.Replayed);
        Assert.Equal(first.Body, again.Body);
    }

    [Fact]
    public async Task Bad_input_is_not_stored_so_the_corrected_retry_runs()
    {
        var key = NewKey();
        var slug = "idem-" + Guid.NewGuid().ToString("N")[..12];

        var refused = await client.PostWithKeyAsync("/v1/tenants", """{"slug":"Not Valid","name":"Idem"}""", key);
        var corrected = await client.PostWithKeyAsync("/v1/tenants", $$"""{"slug":"{{slug}}","name":"Idem"}""", key);

        await refused.AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_input");
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        Assert.False(corrected.Headers.Contains(ReplayedHeader));
    }

    [Fact]
    public async Task The_same_key_for_another_request_is_422()
    {
        var key = NewKey();
        Assert.Equal(HttpStatusCode.Created, (await client.PostWithKeyAsync("/v1/audit", """{"action":"idem.first"}""", key)).StatusCode);

        var otherBody = await client.PostWithKeyAsync("/v1/audit", """{"action":"idem.second"}""", key);
        var otherOperation = await client.PostWithKeyAsync("/v1/tenants", """{"slug":"idem-other-op","name":"Other"}""", key);

        await otherBody.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "idempotency_mismatch");
        await otherOperation.AssertErrorAsync(HttpStatusCode.UnprocessableEntity, "idempotency_mismatch");
        Assert.Empty(await registry.WithStoreAsync(db => db.AuditEvents.Where(e => e.Action == "idem.second").ToListAsync()));
        Assert.Equal(0, await registry.WithStoreAsync(db => db.Tenants.CountAsync(t => t.Slug == "idem-other-op")));
    }

    [Fact]
    public async Task A_key_in_flight_is_409_with_retry_after_and_its_retry_gets_the_answer()
    {
        var hold = new HeldClaims();
        await using var held = registry.App.WithWebHostBuilder(host => host.ConfigureTestServices(services =>
            services.AddSingleton<IIdempotencyClaimObserver>(hold)));
        using var caller = held.CreateDefaultClient(new ValidatingHandler());
        var key = NewKey();
        const string body = """{"action":"idem.in_flight"}""";

        var first = caller.PostWithKeyAsync("/v1/audit", body, key);
        await hold.Claimed.WaitAsync(TimeSpan.FromSeconds(10));
        var meanwhile = await caller.PostWithKeyAsync("/v1/audit", body, key);
        hold.Release();
        var answered = await (await first).AnswerAsync();
        var retried = await (await caller.PostWithKeyAsync("/v1/audit", body, key)).AnswerAsync();

        await meanwhile.AssertErrorAsync(HttpStatusCode.Conflict, "idempotency_in_flight");
        Assert.Equal("1", meanwhile.Headers.RetryAfter?.ToString());
        Assert.Equal(201, answered.Status);
        Assert.Equal("true", retried.Replayed);
        Assert.Equal(answered.Body, retried.Body);
        Assert.Single(await registry.WithStoreAsync(db => db.AuditEvents.Where(e => e.Action == "idem.in_flight").ToListAsync()));
    }

    // An empty value is refused too, but the in-memory test transport drops a header without a value before it arrives.
    [Theory]
    [InlineData("caf\u00e9")]
    [InlineData("tab\there")]
    [InlineData("256")]
    public async Task A_malformed_key_is_400_and_nothing_runs(string key)
    {
        var action = "idem.malformed." + Guid.NewGuid().ToString("N");
        var response = await client.PostWithKeyAsync("/v1/audit", $$"""{"action":"{{action}}"}""", key == "256" ? new string('k', 256) : key);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_input");
        Assert.Empty(await registry.WithStoreAsync(db => db.AuditEvents.Where(e => e.Action == action).ToListAsync()));
    }

    [Fact]
    public async Task Two_values_of_the_header_are_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audit") { Content = new StringContent("""{"action":"idem.two"}""", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(KeyHeader, ["one", "two"]);

        await (await client.SendAsync(request)).AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_input");
    }

    [Fact]
    public async Task A_replayed_key_creation_gives_the_same_plaintext_which_verifies_and_the_store_holds_it_only_encrypted()
    {
        var tenant = await client.CreateTenantAsync();
        var key = NewKey();
        var body = $$"""{"tenant_id":"{{tenant["id"]}}","name":"idempotent bot"}""";

        var first = await (await client.PostWithKeyAsync("/v1/api-keys", body, key)).AnswerAsync();
        var replay = await client.PostWithKeyAsync("/v1/api-keys", body, key);
        var again = await replay.AnswerAsync();

        Assert.Equal(201, first.Status);
        Assert.Equal("true", again.Replayed);
        Assert.True(replay.Headers.CacheControl?.NoStore, $"a replay carries the plaintext too; Cache-Control: {replay.Headers.CacheControl}");
        Assert.Equal(first.Body, again.Body);
        var plaintext = (string)JsonNode.Parse(again.Text)!["plaintext"]!;
        Assert.True(await client.IsValidAsync(plaintext));
        Assert.Equal(1, await registry.WithStoreAsync(db => db.ApiKeys.CountAsync(k => k.TenantId == tenant.Id())));

        await using var store = await RawStoreConnection.OpenAsync(registry.Settings);
        var stored = Assert.Single(await store.QueryAsync<byte[]>($"SELECT body FROM idempotency_records WHERE idem_key = '{key}'"));
        var storedText = Encoding.Latin1.GetString(stored);
        Assert.DoesNotContain(plaintext[16..], storedText);
        Assert.DoesNotContain("plaintext", storedText);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(plaintext))[..20], storedText);
    }

    [Fact]
    public async Task Records_past_their_retention_are_swept_and_the_key_runs_as_new()
    {
        var key = NewKey();
        var app = registry.App;
        Assert.Equal(HttpStatusCode.Created, (await client.PostWithKeyAsync("/v1/audit", """{"action":"idem.retained"}""", key)).StatusCode);
        await SweepAsync(app);
        Assert.Equal(1, await CountRecordsAsync(key));

        // Moving the clock also wakes the hosted sweeper, which may remove the record first: either way it is gone.
        app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        await SweepAsync(app);
        Assert.Equal(0, await CountRecordsAsync(key));
        var reused = await client.PostWithKeyAsync("/v1/audit", """{"action":"idem.reused"}""", key);

        Assert.Equal(HttpStatusCode.Created, reused.StatusCode);
        Assert.False(reused.Headers.Contains(ReplayedHeader));
        Assert.Equal(1, await CountRecordsAsync(key));
    }

    [Fact]
    public async Task An_expired_record_not_swept_yet_is_no_answer_and_is_replaced()
    {
        // An instance of its own, with a clock of its own and a sweep that does not come: the record stays in the store.
        var settings = new Dictionary<string, string?>(registry.Settings) { ["Idempotency:SweepInterval"] = "30.00:00:00" };
        await using var app = new RegistryApp(settings);
        using var caller = app.CreateDefaultClient(new ValidatingHandler());
        var key = NewKey();
        Assert.Equal(HttpStatusCode.Created, (await caller.PostWithKeyAsync("/v1/audit", """{"action":"idem.expiring"}""", key)).StatusCode);

        app.Clock.Advance(TimeSpan.FromHours(25));
        var reused = await (await caller.PostWithKeyAsync("/v1/audit", """{"action":"idem.replacing"}""", key)).AnswerAsync();
        var replayed = await (await caller.PostWithKeyAsync("/v1/audit", """{"action":"idem.replacing"}""", key)).AnswerAsync();

        Assert.Equal(201, reused.Status);
        Assert.Null(reused.Replayed);
        Assert.Equal("true", replayed.Replayed);
        Assert.Equal(reused.Body, replayed.Body);
        Assert.Equal(1, await CountRecordsAsync(key));
    }

    [Fact]
    public async Task An_audit_append_is_replayed_and_appended_once()
    {
        var key = NewKey();
        var marker = Guid.NewGuid().ToString("N");
        var body = $$$"""{"action":"idem.append","target_id":"{{{marker}}}","metadata":{"b":1,"a":[1,2]}}""";

        var first = await (await client.PostWithKeyAsync("/v1/audit", body, key)).AnswerAsync();
        var again = await (await client.PostWithKeyAsync("/v1/audit", body, key)).AnswerAsync();

        Assert.Equal(201, first.Status);
        Assert.Equal("true", again.Replayed);
        Assert.Equal(first.Body, again.Body);
        Assert.Single(await registry.WithStoreAsync(db => db.AuditEvents.Where(e => e.TargetId == marker).ToListAsync()));
    }

    [Theory]
    [InlineData("""{"action":"idem.repeated","action":"idem.repeated-last","target_id":"MARKER"}""")]
    [InlineData("""{"action":"idem.surrogate","target_id":"MARKER","metadata":{"note":"\ud800"}}""")]
    public async Task A_body_the_fingerprint_cannot_sort_gets_the_answer_it_gets_without_a_key_and_is_replayed(string template)
    {
        var withoutKey = await PostAuditAsync(Marked(template), key: null);
        var key = NewKey();
        var body = Marked(template);
        var first = await PostAuditAsync(body, key);
        var again = await PostAuditAsync(body, key);

        Assert.Equal(withoutKey.Status, first.Status);
        Assert.InRange(first.Status, 200, 499);
        Assert.Null(first.Replayed);
        if (first.Status == 201)
        {
            Assert.Equal("true", again.Replayed);
            Assert.Equal(first.Body, again.Body);
        }
        else
        {
            Assert.Equal(withoutKey.Text, first.Text);
        }
    }

    private static string Marked(string template) => template.Replace("MARKER", Guid.NewGuid().ToString("N"));

    private async Task<Answer> PostAuditAsync(string body, string? key)
    {
        var response = key is null
            ? await client.PostAsync("/v1/audit", new StringContent(body, Encoding.UTF8, "application/json"))
            : await client.PostWithKeyAsync("/v1/audit", body, key);
        return await response.AnswerAsync();
    }

    [Fact]
    public async Task Verify_ignores_the_key_and_answers_the_current_state()
    {
        var tenant = await client.CreateTenantAsync();
        var plaintext = (string)(await client.IssueKeyAsync(tenant.Id()))["plaintext"]!;
        var key = NewKey();
        var body = new JsonObject { ["key"] = plaintext }.ToJsonString();

        var before = await client.PostWithKeyAsync("/v1/internal/api-keys/verify", body, key);
        await client.ArchiveAsync(tenant.Id());
        var after = await client.PostWithKeyAsync("/v1/internal/api-keys/verify", body, key);

        Assert.True((bool)(await before.ReadObjectAsync())["valid"]!);
        Assert.False((bool)(await after.ReadObjectAsync())["valid"]!);
        Assert.False(after.Headers.Contains(ReplayedHeader));
    }

    private Task<int> CountRecordsAsync(string key) =>
        registry.WithStoreAsync(db => db.GetTable<IdempotencyRecordRow>().CountAsync(r => r.Key == key));

    private static async Task<int> SweepAsync(RegistryApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IdempotencyRetention>().SweepAsync(CancellationToken.None);
    }
}

public sealed class IdempotencyContractTestsOnSqlite(SqliteRegistry registry) : IdempotencyContractTests(registry), IClassFixture<SqliteRegistry>;

public sealed class IdempotencyContractTestsOnPostgres(PostgresRegistry registry) : IdempotencyContractTests(registry), IClassFixture<PostgresRegistry>;
