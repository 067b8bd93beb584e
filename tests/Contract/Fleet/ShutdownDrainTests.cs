using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TenantRegistry.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Fleet;

/// <summary>
/// With Shutdown:DrainDelay, SIGTERM first turns /readyz red while everything else is still served, so a balancer
/// takes the instance out of rotation before it stops listening (docs/operations.md#rolling-deploys-drain-before-stopping-warm-before-serving).
/// </summary>
public sealed class ShutdownDrainTests
{
    [Fact]
    public async Task After_sigterm_readyz_says_draining_while_requests_are_still_served_then_the_process_exits()
    {
        await using var service = await ServiceProcess.StartAsync(StoreSettings.FreshSqlite(("Shutdown:DrainDelay", "00:00:10"),
            // Each rehearsed request once: repeating the hottest until the JIT settles takes up to 25 s, not this test's subject.
            ("Rehearsal:JitSettleTimeout", "00:00:00")));
        using var client = new HttpClient { BaseAddress = service.Address };
        // Listening is not ready yet: the start-up rehearsal runs first (docs/operations.md#warm-before-serving-the-start-up-rehearsal).
        Assert.True(await Eventually.HoldsAsync(async () => (await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK),
            "the instance did not become ready:\n" + service.Output);

        service.Terminate();
        HttpResponseMessage? readiness = null;
        Assert.True(await Eventually.HoldsAsync(async () => (readiness = await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.ServiceUnavailable),
            "/readyz stayed green after SIGTERM:\n" + service.Output);
        var body = JsonNode.Parse(await readiness!.Content.ReadAsStringAsync())!;
        var catalog = await client.GetAsync("/v1/catalog");
        var exitCode = await service.ExitCodeAsync(TimeSpan.FromSeconds(40));

        Assert.Equal("unavailable", (string?)body["error"]);
        Assert.Equal("draining", (string?)body["message"]);
        Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{service.Output}");
    }

    /// <summary>One place decides readiness: an instance told to stop while its warm-up still runs is leaving, and
    /// says so, rather than "warming" as if it would soon be ready.</summary>
    [Fact]
    public async Task An_instance_stopped_while_still_warming_says_draining()
    {
        await using var registry = new RegistryApp(
            StoreSettings.FreshSqlite(("Shutdown:DrainDelay", "00:00:05"), ("ApiKeys:WarmupTimeout", "00:05:00")));
        await using var app = registry.WithWebHostBuilder(host => host.ConfigureTestServices(services =>
            services.AddSingleton<IVerdictSource, NeverLoadingVerdictSource>()));
        using var client = app.CreateDefaultClient(new ValidatingHandler { AcceptUnavailable = true });
        Assert.True(await Eventually.HoldsAsync(async () => await ReadinessMessageAsync(client) == "warming"),
            "/readyz did not say warming while the warm-up could not finish");

        var stopping = app.Services.GetRequiredService<IHost>().StopAsync();
        Assert.True(await Eventually.HoldsAsync(async () => await ReadinessMessageAsync(client) == "draining"),
            "/readyz did not say draining once the instance was stopping");
        await stopping;
    }

    private static async Task<string?> ReadinessMessageAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/readyz");
        return response.StatusCode == HttpStatusCode.ServiceUnavailable ? (string?)(await response.ReadObjectAsync())["message"] : null;
    }

    /// <summary>A warm-up read that never ends before the instance stops: the instance stays warming.</summary>
    private sealed class NeverLoadingVerdictSource : IVerdictSource
    {
        public async IAsyncEnumerable<VerdictRow> MostRecentlyUsedAsync(int limit, DateTimeOffset now,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }
    }
}
