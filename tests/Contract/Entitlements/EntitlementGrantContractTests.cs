using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Entitlements;

/// <summary>PUT /v1/entitlements/{tenant_id}/{product}, and keys bound to what the tenant owns; runs once per store.</summary>
public abstract class EntitlementGrantContractTests(RegistryFixture registry)
{
    private const string Product = "audit-vault";
    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task A_grant_creates_the_entitlement_and_a_second_put_changes_it_each_with_its_event()
    {
        var tenant = await client.CreateActiveTenantAsync();
        var expiresAt = registry.App.Clock.GetUtcNow().AddDays(30).ToString("yyyy-MM-ddTHH:mm:ssZ");

        var created = await client.PutJsonAsync($"/v1/entitlements/{tenant["id"]}/{Product}", $$"""{"enabled":true,"config":{"seats":25},"expires_at":"{{expiresAt}}"}""");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var granted = await created.ReadObjectAsync();
        Assert.Equal((Product, true, 25, expiresAt), ((string)granted["product"]!, (bool)granted["enabled"]!, (int)granted["config"]!["seats"]!, (string)granted["expires_at"]!));

        var changed = await client.PutJsonAsync($"/v1/entitlements/{tenant["id"]}/{Product}", """{"enabled":false}""");

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var ended = await changed.ReadObjectAsync();
        Assert.False((bool)ended["enabled"]!);
        Assert.Equal("{}", ended["config"]!.ToJsonString());
        Assert.False(ended.ContainsKey("expires_at"), "a put without expires_at leaves none");
        Assert.Equal((string?)granted["created_at"], (string?)ended["created_at"]);
        var listed = (await (await client.GetAsync($"/v1/entitlements?tenant_id={tenant["id"]}")).ReadObjectAsync())["items"]!.AsArray();
        Assert.Equal(ended.ToJsonString(), Assert.Single(listed)!.ToJsonString());

        var events = await registry.AuditEventsAsync(tenant);
        var grantEvent = Assert.Single(events, e => e.Action == "entitlement.granted");
        Assert.Equal(Product, grantEvent.Product);
        var after = JsonNode.Parse(grantEvent.Metadata!)!["after"]!;
        Assert.Equal((true, """{"seats":25}""", DateTimeOffset.Parse(expiresAt, CultureInfo.InvariantCulture)),
            ((bool)after["enabled"]!, after["config"]!.ToJsonString(), DateTimeOffset.Parse((string)after["expires_at"]!, CultureInfo.InvariantCulture)));
        Assert.Null(JsonNode.Parse(grantEvent.Metadata!)!["before"]);
        var changeEvent = Assert.Single(events, e => e.Action == "entitlement.changed");
        var metadata = JsonNode.Parse(changeEvent.Metadata!)!;
        Assert.True((bool)metadata["before"]!["enabled"]!);
        Assert.False((bool)metadata["after"]!["enabled"]!);
    }

