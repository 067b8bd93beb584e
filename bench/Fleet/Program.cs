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
// FLEET_DURATION (seconds per throughput run, 15), FLEET_CHANGES (per kind, 200), FLEET_DUE_TRIALS (3000), and
// FLEET_ONLY (scenario names, comma-separated, e.g. rolling_deploy,postgres_restart): only those run, and their
// figures replace theirs in bench/results/fleet.json while the other scenarios keep the run they came from.
if (args is not [var repoRoot])
{
    Console.Error.WriteLine("usage: Fleet REPO_ROOT");
    return 2;
}

var settings = FleetBenchSettings.FromEnvironment();
var only = (Environment.GetEnvironmentVariable("FLEET_ONLY") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
var unknown = only.Except(FleetScenarios.Names).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"FLEET_ONLY names no scenario: {string.Join(", ", unknown)} (scenarios: {string.Join(", ", FleetScenarios.Names)})");
    return 2;
}

var resultsDirectory = Path.Combine(repoRoot, "bench", "results");
var resultsFile = Path.Combine(resultsDirectory, "fleet.json");
var results = only.Count > 0 && File.Exists(resultsFile) ? JsonNode.Parse(await File.ReadAllTextAsync(resultsFile))!.AsObject() : new JsonObject();
var run = new JsonObject
{
    ["at"] = $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC",
    ["cores"] = Environment.ProcessorCount,
    ["load_before"] = Machine.LoadAverage(),
    ["settings"] = JsonSerializer.SerializeToNode(settings),
};
var measured = new JsonObject();
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
    foreach (var (name, title, scenario) in scenarios.All())
    {
        if (only.Count == 0 || only.Contains(name))
        {
            Step(title);
            measured[name] = await MeasureAsync(scenario);
        }
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

run["load_after"] = Machine.LoadAverage();
run["seconds"] = Math.Round((DateTime.UtcNow - started).TotalSeconds);
foreach (var (name, figures) in measured.ToList())
{
    measured.Remove(name);
    figures!["run"] = run.DeepClone();
    results[name] = figures;
}

Directory.CreateDirectory(resultsDirectory);
await File.WriteAllTextAsync(resultsFile, results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
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
