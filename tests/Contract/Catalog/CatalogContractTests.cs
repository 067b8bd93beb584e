using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Catalog;

/// <summary>The catalog, product requests and self-served trials over HTTP; runs once per store.</summary>
public abstract class CatalogContractTests(RegistryFixture registry)
{
    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task Catalog_lists_the_configured_products_in_their_configured_order()
    {
        var response = await client.GetAsync("/v1/catalog");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.ReadObjectAsync())["items"]!.AsArray();
        Assert.Equal(["compliance-scanner", "policy-studio", "risk-insights", "audit-vault", "sso-connector"], items.Select(i => (string)i!["key"]!));
        var vault = items.Single(i => (string?)i!["key"] == "audit-vault")!.AsObject();
        Assert.Equal("Audit Vault", (string?)vault["name"]);
        Assert.False((bool)vault["supports_trial"]!);
        Assert.Equal(["business", "enterprise"], vault["plans_required"]!.AsArray().Select(p => (string)p!));
        Assert.False(vault.ContainsKey("demo_url"), "a product without a demo has no demo_url, not a null one");
        var scanner = items[0]!.AsObject();
        Assert.Equal("https://demo.breakpilot.com/compliance-scanner", (string?)scanner["demo_url"]);
        Assert.Equal("[]", scanner["plans_required"]!.ToJsonString());
    }

    [Fact]
    public async Task The_default_catalog_has_products_with_and_without_trials_plans_and_demos()
    {
        var items = (await (await client.GetAsync("/v1/catalog")).ReadObjectAsync())["items"]!.AsArray().Select(i => i!.AsObject()).ToList();

        Assert.True(items.Count >= 5);
        Assert.Contains(items, i => (bool)i["supports_trial"]!);
        Assert.Contains(items, i => !(bool)i["supports_trial"]!);
        Assert.Contains(items, i => i["plans_required"]!.AsArray().Count > 0);
        Assert.Contains(items, i => i.ContainsKey("demo_url"));
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace((string?)i["description"])));
    }

    [Fact]
    public async Task Requesting_a_product_is_accepted_and_recorded_for_sales()
    {
        var tenant = await client.CreateTenantAsync();

        var response = await client.SendAsync(FromTenantPortal("/v1/catalog/request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"audit-vault"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var requested = Assert.Single(await registry.AuditEventsAsync(tenant, "catalog.requested"));
        Assert.Equal(tenant.Id(), requested.TenantId);
        Assert.Equal("audit-vault", requested.Product);
        Assert.Equal("api", requested.ActorType);
        Assert.Equal("tenant-portal/2.3", requested.UserAgent);
        Assert.Equal((string?)tenant["slug"], requested.TargetName);
        Assert.Equal("Audit Vault", (string?)JsonNode.Parse(requested.Metadata!)!["product_name"]);
        Assert.Equal(registry.App.Clock.GetUtcNow(), requested.CreatedAt, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Product_requests_and_trials_record_the_callers_address()
    {
        await using var behindAddress = registry.App.WithWebHostBuilder(host => host.ConfigureServices(services =>
            services.AddSingleton<IStartupFilter>(new FixedRemoteAddress(IPAddress.Parse("203.0.113.7")))));
        using var caller = behindAddress.CreateDefaultClient(new ValidatingHandler());
        var tenant = await client.CreateTenantAsync();

        await caller.PostJsonAsync("/v1/catalog/request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"sso-connector"}""");
        await caller.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"policy-studio"}""");

        var events = (await registry.AuditEventsAsync(tenant)).Where(e => e.Action.StartsWith("catalog.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["catalog.requested", "catalog.trial_started"], events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal("203.0.113.7", e.SourceIp));
        Assert.All(events, e => Assert.Equal("api", e.ActorType));
    }

    [Fact]
    public async Task Frozen_tenants_may_still_request_products()
    {
        var tenant = await client.CreateFrozenTenantAsync();

        var response = await client.PostJsonAsync("/v1/catalog/request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"policy-studio"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(await registry.AuditEventsAsync(tenant, "catalog.requested"));
    }

    [Theory]
    [InlineData("request")]
    [InlineData("trial-request")]
    public async Task Unknown_tenant_is_not_found(string operation)
    {
        var response = await client.PostJsonAsync($"/v1/catalog/{operation}", $$"""{"tenant_id":"{{Guid.NewGuid()}}","product":"policy-studio"}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await response.ReadObjectAsync();
        Assert.Equal("not_found", (string?)error["error"]);
        Assert.Contains("tenant", (string?)error["message"]);
    }

    [Theory]
    [InlineData("request", "no-such-product")]
    [InlineData("request", "Policy-Studio")]
    [InlineData("trial-request", "no-such-product")]
    [InlineData("trial-request", "policy-studio ")]
    public async Task Product_outside_the_catalog_is_not_found_and_nothing_is_recorded(string operation, string product)
    {
        var tenant = await client.CreateTenantAsync();

        var response = await client.PostJsonAsync($"/v1/catalog/{operation}", new JsonObject { ["tenant_id"] = (string?)tenant["id"], ["product"] = product });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await response.ReadObjectAsync();
        Assert.Equal("not_found", (string?)error["error"]);
        Assert.Contains("product", (string?)error["message"]);
        Assert.Equal(["tenant.created"], (await registry.AuditEventsAsync(tenant)).Select(e => e.Action));
        Assert.Equal("[]", (await EntitlementsAsync(tenant)).ToJsonString());
    }

    [Theory]
    [InlineData("request", """{"product":"policy-studio"}""")]
    [InlineData("request", """{"tenant_id":"TENANT"}""")]
    [InlineData("request", """{"tenant_id":"not-a-uuid","product":"policy-studio"}""")]
    [InlineData("request", """{"tenant_id":"TENANT","product":42}""")]
    [InlineData("request", """{"tenant_id":"TENANT","product":""}""")]
    [InlineData("request", """{"tenant_id":"TENANT","product":"   "}""")]
    [InlineData("request", """{"tenant_id":"TENANT","product":null}""")]
    [InlineData("request", """{"tenant_id":"TENANT","product":"policy-studio" """)]
    [InlineData("request", """["TENANT","policy-studio"]""")]
    [InlineData("request", "")]
    [InlineData("trial-request", """{"product":"policy-studio"}""")]
    [InlineData("trial-request", """{"tenant_id":"TENANT"}""")]
    [InlineData("trial-request", """{"tenant_id":12345,"product":"policy-studio"}""")]
    [InlineData("trial-request", """{"tenant_id":"TENANT","product":["policy-studio"]}""")]
    [InlineData("trial-request", """{"tenant_id":"TENANT","product":""}""")]
    [InlineData("trial-request", "{not json")]
    [InlineData("trial-request", "")]
    public async Task Malformed_or_incomplete_bodies_are_bad_input(string operation, string body)
    {
        var tenant = await client.CreateTenantAsync();

        var response = await client.PostJsonAsync($"/v1/catalog/{operation}", body.Replace("TENANT", (string)tenant["id"]!, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_input", await response.ErrorCodeAsync());
        Assert.Equal(["tenant.created"], (await registry.AuditEventsAsync(tenant)).Select(e => e.Action));
    }

    [Fact]
    public async Task Trial_is_an_enabled_entitlement_with_empty_config_for_exactly_14_days()
    {
        var tenant = await client.CreateTenantAsync();
        registry.App.Clock.Advance(TimeSpan.FromMinutes(3));
        var now = Now();

        var response = await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"compliance-scanner"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var trial = await response.ReadObjectAsync();
        Assert.Equal((string?)tenant["id"], (string?)trial["tenant_id"]);
        Assert.Equal("compliance-scanner", (string?)trial["product"]);
        Assert.True((bool)trial["enabled"]!);
        Assert.Equal("{}", trial["config"]!.ToJsonString());
        Assert.Equal(now.AddDays(14), DateTimeOffset.Parse((string)trial["expires_at"]!));
        Assert.Equal(now, DateTimeOffset.Parse((string)trial["created_at"]!));
        Assert.Equal(now, DateTimeOffset.Parse((string)trial["updated_at"]!));
        Assert.EndsWith("Z", (string)trial["expires_at"]!);
        Assert.Equal($"/v1/entitlements?tenant_id={tenant["id"]}", response.Headers.Location?.PathAndQuery);
        Assert.Equal(trial.ToJsonString(), Assert.Single((await EntitlementsAsync(tenant)).AsArray())!.ToJsonString());
    }

    [Fact]
    public async Task Starting_a_trial_is_recorded_in_the_audit_log()
    {
        var tenant = await client.CreateTenantAsync(kind: "demo");

        var response = await client.SendAsync(FromTenantPortal("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"risk-insights"}"""));

        var trial = await response.ReadObjectAsync();
        var started = Assert.Single(await registry.AuditEventsAsync(tenant, "catalog.trial_started"));
        Assert.Equal("risk-insights", started.Product);
        Assert.Equal("api", started.ActorType);
        Assert.Equal("tenant-portal/2.3", started.UserAgent);
        Assert.Equal(DateTimeOffset.Parse((string)trial["expires_at"]!), DateTimeOffset.Parse((string)JsonNode.Parse(started.Metadata!)!["expires_at"]!));
    }

    [Fact]
    public async Task Product_without_trial_support_refuses_a_trial()
    {
        var tenant = await client.CreateActiveTenantAsync();

        var response = await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"audit-vault"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_input", await response.ErrorCodeAsync());
        Assert.Equal("[]", (await EntitlementsAsync(tenant)).ToJsonString());
        Assert.Empty(await registry.AuditEventsAsync(tenant, "catalog.trial_started"));
    }

    [Theory]
    [InlineData("frozen")]
    [InlineData("archived")]
    public async Task Frozen_or_archived_tenant_cannot_start_a_trial(string status)
    {
        var tenant = status == "frozen" ? await client.CreateFrozenTenantAsync() : await client.CreateArchivedTenantAsync();

        var response = await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"policy-studio"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_state", await response.ErrorCodeAsync());
        Assert.Equal("[]", (await EntitlementsAsync(tenant)).ToJsonString());
        Assert.Empty(await registry.AuditEventsAsync(tenant, "catalog.trial_started"));
    }

    [Fact]
    public async Task Tenant_past_the_end_of_its_own_trial_cannot_start_a_product_trial_even_before_the_sweep()
    {
        var tenant = await client.CreateTenantAsync();
        registry.App.Clock.Advance(TimeSpan.FromDays(14));

        var response = await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"policy-studio"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_state", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task Tenant_whose_scheduled_cancellation_day_has_come_cannot_start_a_trial_even_before_the_sweep()
    {
        var contractEnd = DateOnly.FromDateTime(registry.App.Clock.GetUtcNow().UtcDateTime).AddDays(1);
        var tenant = await client.CreateActiveTenantAsync(contractEnd.ToString("yyyy-MM-dd"));
        await client.PostJsonAsync($"/v1/tenants/{tenant["id"]}/cancel", """{"at_period_end":true}""");
        registry.App.Clock.Advance(new DateTimeOffset(contractEnd.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) - registry.App.Clock.GetUtcNow());

        var response = await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"policy-studio"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_state", await response.ErrorCodeAsync());
    }

    [Theory]
    [InlineData("customer")]
    [InlineData("demo")]
    [InlineData("active")]
    public async Task Trial_demo_and_active_tenants_can_start_trials(string kind)
    {
        var tenant = kind == "active" ? await client.CreateActiveTenantAsync() : await client.CreateTenantAsync(kind);

        var response = await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"policy-studio"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Second_trial_of_the_same_product_is_refused()
    {
        var tenant = await client.CreateActiveTenantAsync();
        var first = await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"policy-studio"}""");

        var second = await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"policy-studio"}""");
        var otherProduct = await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"risk-insights"}""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("invalid_state", await second.ErrorCodeAsync());
        Assert.Equal(HttpStatusCode.Created, otherProduct.StatusCode);
        Assert.Single(await registry.AuditEventsAsync(tenant, "catalog.trial_started"), e => e.Product == "policy-studio");
    }

    [Fact]
    public async Task Trial_of_a_product_whose_trial_expired_is_refused()
    {
        var tenant = await client.CreateActiveTenantAsync();
        await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"compliance-scanner"}""");
        registry.App.Clock.Advance(TimeSpan.FromDays(15));
        await registry.SweepAsync();

        var again = await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenant["id"]}}","product":"compliance-scanner"}""");

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("invalid_state", await again.ErrorCodeAsync());
        var expired = Assert.Single((await EntitlementsAsync(tenant)).AsArray())!;
        Assert.False((bool)expired["enabled"]!);
    }

    [Fact]
    public async Task Parallel_trial_requests_grant_exactly_one_trial()
    {
        var tenant = await client.CreateActiveTenantAsync();
        var body = $$"""{"tenant_id":"{{tenant["id"]}}","product":"risk-insights"}""";

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => registry.CreateClient().PostJsonAsync("/v1/catalog/trial-request", body)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(49, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal("invalid_state", await refused.ErrorCodeAsync());
        }

        Assert.Single((await EntitlementsAsync(tenant)).AsArray());
        Assert.Single(await registry.AuditEventsAsync(tenant, "catalog.trial_started"));
    }

    [Fact]
    public async Task The_generated_client_sdk_starts_trials_and_lists_entitlements()
    {
        var tenant = await client.CreateTenantAsync();
        var catalogSdk = new TenantRegistry.Client.CatalogClient(client);
        var entitlementsSdk = new TenantRegistry.Client.EntitlementsClient(client);

        var products = await catalogSdk.ListCatalogAsync();
        var trial = await catalogSdk.StartTrialAsync(new TenantRegistry.Client.CatalogRequest { TenantId = tenant.Id(), Product = products.Items!.First(p => p.SupportsTrial).Key });
        var listed = await entitlementsSdk.ListEntitlementsAsync(tenant.Id());
        var refused = await Assert.ThrowsAsync<TenantRegistry.Client.TenantRegistryApiException<TenantRegistry.Client.ApiError>>(
            () => catalogSdk.StartTrialAsync(new TenantRegistry.Client.CatalogRequest { TenantId = tenant.Id(), Product = trial.Product }));

        Assert.True(trial.Enabled);
        Assert.Equal(trial.Product, Assert.Single(listed.Items!).Product);
        Assert.Equal(400, refused.StatusCode);
        Assert.Equal("invalid_state", refused.Result.Error);
    }

    private async Task<JsonNode> EntitlementsAsync(JsonObject tenant)
    {
        var response = await client.GetAsync($"/v1/entitlements?tenant_id={tenant["id"]}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadObjectAsync())["items"]!;
    }

    private DateTimeOffset Now()
    {
        var now = registry.App.Clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }

    private static HttpRequestMessage FromTenantPortal(string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.UserAgent.ParseAdd("tenant-portal/2.3");
        return request;
    }
}

public sealed class CatalogContractTestsOnSqlite(SqliteRegistry registry) : CatalogContractTests(registry), IClassFixture<SqliteRegistry>;

public sealed class CatalogContractTestsOnPostgres(PostgresRegistry registry) : CatalogContractTests(registry), IClassFixture<PostgresRegistry>;
