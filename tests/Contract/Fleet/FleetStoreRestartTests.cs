using System.Net;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Fleet;

/// <summary>
/// The fleet's PostgreSQL stops under load and comes back: what callers see through the balancer meanwhile is the
/// registry's 503 (or the balancer's, with the same Error body), never a broken connection; every instance comes back
/// into rotation by itself, without a restart; nothing answered 2xx is lost. The short version of bench/Fleet's
/// postgres_restart (docs/operations.md#a-fleet-behind-a-load-balancer). A cluster of its own: it stops the server.
/// </summary>
public sealed class FleetStoreRestartTests(FleetStoreRestartTests.Fleet fleet) : IClassFixture<FleetStoreRestartTests.Fleet>
{
    private const int Workers = 4;

    /// <summary>A limit for what a loaded machine does slowly, never a figure the test checks.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_postgres_restart_under_load_gives_callers_503s_only_and_every_instance_recovers_by_itself_losing_nothing()
    {
        var load = await FleetLoad.PrepareAsync(fleet.Client, Workers, verifyTenants: 2);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(load.AcknowledgedWrites > 0), Patience), "the load wrote nothing before the outage");

        fleet.Cluster.Stop();
        var failuresBefore = load.Failures.Count;
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(load.Failures.Count > failuresBefore), Patience),
            "no caller noticed that the store was down");
        fleet.Cluster.Start();

        foreach (var instance in Enumerable.Range(0, fleet.Instances.Count))
        {
            await fleet.Instances.WaitUntilInRotationAsync(instance, Patience);
        }

        var writesBeforeRecovery = load.AcknowledgedWrites;
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(load.AcknowledgedWrites > writesBeforeRecovery), Patience),
            "the load wrote nothing after the fleet was back in rotation");
        await stop.CancelAsync();
        await running;

        var broken = load.Failures.Where(failure => !failure.Outcome.StartsWith("503", StringComparison.Ordinal)).ToList();
        Assert.True(broken.Count == 0, "callers saw more than 503s: " + string.Join(", ", broken));
        Assert.Equal(0, (await load.CheckDurableAsync(fleet.Instances.ConnectionString)).Lost);
        using var direct = new HttpClient();
        foreach (var instance in Enumerable.Range(0, fleet.Instances.Count))
        {
            var address = fleet.Instances.Address(instance);
            Assert.True(await Eventually.HoldsAsync(async () => (await direct.GetAsync(new Uri(address, "/readyz"))).StatusCode == HttpStatusCode.OK, Patience),
                $"{BalancedFleet.Name(instance)} is not ready after the store came back");
        }
    }

    /// <summary>The fleet of three on a PostgreSQL cluster of its own.</summary>
    public sealed class Fleet : IAsyncLifetime
    {
        private readonly string directory = Directory.CreateTempSubdirectory("tenant-registry-fleet-").FullName;

        public PostgresCluster Cluster { get; private set; } = null!;

        public BalancedFleet Instances { get; private set; } = null!;

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Cluster = PostgresCluster.StartDedicated();
            Instances = await BalancedFleet.StartAsync(await Cluster.CreateDatabaseAsync(), directory,
                extraSettings: new Dictionary<string, string?>
                {
                    ["ApiKeys:VerifyRateLimit"] = "0",
                    // Each rehearsed request once (FleetFailureTests says why).
                    ["Rehearsal:JitSettleTimeout"] = "00:00:00",
                });
            Client = new HttpClient { BaseAddress = Instances.Balancer.Address };
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await Instances.DisposeAsync();
            Cluster.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }
}
