using System.Text.Json;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Fleet;

// A fleet of three instances on one throwaway PostgreSQL behind HAProxy, under a mixed load through the balancer:
// propagation of revocations and freezes to every instance, throughput of three instances against one, the
// connections the fleet holds, and what callers see when one part of it fails. ./build.sh --target=Fleet runs it;
// by hand (after a Release build of this project):
//   dotnet bench/Fleet/bin/Release/net10.0/Fleet.dll REPO_ROOT
// Writes bench/results/fleet.json and fleet.md and the table between the markers of docs/operations.md. Exits
// non-zero only when the tooling fails, never because of a figure. Settings (environment): FLEET_WORKERS (16),
// FLEET_DURATION (seconds per throughput run, 15), FLEET_CHANGES (per kind, 200), FLEET_DUE_TRIALS (3000).
if (args is not [var repoRoot])
{
    Console.Error.WriteLine("usage: Fleet REPO_ROOT");
    return 2;
}

var settings = FleetBenchSettings.FromEnvironment();
var results = new JsonObject
{
    ["settings"] = JsonSerializer.SerializeToNode(settings),
    ["machine"] = new JsonObject { ["cores"] = Environment.ProcessorCount, ["load_before"] = Machine.LoadAverage() },
};
var work = Directory.CreateTempSubdirectory("tenant-registry-fleet-bench-").FullName;
var started = DateTime.UtcNow;
try
{
    using var cluster = PostgresCluster.StartDedicated();
    var connectionString = await cluster.CreateDatabaseAsync();
    using var realm = await LocalRealm.StartAsync(work);
    Step("A fleet of three on PostgreSQL, behind HAProxy, validating tokens of a local realm");
    var serviceSettings = FleetBenchSettings.ServiceSettings.Concat(realm.ServiceSettings).ToDictionary();
    await using var fleet = await BalancedFleet.StartAsync(connectionString, work, extraSettings: serviceSettings);
    var scenarios = new FleetScenarios(fleet, cluster, settings, realm.Token, Step);

    Step("Throughput: the mixed load on three instances against one, alternating 1, 3, 3, 1");
    results["throughput"] = await MeasureAsync(() => scenarios.ThroughputAsync());
    Step($"Propagation: {settings.Changes} revocations and {settings.Changes} freezes under load, each asked of every instance");
    results["propagation"] = await MeasureAsync(() => scenarios.PropagationAsync());
    Step("SIGKILL of the instance holding the sweep lock mid-sweep");
    results["sweep_lock_holder_killed"] = await MeasureAsync(() => scenarios.SweepLockHolderKilledAsync());
    Step("SIGKILL of an instance under load");
    results["instance_killed"] = await MeasureAsync(() => scenarios.InstanceKilledAsync());
    Step("SIGTERM of each instance in turn (a rolling deploy), draining first as the fleet is configured");
    results["rolling_deploy"] = await MeasureAsync(() => scenarios.RollingDeployAsync(drain: true));
    Step("The same rolling deploy with Shutdown:DrainDelay=0");
    results["rolling_deploy_without_drain"] = await MeasureAsync(() => scenarios.RollingDeployAsync(drain: false));
    Step("PostgreSQL restart under load");
    results["postgres_restart"] = await MeasureAsync(() => scenarios.PostgresRestartAsync());
}
finally
{
    Directory.Delete(work, recursive: true);
}

results["machine"]!["load_after"] = Machine.LoadAverage();
results["machine"]!["seconds"] = Math.Round((DateTime.UtcNow - started).TotalSeconds);
var resultsDirectory = Path.Combine(repoRoot, "bench", "results");
Directory.CreateDirectory(resultsDirectory);
await File.WriteAllTextAsync(Path.Combine(resultsDirectory, "fleet.json"), results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
var table = FleetReport.Markdown(results);
await File.WriteAllTextAsync(Path.Combine(resultsDirectory, "fleet.md"), table);
await FleetReport.ReplaceInDocsAsync(Path.Combine(repoRoot, "docs", "operations.md"), table);
Console.WriteLine(table);
return 0;

// A scenario whose tooling fails is reported as such; the others still run.
static async Task<JsonNode> MeasureAsync(Func<Task<JsonNode>> scenario)
{
    try
    {
        return await scenario();
    }
    catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or TaskCanceledException or Npgsql.NpgsqlException)
    {
        Console.Error.WriteLine($"   not measured: {exception}");
        return new JsonObject { ["error"] = exception.Message.Split('\n')[0] };
    }
}

void Step(string what) => Console.Error.WriteLine($"\n### {what} ({(DateTime.UtcNow - started).TotalSeconds:F0}s, load {Machine.LoadAverage()})");
