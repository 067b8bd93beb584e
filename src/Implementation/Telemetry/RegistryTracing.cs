using System.Diagnostics;

namespace TenantRegistry.Telemetry;

/// <summary>
/// The registry's own spans, where they explain time that the request span and the store's spans do not. Without
/// a listener (no OTLP endpoint configured) <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns
/// null and costs one check.
/// </summary>
public static class RegistryTracing
{
    public const string SourceName = "TenantRegistry";

    public const string VerdictCacheAttribute = "tenant_registry.verdict_cache";
    public const string OutcomeAttribute = "tenant_registry.verify.outcome";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The store read of a verify whose key had no fresh cached verdict.</summary>
    public static Activity? StartVerifyStoreRead() => Source.StartActivity("verify store read");

    /// <summary>Tags the current request's span: whether the cache answered, and the verdict's outcome.</summary>
    public static void TagVerify(string cache, string outcome)
    {
        if (Activity.Current is { IsAllDataRequested: true } request)
        {
            request.SetTag(VerdictCacheAttribute, cache);
            request.SetTag(OutcomeAttribute, outcome);
        }
    }
}
