using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace TenantRegistry.Fleet;

/// <summary>The figures of a run as the Markdown that bench/results/fleet.md and docs/operations.md show.</summary>
internal static class FleetReport
{
    private const string Begin = "<!-- fleet:latest:begin -->";
    private const string End = "<!-- fleet:latest:end -->";

    public static string Markdown(JsonObject results)
    {
        var scenarios = results.Where(r => r.Value?["run"] is not null).ToList();
        var text = new StringBuilder();
        foreach (var run in scenarios.GroupBy(r => (string)r.Value!["run"]!["at"]!).OrderBy(run => run.Key, StringComparer.Ordinal))
        {
            var figures = run.First().Value!["run"]!;
            text.AppendLine(Invariant($"Run of {run.Key} on {figures["cores"]} cores, load average {figures["load_before"]} before and {figures["load_after"]} after, {figures["seconds"]} s; {figures["settings"]!["workers"]} load workers: {string.Join(", ", run.Select(r => r.Key))}."));
            text.AppendLine();
        }

        var failed = scenarios.Where(r => r.Value!["error"] is not null).Select(r => $"{r.Key}: {r.Value!["error"]}").ToList();
        if (failed.Count > 0)
        {
            text.AppendLine("Not measured (the tooling failed): " + string.Join("; ", failed) + ".");
            text.AppendLine();
        }

        results = new JsonObject(scenarios.Where(r => r.Value!["error"] is null).Select(r => KeyValuePair.Create(r.Key, r.Value?.DeepClone())));
        if (results["propagation"] is { } propagation)
        {
            text.AppendLine("| Propagation to every instance (asked directly), under load | changes | p50 ms | p99 ms | max ms | over 1 s |");
            text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var kind in new[] { "revocation", "freeze" })
            {
                var figures = propagation[kind]!;
                text.AppendLine(Invariant($"| {kind} | {figures["changes"]} | {figures["p50_ms"]} | {figures["p99_ms"]} | {figures["max_ms"]} | {figures["over_1s"]} |"));
            }

            text.AppendLine();
        }

        if (results["throughput"] is { } throughput)
        {
            text.AppendLine("| Mixed load through HAProxy | req/s | p50 ms | p99 ms | failed | service CPU ms/request | HAProxy CPU ms/request |");
            text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var run in throughput["runs"]!.AsArray())
            {
                text.AppendLine(Invariant($"| {run!["instances"]} instance(s) in rotation | {run["rps"]} | {run["p50_ms"]} | {run["p99_ms"]} | {run["failed"]} | {run["service_cpu_ms_per_request"]} | {run["balancer_cpu_ms_per_request"]} |"));
            }

            text.AppendLine(Invariant($"| three / one | {throughput["three_vs_one_rps"]}x | | | | {throughput["three_vs_one_cpu_per_request"]}x | |"));
            text.AppendLine();
            text.AppendLine(Invariant($"Peak PostgreSQL sessions by application_name during the throughput runs (`max_connections` {throughput["max_connections"]}): {string.Join(", ", throughput["peak_connections_by_application"]!.AsObject().Select(c => $"{c.Key} {c.Value}"))}."));
            text.AppendLine();
        }

        text.AppendLine("| Failure | What callers saw through the balancer | Durable (2xx writes looked up) | Figures |");
        text.AppendLine("| --- | --- | --- | --- |");
        if (results["sweep_lock_holder_killed"] is { } sweep)
        {
            text.AppendLine(Invariant($"| SIGKILL of the sweep lock holder ({sweep["holder"]}) mid-sweep, {sweep["due_trials"]} trials due | {Callers(sweep["load"]!)} | {Durable(sweep)} | {sweep["due_at_kill"]} still due at the kill; {sweep["successor"]} held the lock {sweep["takeover_after_kill_s"]} s after the kill (interval {sweep["sweep_interval_s"]} s) and all were frozen {sweep["all_frozen_after_kill_s"]} s after it; frozen once {sweep["frozen_once"]}, applied twice {sweep["applied_twice"]}, lost {sweep["lost"]} |"));
        }

        if (results["instance_killed"] is { } killed)
        {
            text.AppendLine(Invariant($"| SIGKILL of registry-2 under load | {Callers(killed["load"]!)} | {Durable(killed)} | failed in flight at the kill {killed["failed_in_flight_at_kill"]}, otherwise {killed["failed_otherwise"]} |"));
        }

        foreach (var (name, label) in new[] { ("rolling_deploy", "SIGTERM of each instance in turn, `Shutdown:DrainDelay=00:00:03`"), ("rolling_deploy_without_drain", "the same, `Shutdown:DrainDelay=0`") })
        {
            if (results[name] is not { } roll)
            {
                continue;
            }

            var inRotation = roll["in_rotation_after_start_s"] is JsonArray seconds ? $"; each new process in rotation {string.Join(" / ", seconds)} s after its start" : "";
            text.AppendLine(Invariant($"| {label} | {Callers(roll["load"]!)} | {Durable(roll)} | rolled in {roll["roll_s"]} s, exit codes {string.Join(" ", roll["exit_codes"]!.AsArray())}{inRotation} |"));
        }

        if (results["postgres_restart"] is { } outage)
        {
            var recovery = outage["failed_from_stop_on"] is null ? "" : Invariant($"{outage["failed_before_stop"]} failed before the stop, {outage["failed_from_stop_on"]} from it on; the last failure through the balancer ended {outage["failures_through_balancer_ended_after_start_s"]} s after the start, none in the {outage["load_after_last_failure_s"]} s of load after it; ");
            text.AppendLine(Invariant($"| PostgreSQL stopped for {outage["down_s"]} s under load, then started | {Callers(outage["load"]!)} | {Durable(outage)} | {recovery}cached key: {outage["stale_valid_answers"]} stale valid answers within the {outage["serve_stale_for_s"]} s bound (last asked {outage["last_stale_valid_after_confirmation_s"]} s after its confirmation), {outage["valid_answers_beyond_bound"]} beyond it, {outage["unavailable_answers"]} 503; ready again {string.Join(" / ", outage["ready_again_after_start_s"]!.AsArray())} s after the start; a key revoked by SQL right after the start said invalid on each instance after {string.Join(" / ", outage["revoked_behind_the_service_seen_after_s"]!.AsArray())} s |"));
        }

        return text.ToString();
    }

    public static async Task ReplaceInDocsAsync(string docs, string table)
    {
        var text = await File.ReadAllTextAsync(docs);
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            return;
        }

        await File.WriteAllTextAsync(docs, string.Concat(text.AsSpan(0, begin + Begin.Length), "\n", table, text.AsSpan(end)));
    }

    private static string Callers(JsonNode load)
    {
        var failures = load["by_status"]!.AsObject()
            .Where(s => !s.Key.EndsWith(" 200", StringComparison.Ordinal) && !s.Key.EndsWith(" 201", StringComparison.Ordinal) && !s.Key.EndsWith(" 204", StringComparison.Ordinal))
            .Select(s => $"{s.Key}: {s.Value}");
        return Invariant($"{load["requests"]} requests, {load["failed"]} failed") + (load["failed"]!.GetValue<int>() > 0 ? $" ({string.Join(", ", failures)})" : "");
    }

    private static string Durable(JsonNode scenario) =>
        Invariant($"{scenario["durability"]!["checked_2xx_writes"]}, lost {scenario["durability"]!["lost"]}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
