using System.Globalization;
using System.Text.Json.Serialization;

namespace TenantRegistry.Fleet;

public sealed record FleetBenchSettings(
    [property: JsonPropertyName("workers")] int Workers,
    [property: JsonPropertyName("duration_s")] int DurationSeconds,
    [property: JsonPropertyName("changes_per_kind")] int Changes,
    [property: JsonPropertyName("due_trials")] int DueTrials,
    [property: JsonPropertyName("sweep_interval_s")] int SweepIntervalSeconds,
    [property: JsonPropertyName("serve_stale_for_s")] int ServeStaleForSeconds)
{
    /// <summary>
    /// The fleet's settings beyond BalancedFleet's own: sweeps every 5 s instead of every minute so that a killed
    /// sweeper's successor is seen within the run, the stale-verdict bound cut from 1 min to 5 s so that a short
    /// PostgreSQL outage crosses it, and no per-caller verify limit, as the load comes from one caller.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>
    {
        ["Sweeper:Interval"] = "00:00:05",
        ["ApiKeys:ServeStaleFor"] = "00:00:05",
        ["ApiKeys:VerifyRateLimit"] = "0",
    };

    public static FleetBenchSettings FromEnvironment() => new(
        Number("FLEET_WORKERS", 16), Number("FLEET_DURATION", 15), Number("FLEET_CHANGES", 200), Number("FLEET_DUE_TRIALS", 3000), 5, 5);

    private static int Number(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
