using System.Net;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.ApiKeys;

/// <summary>
/// Verify answers from memory: with the PostgreSQL server stopped after warm-up, a cached good key still verifies,
/// an unknown key gets 503 (the registry cannot know), and the process recovers when the server returns.
/// Uses a cluster of its own, because it stops the server.
/// </summary>
public sealed class ApiKeyOutageTests(DedicatedPostgres store) : IClassFixture<DedicatedPostgres>
{
    [Fact]
    public async Task A_cached_good_key_verifies_while_the_store_is_down_and_the_service_recovers()
    {
        using var client = store.App.CreateDefaultClient(new ValidatingHandler { AcceptUnavailable = true });
        var tenantId = (await client.CreateTenantAsync()).Id();
        var plaintext = (string)(await client.IssueKeyAsync(tenantId))["plaintext"]!;
        var revokedLater = await client.IssueKeyAsync(tenantId);
        Assert.True(await client.IsValidAsync(plaintext));
        Assert.True(await client.IsValidAsync((string)revokedLater["plaintext"]!));

        store.Cluster.Stop();
        var whileDown = await client.IsValidAsync(plaintext);
        var (unknownKey, _) = TenantRegistry.ApiKeys.ApiKeyFormat.Generate();
        var unknownWhileDown = await client.PostJsonAsync("/v1/internal/api-keys/verify", $$"""{"key":"{{unknownKey}}"}""");
        var revokeWhileDown = await client.DeleteAsync($"/v1/api-keys/{revokedLater["api_key"]!["id"]}");
        store.Cluster.Start();

        Assert.True(whileDown);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unknownWhileDown.StatusCode);
        Assert.Equal("unavailable", await unknownWhileDown.ErrorCodeAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, revokeWhileDown.StatusCode);
        Assert.True(await Eventually.HoldsAsync(async () =>
            (await client.DeleteAsync($"/v1/api-keys/{revokedLater["api_key"]!["id"]}")).StatusCode == HttpStatusCode.NoContent));
        Assert.True(await Eventually.HoldsAsync(async () =>
            (await client.PostJsonAsync("/v1/internal/api-keys/verify", $$"""{"key":"{{unknownKey}}"}""")).StatusCode == HttpStatusCode.OK));
        Assert.False(await client.IsValidAsync((string)revokedLater["plaintext"]!));
        Assert.True(await client.IsValidAsync(plaintext));
    }
}
