using System.Net;
using System.Text.Json.Nodes;
using LinqToDB;
using LinqToDB.Async;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Tenants;

/// <summary>Every tenant rule of product-rules.md over HTTP; runs once per store.</summary>
public abstract class TenantContractTests(RegistryFixture registry)
{
    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task Customer_tenant_starts_as_a_14_day_trial_with_defaults()
    {
        var response = await client.PostJsonAsync("/v1/tenants", $$"""{"slug":"{{NewSlug()}}","name":"Acme GmbH"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var tenant = await response.ReadObjectAsync();
        Assert.Equal("trial", (string?)tenant["status"]);
        Assert.Equal("customer", (string?)tenant["kind"]);
        Assert.Equal("starter", (string?)tenant["plan"]);
        var createdAt = DateTimeOffset.Parse((string)tenant["created_at"]!);
        Assert.Equal(createdAt.AddDays(14), DateTimeOffset.Parse((string)tenant["trial_ends_at"]!));
        Assert.Equal(tenant["created_at"]!.ToJsonString(), tenant["updated_at"]!.ToJsonString());
        Assert.EndsWith("Z", (string)tenant["created_at"]!);
        Assert.Equal($"/v1/tenants/{tenant["id"]}", response.Headers.Location?.AbsolutePath);
        Assert.False(tenant.ContainsKey("contract_start"), "optional fields without a value are omitted");
    }

    [Fact]
    public async Task A_caller_without_address_or_user_agent_is_still_recorded_as_the_api()
    {
        var tenant = await CreateAsync();

        var created = (await registry.AuditEventsAsync(tenant))[0];

        Assert.Null(created.UserAgent);
        Assert.Equal("api", created.ActorType);
    }

    [Fact]
    public async Task Demo_tenant_starts_in_demo_without_a_trial_end()
    {
        var tenant = await CreateAsync(kind: "demo", plan: "enterprise", salesOwner: "jane@example.com");

        Assert.Equal("demo", (string?)tenant["status"]);
        Assert.Equal("demo", (string?)tenant["kind"]);
        Assert.Equal("enterprise", (string?)tenant["plan"]);
        Assert.Equal("jane@example.com", (string?)tenant["sales_owner"]);
        Assert.False(tenant.ContainsKey("trial_ends_at"));
    }

    [Fact]
    public async Task Created_tenant_survives_a_restart_of_the_service()
    {
        var tenant = await CreateAsync();

        await using var restarted = new RegistryApp(registry.Settings);
        using var second = restarted.CreateDefaultClient(new Validation.ValidatingHandler());
        var found = await second.GetAsync($"/v1/tenants/{tenant["id"]}");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(tenant.ToJsonString(), (await found.ReadObjectAsync()).ToJsonString());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("a-1")]
    [InlineData("0123456789012345678901234567890123456789")]
    public async Task Slug_at_the_edges_of_the_pattern_is_accepted(string stem)
    {
        var slug = stem.Length == 40 ? stem[..28] + NewSlug()[..12] : stem + "-" + NewSlug()[..8];
        var response = await client.PostJsonAsync("/v1/tenants", $$"""{"slug":"{{slug}}","name":"Edge"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(slug, (string?)(await response.ReadObjectAsync())["slug"]);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Acme")]
    [InlineData("-acme")]
    [InlineData("acme-")]
    [InlineData("ac_me")]
    [InlineData("acme corp")]
    [InlineData("01234567890123456789012345678901234567890")]
    [InlineData("")]
    public async Task Slug_outside_the_pattern_is_rejected(string slug)
    {
        var response = await client.PostJsonAsync("/v1/tenants", $$"""{"slug":"{{slug}}","name":"Bad"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ReadObjectAsync();
        Assert.Equal("invalid_input", (string?)error["error"]);
        Assert.Contains("slug", (string?)error["message"]);
    }

    [Fact]
    public async Task Name_of_255_characters_is_accepted()
    {
        var tenant = await CreateAsync(name: new string('n', 255));

        Assert.Equal(255, ((string)tenant["name"]!).Length);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("null")]
    [InlineData("42")]
    public async Task Empty_blank_or_mistyped_name_is_rejected(string name)
    {
        var response = await client.PostJsonAsync("/v1/tenants", $$"""{"slug":"{{NewSlug()}}","name":{{name}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_input", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task Name_of_256_characters_is_rejected()
    {
        var response = await client.PostJsonAsync("/v1/tenants", $$"""{"slug":"{{NewSlug()}}","name":"{{new string('n', 256)}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_input", await response.ErrorCodeAsync());
    }

    [Theory]
    [InlineData("""{"name":"No slug"}""")]
    [InlineData("""{"slug":"no-name"}""")]
    [InlineData("""{"slug":"bad-kind","name":"x","kind":"partner"}""")]
    [InlineData("""{"slug":"bad-plan","name":"x","plan":"  "}""")]
    [InlineData("""{"slug":"bad-json","name":""")]
    [InlineData("""[]""")]
    [InlineData("")]
    public async Task Malformed_create_bodies_are_rejected(string body)
    {
        var response = await client.PostJsonAsync("/v1/tenants", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.ReadObjectAsync();
        Assert.Equal("invalid_input", (string?)error["error"]);
        Assert.DoesNotContain("System.", (string?)error["message"]);
        Assert.DoesNotContain("TenantRegistry", (string?)error["message"]);
    }

    [Fact]
    public async Task Unknown_properties_are_ignored()
    {
        var response = await client.PostJsonAsync("/v1/tenants", $$"""{"slug":"{{NewSlug()}}","name":"x","colour":"blue"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False((await response.ReadObjectAsync()).ContainsKey("colour"));
    }

    [Fact]
    public async Task Duplicate_slug_is_a_conflict()
    {
        var tenant = await CreateAsync();

        var response = await client.PostJsonAsync("/v1/tenants", $$"""{"slug":"{{tenant["slug"]}}","name":"Again"}""");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("conflict", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task Parallel_creates_of_one_slug_give_exactly_one_tenant()
    {
        var slug = NewSlug();
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ =>
            registry.CreateClient().PostJsonAsync("/v1/tenants", $$"""{"slug":"{{slug}}","name":"Race"}""")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(99, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Fact]
    public async Task Tenant_is_found_by_id_and_by_slug()
    {
        var tenant = await CreateAsync();

        var byId = await client.GetAsync($"/v1/tenants/{tenant["id"]}");
        var bySlug = await client.GetAsync($"/v1/tenants/by-slug/{tenant["slug"]}");

        Assert.Equal(tenant.ToJsonString(), (await byId.ReadObjectAsync()).ToJsonString());
        Assert.Equal(tenant.ToJsonString(), (await bySlug.ReadObjectAsync()).ToJsonString());
    }

    [Theory]
    [InlineData("/v1/tenants/00000000-0000-0000-0000-000000000001")]
    [InlineData("/v1/tenants/not-a-uuid")]
    [InlineData("/v1/tenants/by-slug/nobody-here")]
    [InlineData("/v1/tenants/by-slug/Not_A_Slug")]
    public async Task Absent_or_malformed_tenant_is_not_found(string path)
    {
        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", await response.ErrorCodeAsync());
    }

    [Theory]
    [InlineData("activate")]
    [InlineData("cancel")]
    public async Task Lifecycle_commands_on_unknown_or_malformed_ids_are_not_found(string command)
    {
        var unknown = await client.PostAsync($"/v1/tenants/{Guid.NewGuid()}/{command}", null);
        var malformed = await client.PostAsync($"/v1/tenants/12345/{command}", null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
        Assert.Equal("not_found", await malformed.ErrorCodeAsync());
    }

    [Fact]
    public async Task Activating_a_trial_overwrites_given_fields_and_clears_the_trial_end()
    {
        var tenant = await CreateAsync();
        registry.App.Clock.Advance(TimeSpan.FromMinutes(5));

        var response = await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/activate",
            """{"plan":"business","contract_start":"2026-01-01","contract_end":"2027-12-31","erp_customer_id":"ERP-42"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var active = await response.ReadObjectAsync();
        Assert.Equal("active", (string?)active["status"]);
        Assert.Equal("business", (string?)active["plan"]);
        Assert.Equal("2026-01-01", (string?)active["contract_start"]);
        Assert.Equal("2027-12-31", (string?)active["contract_end"]);
        Assert.Equal("ERP-42", (string?)active["erp_customer_id"]);
        Assert.False(active.ContainsKey("trial_ends_at"));
        Assert.True(DateTimeOffset.Parse((string)active["updated_at"]!) > DateTimeOffset.Parse((string)tenant["updated_at"]!));
        Assert.Equal(["tenant.created", "tenant.activated"], await AuditActionsAsync(tenant));
    }

    [Fact]
    public async Task Activation_without_a_body_keeps_the_stored_fields()
    {
        var tenant = await CreateAsync(kind: "demo", plan: "pro");

        var response = await client.PostAsync($"/v1/tenants/{tenant["id"]}/activate", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var active = await response.ReadObjectAsync();
        Assert.Equal("active", (string?)active["status"]);
        Assert.Equal("pro", (string?)active["plan"]);
    }

    [Fact]
    public async Task Frozen_and_active_tenants_can_be_activated()
    {
        var tenant = await CreateAsync();
        await client.PostAsync($"/v1/tenants/{tenant["id"]}/cancel", null);

        var fromFrozen = await client.PostAsync($"/v1/tenants/{tenant["id"]}/activate", null);
        var fromActive = await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/activate", """{"plan":"growth"}""");

        Assert.Equal("active", (string?)(await fromFrozen.ReadObjectAsync())["status"]);
        var active = await fromActive.ReadObjectAsync();
        Assert.Equal("active", (string?)active["status"]);
        Assert.Equal("growth", (string?)active["plan"]);
    }

    [Fact]
    public async Task Archived_tenant_cannot_be_activated()
    {
        var tenant = await client.CreateArchivedTenantAsync();
        var eventsBefore = await AuditActionsAsync(tenant);

        var response = await client.PostAsync($"/v1/tenants/{tenant["id"]}/activate", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_state", await response.ErrorCodeAsync());
        Assert.Equal(eventsBefore, await AuditActionsAsync(tenant));
    }

    [Fact]
    public async Task Contract_end_before_start_is_rejected()
    {
        var tenant = await CreateAsync();

        var response = await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/activate", """{"contract_start":"2026-06-01","contract_end":"2026-05-31"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_input", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task Contract_end_before_the_stored_start_is_rejected_and_nothing_changes()
    {
        var tenant = await CreateAsync();
        await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/activate", """{"contract_start":"2026-06-01"}""");

        var response = await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/activate", """{"contract_end":"2026-01-01","plan":"other"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var stored = await (await client.GetAsync($"/v1/tenants/{tenant["id"]}")).ReadObjectAsync();
        Assert.Equal("starter", (string?)stored["plan"]);
        Assert.False(stored.ContainsKey("contract_end"));
        Assert.Equal(["tenant.created", "tenant.activated"], await AuditActionsAsync(tenant));
    }

    [Theory]
    [InlineData("""{"contract_start":"2026-13-01"}""")]
    [InlineData("""{"contract_end":"31.12.2026"}""")]
    [InlineData("""{"contract_end":"2026-12-31T00:00:00Z"}""")]
    [InlineData("""{"plan":7}""")]
    [InlineData("""{"plan":""")]
    public async Task Malformed_activation_bodies_are_rejected(string body)
    {
        var tenant = await CreateAsync();

        var response = await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/activate", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_input", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task Cancelling_a_trial_freezes_it_now_with_the_reason_in_the_audit_log()
    {
        var tenant = await CreateAsync();

        var response = await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/cancel", """{"reason":"no budget"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("frozen", (string?)(await response.ReadObjectAsync())["status"]);
        var events = await registry.AuditEventsAsync(tenant);
        Assert.Equal("tenant.cancelled", events[^1].Action);
        Assert.Equal("no budget", (string?)JsonNode.Parse(events[^1].Metadata!)!["reason"]);
    }

    [Fact]
    public async Task Cancelling_at_period_end_schedules_the_freeze_for_the_contract_end()
    {
        var tenant = await CreateAsync();
        var contractEnd = DateOnly.FromDateTime(registry.App.Clock.GetUtcNow().UtcDateTime.AddDays(40));
        await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/activate", $$"""{"contract_end":"{{contractEnd:yyyy-MM-dd}}"}""");

        var response = await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/cancel", """{"reason":"moving on","at_period_end":true}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("active", (string?)(await response.ReadObjectAsync())["status"]);
        var stored = await registry.WithStoreAsync(db => db.Tenants.FirstAsync(t => t.Id == Guid.Parse((string)tenant["id"]!)));
        Assert.Equal(contractEnd, stored.FreezeScheduledOn);
        var scheduled = (await registry.AuditEventsAsync(tenant))[^1];
        Assert.Equal("tenant.cancel_scheduled", scheduled.Action);
        Assert.Equal($"{contractEnd:yyyy-MM-dd}", (string?)JsonNode.Parse(scheduled.Metadata!)!["effective_date"]);
    }

    [Fact]
    public async Task Cancelling_at_period_end_without_a_future_contract_end_freezes_now()
    {
        var tenant = await CreateAsync();
        await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/activate", """{"contract_end":"2020-01-31"}""");

        var response = await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/cancel", """{"at_period_end":true}""");

        Assert.Equal("frozen", (string?)(await response.ReadObjectAsync())["status"]);
        Assert.Equal("tenant.cancelled", (await AuditActionsAsync(tenant))[^1]);
    }

    [Fact]
    public async Task Cancelling_a_frozen_or_archived_tenant_changes_nothing()
    {
        var frozen = await CreateAsync();
        var first = await (await client.PostAsync($"/v1/tenants/{frozen["id"]}/cancel", null)).ReadObjectAsync();
        var archived = await client.CreateArchivedTenantAsync();
        var archivedEvents = await AuditActionsAsync(archived);
        registry.App.Clock.Advance(TimeSpan.FromMinutes(1));

        var again = await client.PostAsync($"/v1/tenants/{frozen["id"]}/cancel", null);
        var ofArchived = await client.PostJsonAsync($"/v1/tenants/{archived["id"]}/cancel", """{"reason":"x"}""");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.ToJsonString(), (await again.ReadObjectAsync()).ToJsonString());
        Assert.Equal(HttpStatusCode.OK, ofArchived.StatusCode);
        Assert.Equal("archived", (string?)(await ofArchived.ReadObjectAsync())["status"]);
        Assert.Equal(["tenant.created", "tenant.cancelled"], await AuditActionsAsync(frozen));
        Assert.Equal(["tenant.created", "tenant.cancelled", "tenant.archived"], archivedEvents);
        Assert.Equal(archivedEvents, await AuditActionsAsync(archived));
    }

    [Theory]
    [InlineData("application/json", "{not json")]
    [InlineData("application/json", """{"at_period_end":"yes"}""")]
    [InlineData("text/plain", "cancel please")]
    public async Task Malformed_cancel_body_is_bad_input(string contentType, string body)
    {
        var tenant = await CreateAsync();

        var response = await client.PostAsync($"/v1/tenants/{tenant["id"]}/cancel", new StringContent(body, System.Text.Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_input", await response.ErrorCodeAsync());
        Assert.Equal("trial", (string?)(await (await client.GetAsync($"/v1/tenants/{tenant["id"]}")).ReadObjectAsync())["status"]);
    }

    [Fact]
    public async Task Parallel_activate_and_cancel_leave_one_audit_event_per_applied_change()
    {
        var tenant = await CreateAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => registry.CreateClient()
            .PostAsync($"/v1/tenants/{tenant["id"]}/{(i % 2 == 0 ? "activate" : "cancel")}", null)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var final = await (await client.GetAsync($"/v1/tenants/{tenant["id"]}")).ReadObjectAsync();
        var actions = await AuditActionsAsync(tenant);
        Assert.Equal(5, actions.Count(a => a == "tenant.activated"));
        Assert.InRange(actions.Count(a => a == "tenant.cancelled"), 1, 5);
        var lastChange = actions[^1] == "tenant.activated" ? "active" : "frozen";
        Assert.Equal(lastChange, (string?)final["status"]);
    }

    [Fact]
    public async Task The_generated_client_sdk_creates_and_reads_tenants()
    {
        var sdk = new TenantRegistry.Client.TenantsClient(client);

        var created = await sdk.CreateTenantAsync(new TenantRegistry.Client.TenantCreate { Slug = NewSlug(), Name = "Via SDK" });
        var read = await sdk.GetTenantBySlugAsync(created.Slug);
        var missing = await Assert.ThrowsAsync<TenantRegistry.Client.TenantRegistryApiException<TenantRegistry.Client.ApiError>>(
            () => sdk.GetTenantAsync(Guid.NewGuid()));

        Assert.Equal(created.Id, read.Id);
        Assert.Equal(TenantRegistry.Client.TenantStatus.Trial, read.Status);
        Assert.Equal(404, missing.StatusCode);
        Assert.Equal("not_found", missing.Result.Error);
    }

    private static string NewSlug() => "t-" + Guid.NewGuid().ToString("N")[..16];

    private async Task<JsonObject> CreateAsync(string? kind = null, string? plan = null, string? salesOwner = null, string name = "Tenant")
    {
        var body = new JsonObject { ["slug"] = NewSlug(), ["name"] = name };
        if (kind is not null)
        {
            body["kind"] = kind;
        }

        if (plan is not null)
        {
            body["plan"] = plan;
        }

        if (salesOwner is not null)
        {
            body["sales_owner"] = salesOwner;
        }

        var response = await client.PostJsonAsync("/v1/tenants", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    private async Task<List<string>> AuditActionsAsync(JsonObject tenant) =>
        (await registry.AuditEventsAsync(tenant)).Select(e => e.Action).ToList();
}

public sealed class TenantContractTestsOnSqlite(SqliteRegistry registry) : TenantContractTests(registry), IClassFixture<SqliteRegistry>;

public sealed class TenantContractTestsOnPostgres(PostgresRegistry registry) : TenantContractTests(registry), IClassFixture<PostgresRegistry>;
