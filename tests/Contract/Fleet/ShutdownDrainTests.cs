using System.Net;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Fleet;

/// <summary>
/// With Shutdown:DrainDelay, SIGTERM first turns /readyz red while everything else is still served, so a balancer
/// takes the instance out of rotation before it stops listening (docs/operations.md#rolling-deploys-drain-before-stopping).
/// </summary>
public sealed class ShutdownDrainTests
{
    [Fact]
    public async Task After_sigterm_readyz_says_shutting_down_while_requests_are_still_served_then_the_process_exits()
    {
        await using var service = await ServiceProcess.StartAsync(StoreSettings.FreshSqlite(("Shutdown:DrainDelay", "00:00:10")));
        using var client = new HttpClient { BaseAddress = service.Address };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        service.Terminate();
        HttpResponseMessage? readiness = null;
        Assert.True(await Eventually.HoldsAsync(async () => (readiness = await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.ServiceUnavailable),
            "/readyz stayed green after SIGTERM:\n" + service.Output);
        var body = JsonNode.Parse(await readiness!.Content.ReadAsStringAsync())!;
        var catalog = await client.GetAsync("/v1/catalog");
        var exitCode = await service.ExitCodeAsync(TimeSpan.FromSeconds(40));

        Assert.Equal("unavailable", (string?)body["error"]);
        Assert.Equal("the instance is shutting down", (string?)body["message"]);
        Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{service.Output}");
    }
}
