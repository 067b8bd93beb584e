using System.Net;
using TenantRegistry.Contract.Tests.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Logging;

/// <summary>
/// The log tells what happened to the business: one Information line per committed event, with its ids, and nothing
/// for a refused change; never a key's plaintext nor the caller's free text.
/// </summary>
public sealed class BusinessLogTests
{
    private const string Category = "TenantRegistry.Store.BusinessEvents";

    [Fact]
    public async Task Every_business_event_is_one_information_line_with_ids_and_no_secret()
    {
        var logs = new CapturedLogs();
        await using var app = new RegistryApp(StoreSettings.FreshSqlite(), logs);
        using var client = app.CreateDefaultClient(new ValidatingHandler());
        var tenant = await client.CreateTenantAsync();
        var tenantId = tenant.Id();
        var slug = (string)tenant["slug"]!;
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/v1/catalog/trial-request", $$"""{"tenant_id":"{{tenantId}}","product":"compliance-scanner"}""")).StatusCode);
        var key = await client.IssueKeyAsync(tenantId, ""","name":"secret-looking name","product":"compliance-scanner" """);
        var keyId = (string)key["api_key"]!["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v1/tenants/{tenantId}/activate", null)).StatusCode);
        var rotated = await client.PostJsonAsync($"/v1/api-keys/{keyId}/rotate", """{"grace_period_seconds":0}""");
        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        var newKey = await rotated.ReadObjectAsync();
        var newKeyId = (string)newKey["api_key"]!["id"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/api-keys/{newKeyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/v1/tenants/{tenantId}/cancel", """{"reason":"a reason with a customer's words"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/v1/tenants/{tenantId}/archive", "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostJsonAsync("/v1/tenants", $$"""{"slug":"{{slug}}","name":"again"}""")).StatusCode);

        var lines = logs.Lines.Where(line => line.Contains(Category, StringComparison.Ordinal)).Select(line => line.TrimEnd()).ToList();

        Assert.Equal(
        [
            $"Information {Category}: tenant.created: tenant {tenantId} ({slug}), product none, by api",
            $"Information {Category}: catalog.trial_started: tenant {tenantId} ({slug}), product compliance-scanner, by api",
            $"Information {Category}: api_key.created: api_key {keyId} of tenant {tenantId}, product compliance-scanner, by api",
            $"Information {Category}: tenant.activated: tenant {tenantId} ({slug}), product none, by api",
            $"Information {Category}: api_key.created: api_key {newKeyId} of tenant {tenantId}, product compliance-scanner, by api",
            $"Information {Category}: api_key.rotated: api_key {keyId} of tenant {tenantId}, product compliance-scanner, by api",
            $"Information {Category}: api_key.revoked: api_key {newKeyId} of tenant {tenantId}, product compliance-scanner, by api",
            $"Information {Category}: tenant.cancelled: tenant {tenantId} ({slug}), product none, by api",
            $"Information {Category}: tenant.archived: tenant {tenantId} ({slug}), product none, by api",
        ], lines);
        var everything = string.Join('\n', logs.Lines);
        Assert.DoesNotContain(((string)key["plaintext"]!)[16..], everything);
        Assert.DoesNotContain(((string)newKey["plaintext"]!)[16..], everything);
        Assert.DoesNotContain("secret-looking name", everything);
        Assert.DoesNotContain("a customer's words", everything);
    }

    [Fact]
    public async Task A_sweeper_transition_is_logged_as_done_by_the_system()
    {
        var logs = new CapturedLogs();
        await using var app = new RegistryApp(StoreSettings.FreshSqlite(), logs);
        using var client = app.CreateDefaultClient(new ValidatingHandler());
        var tenant = await client.CreateTenantAsync();
        var expected = $"Information {Category}: tenant.trial_expired: tenant {tenant.Id()} ({tenant["slug"]}), product none, by system";

        // The hosted sweeper runs on the test clock: moving it past the trial's end and an interval wakes it.
        app.Clock.Advance(TimeSpan.FromDays(15));

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(logs.Lines.Any(line => line.TrimEnd() == expected))),
            "no sweeper line; business lines seen:\n" + string.Join('\n', logs.Lines.Where(line => line.Contains(Category, StringComparison.Ordinal))));
    }
}
