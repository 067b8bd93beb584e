using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using TenantRegistry.Contract.Tests.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;

namespace TenantRegistry.Contract.Tests.Telemetry;

/// <summary>
/// A real Prometheus, a throwaway process on a free loopback port, scrapes the service (a real process too, with
/// /metrics on a port of its own): its HTTP API shows the target up and a verify counter above zero, and the API
/// port does not serve /metrics. It takes about 15 s, so it runs in its own target: <c>./build.sh --target=TestPrometheus</c>.
/// </summary>
[Trait(Category, RealPrometheus)]
public sealed class PrometheusServerTests
{
    public const string Category = "Category";
    public const string RealPrometheus = "RealPrometheus";

    [Fact]
    public async Task Prometheus_scrapes_the_metrics_port_and_sees_the_verifies()
    {
        var prometheusBinary = PrometheusTools.Prometheus;
        var metricsPort = FreePort();
        // The metrics port listens on every interface (and the API answers there too), so running unauthenticated
        // is an explicit choice (docs/security.md).
        await using var service = await ServiceProcess.StartAsync(StoreSettings.FreshSqlite(("Metrics:Port", metricsPort.ToString()), ("Auth:AllowAnonymous", "true")));
        using var client = new HttpClient(new ValidatingHandler { InnerHandler = new HttpClientHandler() }) { BaseAddress = service.Address };
        var tenant = await client.CreateTenantAsync();
        Assert.True(await client.IsValidAsync((string)(await client.IssueKeyAsync(tenant.Id()))["plaintext"]!));
        using (var onApiPort = await client.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.NotFound, onApiPort.StatusCode);
        }

        var work = Directory.CreateTempSubdirectory("tenant-registry-prometheus-");
        var prometheusPort = FreePort();
        await File.WriteAllTextAsync(Path.Combine(work.FullName, "prometheus.yml"), $"""
            global: {"{"} scrape_interval: 1s, evaluation_interval: 1s {"}"}
            scrape_configs:
              - job_name: tenant-registry
                static_configs: [{"{"} targets: ["127.0.0.1:{metricsPort}"] {"}"}]
            """);
        using var prometheus = Process.Start(new ProcessStartInfo(prometheusBinary,
            $"--config.file={work.FullName}/prometheus.yml --storage.tsdb.path={work.FullName}/data " +
            $"--web.listen-address=127.0.0.1:{prometheusPort}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var prometheusLog = new System.Text.StringBuilder();
        prometheus.ErrorDataReceived += (_, line) => { lock (prometheusLog) { prometheusLog.AppendLine(line.Data); } };
        prometheus.BeginErrorReadLine();
        try
        {
            using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{prometheusPort}") };
            string? valid = null;
            var seen = await Eventually.HoldsAsync(async () =>
            {
                valid = await QueryAsync(api, """tenant_registry_key_verifications_total{job="tenant-registry",outcome="valid"}""");
                return valid is not null && double.Parse(valid, System.Globalization.CultureInfo.InvariantCulture) > 0;
            }, TimeSpan.FromSeconds(30));
            string log;
            lock (prometheusLog)
            {
                log = prometheusLog.ToString();
            }

            Assert.True(seen, $"Prometheus never saw a valid verify (last: {valid ?? "no sample"}); its log:\n{log}");
            Assert.Equal("1", await QueryAsync(api, """up{job="tenant-registry"}"""));
            var targets = JsonNode.Parse(await api.GetStringAsync("/api/v1/targets"))!["data"]!["activeTargets"]!.AsArray();
            var target = Assert.Single(targets)!;
            Assert.Equal("up", (string?)target["health"]);
            Assert.Equal($"http://127.0.0.1:{metricsPort}/metrics", (string?)target["scrapeUrl"]);
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
            work.Delete(recursive: true);
        }
    }

    /// <summary>The value of an instant query with one result, or null while it has none (or Prometheus is not up yet).</summary>
    private static async Task<string?> QueryAsync(HttpClient api, string query)
    {
        try
        {
            var answer = JsonNode.Parse(await api.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString(query)}"))!;
            var results = answer["data"]!["result"]!.AsArray();
            return results.Count == 1 ? (string?)results[0]!["value"]![1] : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
