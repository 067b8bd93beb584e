using System.Diagnostics;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Fleet;

/// <summary>Each measurement of the fleet as one method; each leaves the fleet as it found it, three instances in rotation.</summary>
internal sealed class FleetScenarios(BalancedFleet fleet, PostgresCluster cluster, FleetBenchSettings settings, string token, Action<string> step)
{
    private static readonly TimeSpan PropagationGiveUp = TimeSpan.FromSeconds(10);

    private readonly HttpClient balancer = Client(fleet.Balancer.Address, settings.Workers * 2, token);

    // Instances are asked directly (not through the balancer) by absolute URIs.
    private readonly HttpClient direct = Client(null, 8, token);
    private readonly FleetStore store = new(fleet.ConnectionString);

    /// <summary>The scenarios in the order a full run measures them, by the names fleet.json and FLEET_ONLY use.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["throughput", "propagation", "sweep_lock_holder_killed", "instance_killed", "rolling_deploy", "rolling_deploy_without_drain", "postgres_restart"];

    public IEnumerable<(string Name, string Title, Func<Task<JsonNode>> Measure)> All() => Names.Select(name => name switch
    {
        "throughput" => (name, "Throughput: the mixed load on three instances against one, alternating 1, 3, 3, 1", (Func<Task<JsonNode>>)ThroughputAsync),
        "propagation" => (name, $"Propagation: {settings.Changes} revocations and {settings.Changes} freezes under load, each asked of every instance", PropagationAsync),
        "sweep_lock_holder_killed" => (name, "SIGKILL of the instance holding the sweep lock mid-sweep", SweepLockHolderKilledAsync),
        "instance_killed" => (name, "SIGKILL of an instance under load", InstanceKilledAsync),
        "rolling_deploy" => (name, "SIGTERM of each instance in turn (a rolling deploy), draining first as the fleet is configured", () => RollingDeployAsync(drain: true)),
        "rolling_deploy_without_drain" => (name, "The same rolling deploy with Shutdown:DrainDelay=0", () => RollingDeployAsync(drain: false)),
        "postgres_restart" => (name, "PostgreSQL restart under load", PostgresRestartAsync),
        _ => throw new InvalidOperationException($"no scenario {name}"),
    });

