using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using TenantRegistry.Store;
using TenantRegistry.Telemetry;

namespace TenantRegistry.Contract.Tests.Startup;

/// <summary>
/// What the instance sends itself before it is ready (Hosting/RequestRehearsal) is not traffic: the registry's meter
/// does not count it, so thousands of rehearsed verifies of a key nobody holds do not look like a flood of unknown keys
/// at every start. Requests from anywhere else are counted as ever.
/// </summary>
public sealed class RehearsalMetricsTests
{
    [Fact]
    public void A_rehearsed_request_moves_no_counter_of_the_registry_and_any_other_request_does()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var http = new HttpContextAccessor();
        var metrics = new RegistryMetrics(meters, http);
        using var verifications = new MetricCollector<long>(meters, RegistryMetrics.MeterName, "tenant_registry.key.verifications");
        using var hits = new MetricCollector<long>(meters, RegistryMetrics.MeterName, "tenant_registry.verdict_cache.hits");
        using var misses = new MetricCollector<long>(meters, RegistryMetrics.MeterName, "tenant_registry.verdict_cache.misses");
        using var appends = new MetricCollector<long>(meters, RegistryMetrics.MeterName, "tenant_registry.audit.appends");
        var collectors = new[] { verifications, hits, misses, appends };

        var rehearsed = new DefaultHttpContext();
        rehearsed.Features.Set(new Rehearsal());
        http.HttpContext = rehearsed;
        Count(metrics);
        Assert.All(collectors, collector => Assert.Empty(collector.GetMeasurementSnapshot()));

        http.HttpContext = new DefaultHttpContext();
        Count(metrics);
        http.HttpContext = null;
        Count(metrics);
        Assert.All(collectors, collector => Assert.Equal([1L, 1L], collector.GetMeasurementSnapshot().Select(measurement => measurement.Value)));
        Assert.Equal(VerifyOutcome.Unknown, verifications.LastMeasurement!.Tags["outcome"]);
    }

    private static void Count(RegistryMetrics metrics)
    {
        metrics.KeyVerified(VerifyOutcome.Unknown);
        metrics.VerdictCacheHit();
        metrics.VerdictCacheMiss();
        metrics.AuditAppended();
    }
}
