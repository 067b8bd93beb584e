using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Fleet;

/// <summary>
/// Three service processes on one PostgreSQL database behind HAProxy (bench/fleet/haproxy.cfg), and one instance of it
/// failing at a time. Short versions of what bench/Fleet measures at length (docs/operations.md#a-fleet-behind-a-load-balancer):
/// what callers see through the balancer, and that nothing answered 2xx is lost.
/// </summary>
public sealed class FleetFailureTests(FleetFailureTests.Fleet fleet) : IClassFixture<FleetFailureTests.Fleet>
{
    private const int Workers = 4;
    private static readonly TimeSpan LoadBeforeFailure = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan LoadAfterFailure = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task Sigkill_of_an_instance_under_load_fails_only_requests_in_flight_on_it_and_every_2xx_is_durable()
    {
        var load = await FleetLoad.PrepareAsync(fleet.Client, Workers, verifyTenants: 2);
        double killStarted = 0, killEnded = 0;
        await RunLoadAroundAsync(load, async () =>
        {
            killStarted = load.Now;
            await fleet.Instances.KillAsync(2);
            killEnded = load.Now;
        });
        await fleet.Instances.StartInstanceAsync(2);
        await fleet.Instances.WaitUntilInRotationAsync(2);

        Assert.True(load.Requests > 0, "the load sent nothing");
        var notInFlight = load.Failures.Where(failure => failure.Started > killEnded || failure.Ended < killStarted).ToList();
        Assert.True(notInFlight.Count == 0, $"failures not in flight at the kill ({killStarted:F3}..{killEnded:F3} s): {string.Join(", ", notInFlight)}");
        Assert.Equal(0, (await load.CheckDurableAsync(fleet.Instances.ConnectionString)).Lost);
    }

    [Fact]
    public async Task Sigterm_of_an_instance_under_load_fails_no_request()
    {
        var load = await FleetLoad.PrepareAsync(fleet.Client, Workers, verifyTenants: 2);
        int? exitCode = null;
        await RunLoadAroundAsync(load, async () =>
        {
            exitCode = await fleet.Instances.TerminateAsync(1, TimeSpan.FromSeconds(30));
            await fleet.Instances.StartInstanceAsync(1);
            await fleet.Instances.WaitUntilInRotationAsync(1);
        });

        Assert.Equal(0, exitCode);
        Assert.True(load.Requests > 0, "the load sent nothing");
        Assert.True(load.Failures.Count == 0, "failed requests: " + string.Join(", ", load.Failures));
        Assert.Equal(0, (await load.CheckDurableAsync(fleet.Instances.ConnectionString)).Lost);
    }

    [Fact]
    public async Task Sigkill_of_the_sweep_lock_holder_mid_sweep_leaves_the_rest_to_another_instance_without_applying_a_transition_twice()
    {
        const int dueTrials = 1000;
        var store = new FleetStore(fleet.Instances.ConnectionString);
        var batch = await store.SeedDueTrialsAsync(dueTrials);
        string? holder = null;
        Assert.True(await Eventually.HoldsAsync(async () => (holder = await store.SweepLockHolderAsync()) is not null, TimeSpan.FromSeconds(30)),
            "no instance took the sweep lock");
        var killed = Enumerable.Range(0, fleet.Instances.Count).Single(i => BalancedFleet.Name(i) == holder);
        await fleet.Instances.KillAsync(killed);
        var dueAtKill = (await store.SweepOutcomeAsync(batch)).StillDue;

        Assert.True(dueAtKill > 0, "the sweep finished before the kill: seed more due trials");
        string? successor = null;
        Assert.True(await Eventually.HoldsAsync(async () => (successor = await store.SweepLockHolderAsync()) is not null and not "" && successor != holder
            || (await store.SweepOutcomeAsync(batch)).StillDue == 0, TimeSpan.FromSeconds(30)), "no other instance took the sweep lock");
        Assert.True(await Eventually.HoldsAsync(async () => (await store.SweepOutcomeAsync(batch)).StillDue == 0, TimeSpan.FromSeconds(60)),
            "the other instances did not finish the sweep");
        Assert.Equal(new SweepOutcome(0, dueTrials, 0), await store.SweepOutcomeAsync(batch));
        await fleet.Instances.StartInstanceAsync(killed);
        await fleet.Instances.WaitUntilInRotationAsync(killed);
    }

    private static async Task RunLoadAroundAsync(FleetLoad load, Func<Task> failure)
    {
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        await Task.Delay(LoadBeforeFailure);
        await failure();
        await Task.Delay(LoadAfterFailure);
        await stop.CancelAsync();
        await running;
    }

    /// <summary>The fleet of three on a database of the shared cluster, sweeping every 2 s.</summary>
    public sealed class Fleet : IAsyncLifetime
    {
        private readonly string directory = Directory.CreateTempSubdirectory("tenant-registry-fleet-").FullName;

        public BalancedFleet Instances { get; private set; } = null!;

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var connectionString = await PostgresCluster.Shared.CreateDatabaseAsync();
            Instances = await BalancedFleet.StartAsync(connectionString, directory, extraSettings: new Dictionary<string, string?>
            {
                ["Sweeper:Interval"] = "00:00:02",
                ["ApiKeys:VerifyRateLimit"] = "0",
                // Each rehearsed request once: three instances repeating the hottest until the JIT settles take up to
                // 25 s each on two cores, and the warm start is not these tests' subject.
                ["Rehearsal:JitSettleTimeout"] = "00:00:00",
            });
            Client = new HttpClient { BaseAddress = Instances.Balancer.Address };
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await Instances.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }
}