    /// <summary>The same mixed load with three instances in rotation and with one (the others in maintenance).</summary>
    public async Task<JsonNode> ThroughputAsync()
    {
        var load = await FleetLoad.PrepareAsync(balancer, settings.Workers, verifyTenants: 20);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(5)); // warm-up: JIT, pools, every verify key cached
        var runs = new JsonArray();
        var connections = new Dictionary<string, long>();
        foreach (var instances in new[] { 1, 3, 3, 1 })
        {
            await InRotationAsync(instances);
            load.TakeLatencies();
            var (requests, failures) = (load.Requests, load.Failures.Count);
            var cpuBefore = ServiceCpuSeconds();
            var balancerCpuBefore = Machine.CpuSeconds(fleet.Balancer.Id);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(settings.DurationSeconds))
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                foreach (var (name, count) in await store.ConnectionsAsync())
                {
                    connections[name] = Math.Max(connections.GetValueOrDefault(name), count);
                }
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var done = load.Requests - requests;
            var latencies = load.TakeLatencies();
            runs.Add(new JsonObject
            {
                ["instances"] = instances,
                ["requests"] = done,
                ["rps"] = Math.Round(done / seconds, 1),
                ["p50_ms"] = Machine.Percentile(latencies, 0.50),
                ["p99_ms"] = Machine.Percentile(latencies, 0.99),
                ["failed"] = load.Failures.Count - failures,
                ["service_cpu_ms_per_request"] = Math.Round((ServiceCpuSeconds() - cpuBefore) * 1000 / done, 3),
                ["balancer_cpu_ms_per_request"] = Math.Round((Machine.CpuSeconds(fleet.Balancer.Id) - balancerCpuBefore) * 1000 / done, 3),
            });
        }

        await stop.CancelAsync();
        await running;
        await InRotationAsync(3);
        double Mean(int instances, string figure) =>
            runs.Where(run => (int)run!["instances"]! == instances).Average(run => (double)run![figure]!);
        return new JsonObject
        {
            ["runs"] = runs,
            ["three_vs_one_rps"] = Math.Round(Mean(3, "rps") / Mean(1, "rps"), 2),
            ["three_vs_one_cpu_per_request"] = Math.Round(Mean(3, "service_cpu_ms_per_request") / Mean(1, "service_cpu_ms_per_request"), 2),
            ["peak_connections_by_application"] = new JsonObject(connections.OrderBy(c => c.Key).Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))),
            ["max_connections"] = (string?)await store.ScalarAsync("SHOW max_connections"),
            ["durability"] = Durability(await load.CheckDurableAsync(fleet.ConnectionString)),
        };
    }

    /// <summary>
    /// Under load: a key cached as valid on every instance is revoked, or its tenant frozen, through the balancer;
    /// from the 204/200 on, every instance is asked directly until it says valid:false. A change's figure is its
    /// slowest instance's.
    /// </summary>
    public async Task<JsonNode> PropagationAsync()
    {
        var load = await FleetLoad.PrepareAsync(balancer, settings.Workers / 2, verifyTenants: 10);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        var revocations = new List<double>();
        var freezes = new List<double>();
        for (var change = 0; change < settings.Changes; change++)
        {
            var tenant = (await FleetLoad.ArrangeAsync(balancer, HttpMethod.Post, "/v1/tenants", new { slug = $"fleet-change-{Guid.NewGuid():N}"[..39], name = "Change" }, 201))["id"]!.GetValue<string>();
            var revoked = await FleetLoad.CreateKeyAsync(balancer, tenant);
            revocations.Add(await PropagationMsAsync(revoked["plaintext"]!.GetValue<string>(),
                () => FleetLoad.ArrangeAsync(balancer, HttpMethod.Delete, $"/v1/api-keys/{revoked["api_key"]!["id"]}", null, 204)));
            var frozen = await FleetLoad.CreateKeyAsync(balancer, tenant);
            freezes.Add(await PropagationMsAsync(frozen["plaintext"]!.GetValue<string>(),
                () => FleetLoad.ArrangeAsync(balancer, HttpMethod.Post, $"/v1/tenants/{tenant}/cancel", null, 200)));
        }

        await stop.CancelAsync();
        await running;
        return new JsonObject
        {
            ["revocation"] = Summary(revocations),
            ["freeze"] = Summary(freezes),
            ["background_load"] = Statuses(load),
        };
    }

    /// <summary>
    /// Seeds trials that are due; once an instance holds the sweep lock and has frozen some, it is SIGKILLed. Another
    /// instance must take the lock and finish; every seeded tenant must end frozen with exactly one trial_expired event.
    /// </summary>
    public async Task<JsonNode> SweepLockHolderKilledAsync()
    {
        var load = await FleetLoad.PrepareAsync(balancer, 4, verifyTenants: 2);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        var batch = await store.SeedDueTrialsAsync(settings.DueTrials);
        var clock = Stopwatch.StartNew();
        string? holder;
        while ((holder = await store.SweepLockHolderAsync()) is null || (await store.SweepOutcomeAsync(batch)).StillDue == settings.DueTrials)
        {
            await Task.Delay(10);
        }

        var lockedAfter = clock.Elapsed.TotalSeconds;
        var killed = Enumerable.Range(0, fleet.Count).Single(i => BalancedFleet.Name(i) == holder);
        await fleet.KillAsync(killed);
        var killedAt = clock.Elapsed;
        var dueAtKill = (await store.SweepOutcomeAsync(batch)).StillDue;
        string? successor;
        while ((successor = await store.SweepLockHolderAsync()) is null or "" || successor == holder)
        {
            await Task.Delay(10);
        }

        var takeover = clock.Elapsed - killedAt;
        while ((await store.SweepOutcomeAsync(batch)).StillDue > 0)
        {
            await Task.Delay(50);
        }

        var finished = clock.Elapsed - killedAt;
        await stop.CancelAsync();
        await running;
        var outcome = await store.SweepOutcomeAsync(batch);
        await fleet.StartInstanceAsync(killed);
        await fleet.WaitUntilInRotationAsync(killed);
        return new JsonObject
        {
            ["due_trials"] = settings.DueTrials,
            ["sweep_interval_s"] = settings.SweepIntervalSeconds,
            ["holder"] = holder,
            ["lock_seen_after_seed_s"] = Math.Round(lockedAfter, 2),
            ["due_at_kill"] = dueAtKill,
            ["successor"] = successor,
            ["takeover_after_kill_s"] = Math.Round(takeover.TotalSeconds, 2),
            ["all_frozen_after_kill_s"] = Math.Round(finished.TotalSeconds, 2),
            ["frozen_once"] = outcome.FrozenOnce,
            ["applied_twice"] = outcome.AppliedTwice,
            ["lost"] = settings.DueTrials - outcome.FrozenOnce - outcome.AppliedTwice,
            ["load"] = Statuses(load),
            ["durability"] = Durability(await load.CheckDurableAsync(fleet.ConnectionString)),
        };
    }

    /// <summary>Five seconds of load, SIGKILL of registry-2, five more, a restart, three more.</summary>
    public async Task<JsonNode> InstanceKilledAsync()
    {
        var load = await FleetLoad.PrepareAsync(balancer, settings.Workers, verifyTenants: 10);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var killStarted = load.Now;
        await fleet.KillAsync(1);
        var killEnded = load.Now;
        await Task.Delay(TimeSpan.FromSeconds(5));
        await fleet.StartInstanceAsync(1);
        await fleet.WaitUntilInRotationAsync(1);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await running;
        var inFlight = load.Failures.Count(f => f.Started <= killEnded && f.Ended >= killStarted);
        return new JsonObject
        {
            ["load"] = Statuses(load),
            ["failed_in_flight_at_kill"] = inFlight,
            ["failed_otherwise"] = load.Failures.Count - inFlight,
            ["durability"] = Durability(await load.CheckDurableAsync(fleet.ConnectionString)),
        };
    }

    /// <summary>
    /// Under load, each instance in turn: SIGTERM, wait for its exit, start it again, wait until the balancer has it
    /// in rotation. <paramref name="drain"/> false first restarts each instance with Shutdown:DrainDelay=0 (the
    /// service's default) and rolls those; either way the fleet ends with its own settings.
    /// </summary>
    public async Task<JsonNode> RollingDeployAsync(bool drain)
    {
        var noDrain = new Dictionary<string, string?> { ["Shutdown:DrainDelay"] = "00:00:00" };
        if (!drain)
        {
            await RollAsync(noDrain, () => 0);
        }

        var load = await FleetLoad.PrepareAsync(balancer, settings.Workers, verifyTenants: 10);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var clock = Stopwatch.StartNew();
        var (exitCodes, inRotationAfterStart, timeline) = await RollAsync(null, () => load.Now);
        var rolled = clock.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await running;
        return new JsonObject
        {
            ["drain_delay_s"] = drain ? BalancedFleet.DrainDelay.TotalSeconds : 0,
            ["roll_s"] = Math.Round(rolled, 1),
            ["exit_codes"] = new JsonArray(exitCodes.Select(code => (JsonNode?)code).ToArray()),
            ["in_rotation_after_start_s"] = new JsonArray(inRotationAfterStart.Select(s => (JsonNode?)Math.Round(s, 1)).ToArray()),
            ["load"] = Statuses(load),
            // In the load's time base (seconds): when each step of the roll happened and when each failed request ran,
            // to tell a failure of the deploy from one of an overloaded machine.
            ["timeline_s"] = new JsonArray(timeline.Select(e => (JsonNode?)FormattableString.Invariant($"{e.At:F2} {e.What}")).ToArray()),
            ["failures"] = new JsonArray(load.Failures.OrderBy(f => f.Started).Take(50).Select(f => (JsonNode?)FormattableString.Invariant($"{f.Started:F2}..{f.Ended:F2} {f.Operation} {f.Outcome}")).ToArray()),
            ["durability"] = Durability(await load.CheckDurableAsync(fleet.ConnectionString)),
        };
    }

    /// <summary>
    /// Under load: two keys are confirmed valid on every instance, then PostgreSQL stops (fast shutdown) for the
    /// stale-verdict bound plus 3 s. Meanwhile every instance is asked directly about the first key: a valid:true to a
    /// request that started after its last confirmation plus ApiKeys:ServeStaleFor breaks the bound. PostgreSQL comes
    /// back; the second key is revoked behind the service's back (SQL), and every instance is asked until it says so.
    /// </summary>
    public async Task<JsonNode> PostgresRestartAsync()
    {
        var load = await FleetLoad.PrepareAsync(balancer, settings.Workers / 2, verifyTenants: 10);
        var tenant = await FleetLoad.CreateActiveTenantAsync(balancer, "fleet-outage");
        var stale = (await FleetLoad.CreateKeyAsync(balancer, tenant))["plaintext"]!.GetValue<string>();
        var revoked = await FleetLoad.CreateKeyAsync(balancer, tenant);
        var revokedPlaintext = revoked["plaintext"]!.GetValue<string>();
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var clock = Stopwatch.StartNew();
        var confirmed = new double[fleet.Count];
        foreach (var instance in Enumerable.Range(0, fleet.Count))
        {
            await PrimeAsync(instance, revokedPlaintext);
            await PrimeAsync(instance, stale);
            confirmed[instance] = clock.Elapsed.TotalSeconds;
        }

        var bound = settings.ServeStaleForSeconds;
        using var outageOver = new CancellationTokenSource();
        var probes = Enumerable.Range(0, fleet.Count).Select(instance => Task.Run(() => ProbeStaleAsync(instance, stale, clock, confirmed[instance] + bound, outageOver.Token))).ToArray();
        var stoppedAt = clock.Elapsed.TotalSeconds;
        var loadStoppedAt = load.Now;
        cluster.Stop();
        var downFor = TimeSpan.FromSeconds(bound + 3) - (clock.Elapsed - TimeSpan.FromSeconds(stoppedAt));
        if (downFor > TimeSpan.Zero)
        {
            await Task.Delay(downFor);
        }

        cluster.Start();
        var startedAt = clock.Elapsed.TotalSeconds;
        var loadStartedAt = load.Now;
        await outageOver.CancelAsync();
        var staleProbes = await Task.WhenAll(probes);
        await store.ScalarAsync("UPDATE api_keys SET revoked_at = now() WHERE id = @id::uuid", ("id", revoked["api_key"]!["id"]!.GetValue<string>()));
        var revokedAt = clock.Elapsed.TotalSeconds;
        var seenRevoked = await Task.WhenAll(Enumerable.Range(0, fleet.Count).Select(instance => UntilAsync(clock,
            async () => await FleetLoad.VerifyAsync(direct, fleet.Address(instance), revokedPlaintext) == false)));
        var ready = await Task.WhenAll(Enumerable.Range(0, fleet.Count).Select(instance => UntilAsync(clock,
            async () => (await direct.GetAsync(new Uri(fleet.Address(instance), "/readyz"))).IsSuccessStatusCode)));
        await Task.Delay(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await running;
        var lastFailureEnded = load.Failures.Where(f => f.Ended >= loadStoppedAt).Select(f => (double?)f.Ended).Max();
        return new JsonObject
        {
            ["serve_stale_for_s"] = bound,
            ["failed_before_stop"] = load.Failures.Count(f => f.Ended < loadStoppedAt),
            ["failed_from_stop_on"] = load.Failures.Count(f => f.Ended >= loadStoppedAt),
            ["failures_through_balancer_ended_after_start_s"] = lastFailureEnded is { } lastEnded && lastEnded > loadStartedAt ? Math.Round(lastEnded - loadStartedAt, 2) : 0,
            ["load_after_last_failure_s"] = Math.Round(load.Now - Math.Max(lastFailureEnded ?? loadStartedAt, loadStartedAt), 1),
            ["down_s"] = Math.Round(startedAt - stoppedAt, 1),
            ["stale_valid_answers"] = staleProbes.Sum(p => p.ValidWithinBound),
            ["valid_answers_beyond_bound"] = staleProbes.Sum(p => p.ValidBeyondBound),
            ["last_stale_valid_after_confirmation_s"] = staleProbes.Max(p => p.LastValidAfterBound) is { } last ? Math.Round(last + bound, 2) : null,
            ["unavailable_answers"] = staleProbes.Sum(p => p.Unavailable),
            ["ready_again_after_start_s"] = new JsonArray(ready.Select(t => (JsonNode?)Math.Round(t - startedAt, 2)).ToArray()),
            ["revoked_behind_the_service_seen_after_s"] = new JsonArray(seenRevoked.Select(t => (JsonNode?)Math.Round(t - revokedAt, 3)).ToArray()),
            ["load"] = Statuses(load),
            ["durability"] = Durability(await load.CheckDurableAsync(fleet.ConnectionString)),
        };
    }

    /// <summary>
    /// One instance at a time: SIGTERM (it drains, as configured), its exit, a new process, and the balancer's checks
    /// finding it ready (warm-up done) before the next one goes. Returns the exit codes and how long each new process
    /// took from its start to being in rotation.
    /// </summary>
    private async Task<(int?[] ExitCodes, double[] InRotationAfterStart, List<(double At, string What)> Timeline)> RollAsync(
        IReadOnlyDictionary<string, string?>? overrides, Func<double> now)
    {
        var exitCodes = new int?[fleet.Count];
        var inRotation = new double[fleet.Count];
        var timeline = new List<(double At, string What)>();
        foreach (var instance in Enumerable.Range(0, fleet.Count))
        {
            var name = BalancedFleet.Name(instance);
            step($"  SIGTERM {name}");
            timeline.Add((now(), $"{name} SIGTERM"));
            exitCodes[instance] = await fleet.TerminateAsync(instance, TimeSpan.FromSeconds(40));
            timeline.Add((now(), $"{name} exited {exitCodes[instance]}"));
            var started = Stopwatch.StartNew();
            await fleet.StartInstanceAsync(instance, overrides);
            timeline.Add((now(), $"{name} listening"));
            await fleet.WaitUntilInRotationAsync(instance, TimeSpan.FromSeconds(90));
            inRotation[instance] = started.Elapsed.TotalSeconds;
            timeline.Add((now(), $"{name} in rotation"));
        }

        return (exitCodes, inRotation, timeline);
    }

    private async Task<double> PropagationMsAsync(string key, Func<Task<JsonNode>> change)
    {
        foreach (var instance in Enumerable.Range(0, fleet.Count))
        {
            await PrimeAsync(instance, key);
        }

        await change();
        var changed = Stopwatch.GetTimestamp();
        var seen = await Task.WhenAll(Enumerable.Range(0, fleet.Count).Select(async instance =>
        {
            while (await FleetLoad.VerifyAsync(direct, fleet.Address(instance), key) != false)
            {
                if (Stopwatch.GetElapsedTime(changed) > PropagationGiveUp)
                {
                    break;
                }
            }

            return Stopwatch.GetElapsedTime(changed).TotalMilliseconds;
        }));
        return seen.Max();
    }

    /// <summary>Verifies the key at the instance until it says valid (it then has the verdict cached).</summary>
    private async Task PrimeAsync(int instance, string key)
    {
        var deadline = Stopwatch.StartNew();
        while (await FleetLoad.VerifyAsync(direct, fleet.Address(instance), key) != true)
        {
            if (deadline.Elapsed > PropagationGiveUp)
            {
                throw new InvalidOperationException($"{BalancedFleet.Name(instance)} does not verify a new key");
            }

            await Task.Delay(20);
        }
    }

    private async Task<StaleProbe> ProbeStaleAsync(int instance, string key, Stopwatch clock, double boundEnds, CancellationToken outageOver)
    {
        var probe = new StaleProbe();
        while (!outageOver.IsCancellationRequested)
        {
            var started = clock.Elapsed.TotalSeconds;
            bool? valid;
            try
            {
                valid = await FleetLoad.VerifyAsync(direct, fleet.Address(instance), key, CancellationToken.None);
            }
            catch (HttpRequestException)
            {
                valid = null;
            }

            if (valid == true && started > boundEnds)
            {
                probe.ValidBeyondBound++;
            }
            else if (valid == true)
            {
                probe.ValidWithinBound++;
                probe.LastValidAfterBound = Math.Max(probe.LastValidAfterBound ?? double.MinValue, started - boundEnds);
            }
            else if (valid is null)
            {
                probe.Unavailable++;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        return probe;
    }

    private static async Task<double> UntilAsync(Stopwatch clock, Func<Task<bool>> condition)
    {
        var giveUp = clock.Elapsed + TimeSpan.FromSeconds(60);
        while (clock.Elapsed < giveUp)
        {
            try
            {
                if (await condition())
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not yet.
            }

            await Task.Delay(10);
        }

        return clock.Elapsed.TotalSeconds;
    }

    private async Task InRotationAsync(int instances)
    {
        foreach (var instance in Enumerable.Range(0, fleet.Count))
        {
            var state = instance < instances ? "ready" : "maint";
            await fleet.Balancer.SetServerStateAsync(BalancedFleet.Name(instance), state);
            await fleet.Balancer.SetServerStateAsync(BalancedFleet.Name(instance) + "-alive", state);
        }

        await Eventually.HoldsAsync(async () => (await fleet.Balancer.ServerStatesAsync())
            .Count(server => server.Value == "UP" && !server.Key.EndsWith("-alive", StringComparison.Ordinal)) == instances, TimeSpan.FromSeconds(30));
    }

    private double ServiceCpuSeconds() => Enumerable.Range(0, fleet.Count).Sum(instance => Machine.CpuSeconds(fleet.Process(instance).Id));

    private static JsonObject Summary(List<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        return new JsonObject
        {
            ["changes"] = sorted.Count,
            ["p50_ms"] = Machine.Percentile(sorted, 0.50),
            ["p99_ms"] = Machine.Percentile(sorted, 0.99),
            ["max_ms"] = Machine.Percentile(sorted, 1.0),
            ["over_1s"] = sorted.Count(ms => ms > 1000),
        };
    }

    private static JsonObject Statuses(FleetLoad load) => new()
    {
        ["requests"] = load.Requests,
        ["failed"] = load.Failures.Count,
        ["by_status"] = new JsonObject(load.Statuses.OrderBy(s => s.Key).Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
    };

    private static JsonObject Durability(FleetDurability durability) => new() { ["checked_2xx_writes"] = durability.Checked, ["lost"] = durability.Lost };

    private static HttpClient Client(Uri? address, int connections, string token) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(15),
            DefaultRequestHeaders = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token) },
        };

    private sealed class StaleProbe
    {
        public int ValidWithinBound { get; set; }

        public int ValidBeyondBound { get; set; }

        /// <summary>When the last stale valid:true was asked for, in seconds after the bound ended (negative: before).</summary>
        public double? LastValidAfterBound { get; set; }

        public int Unavailable { get; set; }
    }
}
