using TenantRegistry.Contract.Tests.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;

namespace TenantRegistry.Contract.Tests.Telemetry;

/// <summary>Prometheus' own tool judges the scrape and the alert rules shipped in ops/prometheus.</summary>
public abstract class PromtoolTests(RegistryFixture registry)
{
    private readonly HttpClient client = registry.CreateClient();

    [Fact]
    public async Task Promtool_check_metrics_passes_on_a_scrape()
    {
        var tenant = await client.CreateTenantAsync();
        await client.IsValidAsync((string)(await client.IssueKeyAsync(tenant.Id()))["plaintext"]!);
        using var response = await client.GetAsync("/metrics");
        var scrape = await response.Content.ReadAsStringAsync();

        var (exitCode, output) = await PrometheusTools.RunAsync(PrometheusTools.Promtool, "check metrics", scrape);

        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}:\n{output}");
        Assert.Contains("tenant_registry_key_verifications_total", scrape);
    }
}

[Collection(TelemetryCollection.Name)]
public sealed class PromtoolTestsOnSqlite(SqliteRegistry registry) : PromtoolTests(registry), IClassFixture<SqliteRegistry>;

[Collection(TelemetryCollection.Name)]
public sealed class PromtoolTestsOnPostgres(PostgresRegistry registry) : PromtoolTests(registry), IClassFixture<PostgresRegistry>;

public sealed class AlertRulesTests
{
    [Fact]
    public async Task The_alert_rules_pass_promtool_check_rules()
    {
        var (exitCode, output) = await PrometheusTools.RunAsync(PrometheusTools.Promtool,
            $"check rules {Path.Combine(PrometheusTools.RulesDirectory, "tenant-registry-alerts.yml")}");

        Assert.True(exitCode == 0, $"promtool check rules exited {exitCode}:\n{output}");
        Assert.Contains("SUCCESS: 9 rules found", output);
    }

    [Fact]
    public async Task The_alerts_fire_on_the_series_they_are_written_for()
    {
        var (exitCode, output) = await PrometheusTools.RunAsync(PrometheusTools.Promtool,
            $"test rules {Path.Combine(PrometheusTools.RulesDirectory, "alerts-test.yml")}");

        Assert.True(exitCode == 0, $"promtool test rules exited {exitCode}:\n{output}");
    }
}
