using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TenantRegistry.ApiKeys;

namespace TenantRegistry.Telemetry;

/// <summary>
/// OpenTelemetry as every platform team runs it: ASP.NET Core's, Npgsql's and the runtime's meters plus
/// <see cref="RegistryMetrics"/>, scraped at <c>/metrics</c>; spans for every request with the store's and the
/// registry's own under them. Configured by the standard <c>OTEL_*</c> settings: nothing leaves the process unless
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
internal static class TelemetryRegistration
{
    public const string DefaultServiceName = "tenant-registry";
    public const string MetricsPath = "/metrics";

    private const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string ServiceNameSetting = "OTEL_SERVICE_NAME";

    /// <summary>Built into .NET 9 and later: GC, CPU, thread pool, exceptions.</summary>
    private const string RuntimeMeter = "System.Runtime";

    /// <summary>
    /// The request spans are ASP.NET Core's own, from its activity source, with the OpenTelemetry HTTP tags it adds
    /// when this switch is off (the default from .NET 11 on). OpenTelemetry's ASP.NET Core instrumentation would
    /// subscribe to ASP.NET Core's <c>DiagnosticListener</c> instead, and any subscriber there sends MVC down its
    /// instrumented ("Logged") paths on every request: on a cached verify that listener and those paths cost more
    /// CPU than the span itself (perf, 2 December). <see cref="RequestLog"/> names the span by its route.
    /// </summary>
    private const string SuppressAspNetCoreSpanTags = "Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData";

    private const string AspNetCoreActivitySource = "Microsoft.AspNetCore";

    /// <summary>
    /// ASP.NET Core's meters that say something per route or connection: request rate, errors and latency
    /// (Hosting), connections (Kestrel), unhandled exceptions (Diagnostics). OpenTelemetry's ASP.NET Core instrumentation would
    /// also enable Routing, RateLimiting, Authentication, Authorization and Kestrel's MemoryPool. Those record on
    /// every request (the memory pool on every buffer it rents and returns): on a cached verify 3.9 µs of the 19 µs
    /// that telemetry added (perf, 2 December: memory pool 1.5, rate limiting 1.4, authentication 0.6, routing 0.4).
    /// What they would tell is counted already: rate-limited and refused verifies by
    /// <c>tenant_registry.key.verifications</c>, failed authentication and authorization as 401 and 403 in
    /// <c>http.server.request.duration</c>.
    /// </summary>
    private static readonly string[] AspNetCoreMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics"];

    private static readonly (string Instrument, string Scraped)[] CountGaugeRenames =
    [
        ("db.client.connection.count", "db.client.connections"),
        ("dotnet.assembly.count", "dotnet.assemblies"),
        ("dotnet.process.cpu.count", "dotnet.process.cpus"),
        ("dotnet.timer.count", "dotnet.timers"),
    ];

    public static WebApplicationBuilder AddRegistryTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        services.AddSingleton<RegistryMetrics>();
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName)
            .Validate(options => options.Port is null or > 0 and < 65536, "Metrics:Port must be a TCP port")
            .ValidateOnStart();

        UseBatchedConsole(builder.Logging.Services);
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        // The JSON lines carry the trace, span and request ids as scopes, and a UTC time an operator can sort by.
        services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat ??= "yyyy-MM-ddTHH:mm:ss.fffZ";
        });

        if (!IsEnabled(configuration))
        {
            return builder;
        }

        if (configuration.GetValue<int?>($"{MetricsOptions.SectionName}:{nameof(MetricsOptions.Port)}") is { } metricsPort)
        {
            var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
            builder.WebHost.UseUrls($"{urls};http://*:{metricsPort}");
        }

        var exportsOtlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);
        var openTelemetry = services.AddOpenTelemetry();
        if (string.IsNullOrWhiteSpace(configuration[ServiceNameSetting]))
        {
            openTelemetry.ConfigureResource(resource => resource.AddService(DefaultServiceName));
        }

        openTelemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(RegistryMetrics.MeterName, KeyLookup.MeterName, RuntimeMeter, Audit.Evidence.SealerState.MeterName);
            // Prometheus keeps "_count" for histograms; promtool's lint refuses these gauges under their own names.
            foreach (var (instrument, scrapedName) in CountGaugeRenames)
            {
                metrics.AddView(instrument, scrapedName);
            }

            metrics.AddMeter(AspNetCoreMeters)
                .AddNpgsqlInstrumentation()
                // Every scrape shows the values of that moment; the exporter's default would repeat one for 300 ms.
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            if (exportsOtlp)
            {
                metrics.AddOtlpExporter();
            }
        });

        // Without an endpoint no spans are recorded at all: ASP.NET Core still gives every request a trace id for the logs.
        if (exportsOtlp)
        {
            AppContext.SetSwitch(SuppressAspNetCoreSpanTags, false);
            openTelemetry.WithTracing(tracing => tracing
                .AddSource(AspNetCoreActivitySource, RegistryTracing.SourceName)
                .AddNpgsql()
                .AddOtlpExporter());
        }

        return builder;
    }

    public static WebApplication UseRequestTelemetry(this WebApplication app)
    {
        app.UseMiddleware<RequestLog>();
        return app;
    }

    /// <summary>
    /// <c>/metrics</c>, open like the probes. With <see cref="MetricsOptions.Port"/> it answers only on that port
    /// (the connection's local port, which a caller cannot fake as it can a Host header).
    /// </summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        if (!IsEnabled(app.Configuration))
        {
            return app;
        }

        var endpoint = app.MapPrometheusScrapingEndpoint(MetricsPath);
        if (app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Port is { } port)
        {
            var onlyOnPort = new MetricsPortOnly(port);
            endpoint.WithMetadata(onlyOnPort);
            app.Use((context, next) =>
            {
                if (context.GetEndpoint()?.Metadata.GetMetadata<MetricsPortOnly>() is { } only && context.Connection.LocalPort != only.Port)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                return next(context);
            });
        }

        return app;
    }

    /// <summary>Where console logging is on (it is by default), its lines go the cheaper way of <see cref="ConsoleLines"/>.</summary>
    private static void UseBatchedConsole(IServiceCollection services)
    {
        var console = services.FirstOrDefault(service =>
            service.ServiceType == typeof(ILoggerProvider) && service.ImplementationType == typeof(ConsoleLoggerProvider));
        if (console is not null)
        {
            services.Remove(console);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, BatchedConsoleLoggerProvider>());
        }
    }

    private static bool IsEnabled(IConfiguration configuration) =>
        (configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions()).Enabled;

    private sealed record MetricsPortOnly(int Port);
}