    [Fact]
    public async Task Grants_are_refused_for_unknown_tenants_unknown_products_archived_tenants_and_bad_bodies()
    {
        var tenant = await client.CreateTenantAsync();
        var archived = await client.CreateArchivedTenantAsync();
        var past = registry.App.Clock.GetUtcNow().AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ");

        Assert.Equal("tenant not found", await (await client.PutJsonAsync($"/v1/entitlements/{Guid.NewGuid()}/{Product}", """{"enabled":true}"""))
            .AssertErrorAsync(HttpStatusCode.NotFound, "not_found"));
        Assert.Equal("product is not in the catalog", await (await client.PutJsonAsync($"/v1/entitlements/{tenant["id"]}/no-such-product", """{"enabled":true}"""))
            .AssertErrorAsync(HttpStatusCode.NotFound, "not_found"));
        await (await client.PutJsonAsync($"/v1/entitlements/{archived["id"]}/{Product}", """{"enabled":true}""")).AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_state");
        Assert.Equal("expires_at must be in the future", await (await client.PutJsonAsync($"/v1/entitlements/{tenant["id"]}/{Product}", $$"""{"enabled":true,"expires_at":"{{past}}"}"""))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_input"));
        Assert.Equal("config must be a JSON object", await (await client.PutJsonAsync($"/v1/entitlements/{tenant["id"]}/{Product}", """{"enabled":true,"config":[1]}"""))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_input"));
        var deep = string.Concat(Enumerable.Repeat("""{"a":""", 11)) + "1" + new string('}', 11);
        Assert.Contains("nested deeper than 10 levels", await (await client.PutJsonAsync($"/v1/entitlements/{tenant["id"]}/{Product}", $$"""{"enabled":true,"config":{{deep}}}"""))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_input"));
        Assert.Empty((await (await client.GetAsync($"/v1/entitlements?tenant_id={tenant["id"]}")).ReadObjectAsync())["items"]!.AsArray());
    }

    [Fact]
    public async Task A_key_for_a_product_the_tenant_is_not_entitled_to_is_refused_at_issue()
    {
        var tenantId = (await client.CreateActiveTenantAsync()).Id();

        var response = await client.PostJsonAsync("/v1/api-keys", $$"""{"tenant_id":"{{tenantId}}","name":"x","product":"{{Product}}"}""");

        Assert.Contains($"'{Product}'", await response.AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_state"));
        await client.GrantAsync(tenantId, Product, """{"enabled":false}""");
        await (await client.PostJsonAsync("/v1/api-keys", $$"""{"tenant_id":"{{tenantId}}","name":"x","product":"{{Product}}"}"""))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_state");
        Assert.Empty((await (await client.GetAsync($"/v1/api-keys?tenant_id={tenantId}")).ReadObjectAsync())["items"]!.AsArray());
    }

    [Fact]
    public async Task A_product_key_verifies_only_while_the_entitlement_is_enabled_and_unexpired()
    {
        var tenantId = (await client.CreateActiveTenantAsync()).Id();
        var expiresAt = registry.App.Clock.GetUtcNow().AddHours(1);
        await client.GrantAsync(tenantId, Product);
        var key = (string)(await client.IssueKeyAsync(tenantId, $$""","product":"{{Product}}" """))["plaintext"]!;
        Assert.Equal(Product, (string?)JsonNode.Parse(await client.VerifyAsync(key))!["product"]);

        await client.GrantAsync(tenantId, Product, """{"enabled":false}""");
        Assert.Equal("""{"valid":false}""", await client.VerifyAsync(key));

        await client.GrantAsync(tenantId, Product, $$"""{"enabled":true,"expires_at":"{{expiresAt:yyyy-MM-ddTHH:mm:ssZ}}"}""");
        Assert.True(await client.IsValidAsync(key));
        registry.App.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("""{"valid":false}""", await client.VerifyAsync(key));
    }

    [Fact]
    public async Task A_trial_converted_to_a_paid_entitlement_keeps_its_keys_verifying_after_the_trial_would_have_ended()
    {
        var tenantId = (await client.CreateActiveTenantAsync()).Id();
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenantId}}","product":"compliance-scanner"}""")).StatusCode);
        var key = (string)(await client.IssueKeyAsync(tenantId, ""","product":"compliance-scanner" """))["plaintext"]!;
        Assert.True(await client.IsValidAsync(key));

        var converted = await client.PutJsonAsync($"/v1/entitlements/{tenantId}/compliance-scanner", """{"enabled":true,"config":{"seats":5}}""");

        Assert.Equal(HttpStatusCode.OK, converted.StatusCode);
        Assert.False((await converted.ReadObjectAsync()).ContainsKey("expires_at"));
        registry.App.Clock.Advance(TimeSpan.FromDays(15));
        await registry.SweepAsync();
        Assert.True(await client.IsValidAsync(key));
        var entitlement = Assert.Single((await (await client.GetAsync($"/v1/entitlements?tenant_id={tenantId}")).ReadObjectAsync())["items"]!.AsArray())!;
        Assert.True((bool)entitlement["enabled"]!);
    }

    [Fact]
    public async Task An_ended_entitlement_keeps_its_row_so_the_one_trial_rule_still_counts_it()
    {
        var tenantId = (await client.CreateActiveTenantAsync()).Id();
        await client.GrantAsync(tenantId, "compliance-scanner", """{"enabled":false}""");

        var trial = await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenantId}}","product":"compliance-scanner"}""");

        await trial.AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_state");
    }

    [Fact]
    public async Task Keys_without_a_product_need_no_entitlement()
    {
        var tenantId = (await client.CreateActiveTenantAsync()).Id();

        var key = (string)(await client.IssueKeyAsync(tenantId))["plaintext"]!;

        Assert.True(await client.IsValidAsync(key));
    }
}

public sealed class EntitlementGrantContractTestsOnSqlite(SqliteRegistry registry) : EntitlementGrantContractTests(registry), IClassFixture<SqliteRegistry>;

public sealed class EntitlementGrantContractTestsOnPostgres(PostgresRegistry registry) : EntitlementGrantContractTests(registry), IClassFixture<PostgresRegistry>;
