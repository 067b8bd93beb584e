using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using TenantRegistry.Contract.Tests.ApiKeys;
using TenantRegistry.Contract.Tests.Infrastructure;
using TenantRegistry.Contract.Tests.Validation;
using TenantRegistry.Telemetry;

namespace TenantRegistry.Contract.Tests.Telemetry;

/// <summary>
/// Spans over OTLP: every request a span named by its route, the store's spans under it, verify's own span for its
/// store read; a caller's traceparent continues its trace. On PostgreSQL, whose driver makes the store spans.
/// The spans are read twice: as the in-process OTLP receiver got them, and structurally from an in-memory exporter
/// added to the same tracer provider.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TracingTests : IAsyncLifetime
{
    private readonly OtlpReceiver receiver = new();
    private readonly List<Activity> spans = [];
    private RegistryApp? registry;
    private IServiceProvider? services;
    private HttpClient? http;
    private HttpClient? unvalidated;

    private HttpClient Client => http ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        registry = new RegistryApp(await StoreSettings.FreshPostgresAsync(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint.ToString().TrimEnd('/')),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            ("OTEL_BSP_SCHEDULE_DELAY", "100"),
            ("OTEL_METRIC_EXPORT_INTERVAL", "200")));
        var app = registry.WithWebHostBuilder(host => host.ConfigureServices(s => s
            .AddTransient<IStartupFilter, FailingPath>()
            .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))));
        services = app.Services;
        http = app.CreateDefaultClient(new ValidatingHandler());
        unvalidated = app.CreateDefaultClient();
    }

    public async Task DisposeAsync()
    {
        http?.Dispose();
        unvalidated?.Dispose();
        if (registry is not null)
        {
            await registry.DisposeAsync();
        }

        receiver.Dispose();
    }

    [Fact]
    public async Task A_request_span_is_named_by_its_route_carries_the_HTTP_tags_and_the_store_spans_are_its_children()
    {
        var tenant = await Client.CreateTenantAsync();
        var trace = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();

        using var response = await Client.SendAsync(Traced(HttpMethod.Get, $"/v1/tenants/{tenant.Id()}", trace, callerSpan));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var request = await RequestSpanAsync(trace);
        Assert.Equal("GET v1/tenants/{id}", request.DisplayName);
        Assert.Equal("v1/tenants/{id}", request.GetTagItem("http.route"));
        Assert.Equal("GET", request.GetTagItem("http.request.method"));
        Assert.Equal($"/v1/tenants/{tenant.Id()}", request.GetTagItem("url.path"));
        Assert.Equal(200, request.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, request.Status);
        Assert.Equal(callerSpan, request.ParentSpanId);
        var store = SpansOf(trace).Where(s => s.Source.Name == "Npgsql").ToList();
        Assert.NotEmpty(store);
        Assert.All(store, span => Assert.Equal(request.SpanId, span.ParentSpanId));
    }

    [Fact]
    public async Task A_request_that_failed_on_the_server_is_an_error_span()
    {
        var trace = ActivityTraceId.CreateRandom();

        // A path outside the contract: the contract checking client would refuse its answer.
        using var response = await unvalidated!.SendAsync(Traced(HttpMethod.Get, FailingPath.Path, trace, ActivitySpanId.CreateRandom()));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);

        var request = await RequestSpanAsync(trace);
        Assert.Equal("GET", request.DisplayName);
        Assert.Null(request.GetTagItem("http.route"));
        Assert.Equal(500, request.GetTagItem("http.response.status_code"));
        Assert.Equal("500", request.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, request.Status);
    }

    [Fact]
    public async Task A_verify_that_misses_the_cache_shows_its_store_read_between_the_request_and_the_store()
    {
        var tenant = await Client.CreateTenantAsync();
        var key = (string)(await Client.IssueKeyAsync(tenant.Id()))["plaintext"]!;
        var trace = ActivityTraceId.CreateRandom();

        var verify = Traced(HttpMethod.Post, "/v1/internal/api-keys/verify", trace, ActivitySpanId.CreateRandom());
        verify.Content = new StringContent($$"""{"key":"{{key}}"}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await Client.SendAsync(verify);
        Assert.True(await Client.IsValidAsync(key), "the second verify is answered from the cache");

        var request = await RequestSpanAsync(trace);
        Assert.Equal("miss", request.GetTagItem(RegistryTracing.VerdictCacheAttribute));
        Assert.Equal(VerifyOutcome.Valid, request.GetTagItem(RegistryTracing.OutcomeAttribute));
        var storeRead = Assert.Single(SpansOf(trace), s => s.Source.Name == RegistryTracing.SourceName);
        Assert.Equal("verify store read", storeRead.DisplayName);
        Assert.Equal(request.SpanId, storeRead.ParentSpanId);
        Assert.Contains(SpansOf(trace), s => s.Source.Name == "Npgsql" && s.ParentSpanId == storeRead.SpanId);
    }

    [Fact]
    public async Task The_spans_reach_the_OTLP_endpoint_named_for_the_service_and_so_do_the_metrics()
    {
        var trace = ActivityTraceId.CreateRandom();
        using var response = await Client.SendAsync(Traced(HttpMethod.Get, "/v1/catalog", trace, ActivitySpanId.CreateRandom()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(receiver.Exports.Any(e => e.Path == "/v1/traces" && e.Mentions("GET v1/catalog")))),
            "the request span was exported to /v1/traces");
        var traces = receiver.Exports.First(e => e.Path == "/v1/traces" && e.Mentions("GET v1/catalog"));
        Assert.Equal("application/x-protobuf", traces.ContentType);
        Assert.True(traces.Mentions(TelemetryRegistration.DefaultServiceName), "the resource names the service");
        Assert.True(traces.Body.AsSpan().IndexOf(trace.ToHexString() is var hex ? Convert.FromHexString(hex) : []) >= 0, "the caller's trace id");
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(receiver.Exports.Any(e => e.Path == "/v1/metrics" && e.Mentions("tenant_registry.key.verifications")))),
            "metrics are exported to /v1/metrics too");
    }

    [Fact]
    public async Task Probes_and_scrapes_make_no_spans()
    {
        var trace = ActivityTraceId.CreateRandom();
        using var probe = await Client.SendAsync(Traced(HttpMethod.Get, "/healthz", trace, ActivitySpanId.CreateRandom()));
        using var scrape = await Client.SendAsync(Traced(HttpMethod.Get, "/metrics", trace, ActivitySpanId.CreateRandom()));
        var marker = ActivityTraceId.CreateRandom();
        using var after = await Client.SendAsync(Traced(HttpMethod.Get, "/v1/catalog", marker, ActivitySpanId.CreateRandom()));

        await RequestSpanAsync(marker);
        Assert.Empty(SpansOf(trace));
    }

    [Fact]
    public async Task Without_an_endpoint_no_spans_are_recorded()
    {
        await using var quiet = new RegistryApp(StoreSettings.FreshSqlite());
        _ = quiet.Server;

        Assert.Null(quiet.Services.GetService<TracerProvider>());
        Assert.NotNull(services!.GetService<TracerProvider>());
    }

    /// <summary>A path no route matches, answered 500 behind the service's whole pipeline: the test's way to a
    /// server error without breaking the store the other tests share.</summary>
    private sealed class FailingPath : IStartupFilter
    {
        public const string Path = "/test-only/fails";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(context =>
            {
                context.Response.StatusCode = context.Request.Path == Path ? StatusCodes.Status500InternalServerError : StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        };
    }

    private static HttpRequestMessage Traced(HttpMethod method, string path, ActivityTraceId trace, ActivitySpanId parent)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{parent.ToHexString()}-01");
        return request;
    }

    private List<Activity> SpansOf(ActivityTraceId trace)
    {
        lock (spans)
        {
            return spans.Where(s => s.TraceId == trace).ToList();
        }
    }

    // The server span ends just after the response is written, so it may arrive a moment after the client has it.
    private async Task<Activity> RequestSpanAsync(ActivityTraceId trace)
    {
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(SpansOf(trace).Any(s => s.Kind == ActivityKind.Server))),
            $"a server span of trace {trace}");
        return SpansOf(trace).Single(s => s.Kind == ActivityKind.Server);
    }
}
