using System.Diagnostics;
using System.Net;
using System.Runtime;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using LinqToDB;
using LinqToDB.Data;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Npgsql;
using TenantRegistry.ApiKeys;
using TenantRegistry.Errors;
using TenantRegistry.Probes;
using TenantRegistry.Security;
using TenantRegistry.Store;

namespace TenantRegistry.Hosting;

/// <summary>
/// Before the instance says it is ready, it sends itself, in process and through its whole request pipeline, one
/// request of every kind a fleet serves most (reads of tenants, entitlements, keys and audit events, verify, tenant
/// create, cancel and activate, key create and revoke, audit append), opens a few pool connections and fetches the
/// identity provider's signing keys. Without it the first real request of each kind pays for the JIT of its code
/// path, linq2db building its queries, System.Text.Json and MVC building their metadata, a new pool connection and
/// the first JWKS fetch: measured on a freshly started instance at a load average of 17, 0.15–1.1 s per kind (3.0 s
/// for the first of each together), against 10–30 ms once warm. On a busier machine that went over the store
/// pipeline's 3 s request timeout, and the instance that had just come into rotation answered `503` (rolling deploys
/// in docs/operations.md).
/// </summary>
/// <remarks>
/// <para>Writes are rehearsed for real and rolled back (<see cref="Rehearsal"/>, Store/UnitOfChange): every statement
/// runs, audit events included, and nothing is committed, announced or told to the cache. Their targets are what the
/// rehearsal's own reads found (an active tenant, one of its keys), or ids that do not exist on an empty store, which
/// still rehearses the reads the write makes first. On PostgreSQL a rolled-back audit append leaves an unused
/// `audit_events` id, which the audit sealer passes after `Audit:GapTimeout` (docs/audit.md).</para>
/// <para>With authentication on, the rehearsal acts as an `admin` of its own (actor `tenant-registry-rehearsal`); the
/// identity is set in process on the request it builds, so no caller can claim it. `/readyz` says `503 warming`
/// until the rehearsal is done, or until <see cref="ApiKeyOptions.WarmupTimeout"/> has passed since it started (the
/// verdict cache's warm-up has the same bound). A rehearsed request that fails is logged and does not stop the others.</para>
/// </remarks>
internal sealed class RequestRehearsal(
    IHttpContextFactory contexts,
    IOptions<RehearsalOptions> options,
    IOptions<AuthOptions> auth,
    IOptions<ApiKeyOptions> apiKeys,
    IOptions<StoreOptions> store,
    IOptionsMonitor<JwtBearerOptions> bearer,
    VerdictWarmup verdictWarmup,
    DataOptions<RegistryDb> dataOptions,
    ILogger<RequestRehearsal> logger) : BackgroundService, IReadinessGate
{
    /// <summary>Pool connections opened at once before ready: about as many requests as a new instance serves at once
    /// in its first second in rotation (16 callers over three instances in the fleet measurement).</summary>
    private const int WarmConnections = 8;

    /// <summary>How many rounds of repeated reads and verifies make a stretch, between two looks at the JIT's count of
    /// compiled methods: about half a second on 2 idle cores. Counted in rounds, not in time, so that on a starved
    /// machine a stretch in which the JIT's thread got little CPU is not taken for one in which it had nothing left.</summary>
    private const int RoundsPerStretch = 500;

    /// <summary>The JIT has settled when this many stretches in a row compiled fewer than <see cref="SettledBelow"/>
    /// methods each: one quiet stretch came early on a loaded machine (ready after 10 s, first 10 s at 0.32x).</summary>
    private const int QuietStretches = 2;

    /// <summary>Measured on a started instance under verify load (2 cores): about 11,000 methods were compiled in the
    /// 13 s after ready, over 500 a second until the rate reached its steady value, and about 100 a second at it.</summary>
    private const int SettledBelow = 50;

    /// <summary>While the JIT settles, the hot reads go to the store in one round of this many; verify in every round.</summary>
    private const int ReadsEveryRounds = 10;

    private const string RehearsalActor = "tenant-registry-rehearsal";

    private readonly TaskCompletionSource pipelineBuilt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RequestDelegate? pipeline;
    private Stopwatch? sinceRehearsalStarted;
    private volatile bool done;

    /// <summary>Warming until the rehearsal is done, or until the time bound has passed since the server was ready to
    /// listen (the rehearsal first waits for the verdict cache's load, then runs): counted from then, not from the
    /// process's start, which on an overloaded machine took longer than the bound before the
    /// server even listened (measured: 70 s), and the instance came into rotation unrehearsed.</summary>
    public string? WhyNotReady => done || !options.Value.Enabled || PastBound() ? null : WireMessages.Warming;

    /// <summary>The first middleware of the pipeline: what comes after it is what the rehearsal sends through.</summary>
    public RequestDelegate Capture(RequestDelegate next)
    {
        pipeline = next;
        pipelineBuilt.TrySetResult();
        return next;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        try
        {
            await pipelineBuilt.Task.WaitAsync(stoppingToken);
            Volatile.Write(ref sinceRehearsalStarted, Stopwatch.StartNew());
            // After the verdict cache's load, not beside it, so that the two do not compete for the CPU (the one Bench
            // start measured with both at once, at load average 70, loaded for 55 s instead of 22 s and read the store
            // after ready), and so that verify is rehearsed on the cache it will serve from.
            await Task.WhenAny(verdictWarmup.Finished, Task.Delay(apiKeys.Value.WarmupTimeout, stoppingToken));
            stoppingToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            await StepAsync("fetching the signing keys", FetchSigningKeysAsync, stoppingToken);
            await StepAsync("opening pool connections", OpenConnectionsAsync, stoppingToken);
            var answers = await RehearseAsync(stoppingToken);
            logger.LogInformation(
                "Request rehearsal done in {Seconds:F1} s: {Succeeded} answered 2xx, {Refused} 4xx (no such row to rehearse on), {Failed} answered 5xx; nothing it wrote was committed",
                clock.Elapsed.TotalSeconds, answers.GetValueOrDefault(2), answers.GetValueOrDefault(4), answers.GetValueOrDefault(5));
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Request rehearsal stopped early; ready anyway, the first requests of some kinds are slower: {Reason}", exception.Message);
        }
        finally
        {
            done = true;
        }
    }

    /// <summary>A step that fails is logged and skipped: the instance is only slower to serve without it.</summary>
    private async Task StepAsync(string step, Func<CancellationToken, Task> run, CancellationToken stoppingToken)
    {
        try
        {
            await run(stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Request rehearsal: {Step} failed: {Reason}", step, exception.Message);
        }
    }

    /// <summary>The first token's validation would otherwise wait for Keycloak's discovery document and JWKS.</summary>
    private async Task FetchSigningKeysAsync(CancellationToken cancellationToken)
    {
        if (auth.Value.Authenticates && bearer.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager is { } configuration)
        {
            await configuration.GetConfigurationAsync(cancellationToken);
        }
    }

    private async Task OpenConnectionsAsync(CancellationToken cancellationToken)
    {
        if (!store.Value.UsesPostgres)
        {
            return;
        }

        var count = Math.Max(new NpgsqlConnectionStringBuilder(store.Value.PostgresConnectionString).MinPoolSize, WarmConnections);
        var connections = new List<RegistryDb>();
        try
        {
            // Each held until all are open, so that the pool keeps that many for the first requests. One at a time, and
            // each given a second try: on a busy machine the first open of a new process (Npgsql reads the server's
            // types) can take longer than the connect timeout, as it would for the first request that needed it.
            for (var opened = 0; opened < count; opened++)
            {
                var db = new RegistryDb(dataOptions);
                connections.Add(db);
                try
                {
                    await db.ExecuteAsync("SELECT 1", cancellationToken);
                }
                catch (Exception exception) when (StoreFailures.IsOutage(exception) && !cancellationToken.IsCancellationRequested)
                {
                    await db.ExecuteAsync("SELECT 1", cancellationToken);
                }
            }
        }
        finally
        {
            foreach (var db in connections)
            {
                await db.DisposeAsync();
            }
        }
    }

    /// <summary>Each request once, in order (the reads find the writes' targets), then the hottest ones until the JIT
    /// has settled.</summary>
    private async Task<Dictionary<int, int>> RehearseAsync(CancellationToken cancellationToken)
    {
        var answers = new Dictionary<int, int>();

        async Task<JsonNode?> Send(string method, string path, object? body = null)
        {
            var started = Stopwatch.GetTimestamp();
            var (status, answer) = await SendAsync(method, path, body, cancellationToken);
            logger.LogDebug("Request rehearsal: {Method} {Path} answered {Status} in {Milliseconds:F0} ms{Error}", method, path, status,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, status >= 400 ? $": {answer?["message"]}" : "");
            Count(answers, status);
            if (status >= 500)
            {
                logger.LogWarning("Request rehearsal: {Method} {Path} answered {Status}", method, path, status);
            }

            return status is >= 200 and < 300 ? answer : null;
        }

        var tenant = (await Send("GET", "/v1/tenants?status=active&limit=1"))?["items"]?.AsArray().FirstOrDefault()?["id"]?.GetValue<string>()
            ?? Guid.NewGuid().ToString();
        await Send("GET", $"/v1/tenants/{tenant}");
        await Send("GET", $"/v1/entitlements?tenant_id={tenant}");
        var key = (await Send("GET", $"/v1/api-keys?tenant_id={tenant}"))?["items"]?.AsArray().FirstOrDefault();
        await Send("GET", "/v1/audit?limit=1");

        // A key of a real prefix with a secret nobody holds: the verify path up to the comparison of the secret, and
        // the store read when the prefix is not cached. On an empty store a key no store holds.
        var forged = ApiKeyFormat.WithUnknownSecret(key?["prefix"]?.GetValue<string>());
        await Send("POST", "/v1/internal/api-keys/verify", new { key = forged });

        await Send("POST", "/v1/tenants", new { slug = $"rehearsal-{Guid.NewGuid():N}"[..39], name = "Rehearsal (rolled back)" });
        await Send("POST", $"/v1/tenants/{tenant}/cancel");
        await Send("POST", $"/v1/tenants/{tenant}/activate");
        await Send("POST", "/v1/api-keys", new { tenant_id = tenant, name = "rehearsal (rolled back)" });
        await Send("DELETE", $"/v1/api-keys/{key?["id"]?.GetValue<string>() ?? Guid.NewGuid().ToString()}");
        await Send("POST", "/v1/audit", new { action = "registry.rehearsal", actor_id = RehearsalActor, tenant_id = tenant });

        var hotReads = new[] { $"/v1/tenants/{tenant}", $"/v1/entitlements?tenant_id={tenant}", "/v1/audit?limit=50" };
        var rounds = 0;
        await SettleAsync(async () =>
        {
            // The reads in one round of ten: each is a store round trip, and the JIT needs their paths called tens of
            // times, not thousands (in every round they were 21,247 store transactions per start in the Bench).
            if (rounds++ % ReadsEveryRounds == 0)
            {
                foreach (var path in hotReads)
                {
                    Count(answers, (await SendAsync("GET", path, null, cancellationToken)).Status);
                }
            }

            for (var verify = 0; verify < 10; verify++)
            {
                Count(answers, (await SendAsync("POST", "/v1/internal/api-keys/verify", new { key = forged }, cancellationToken)).Status);
            }
        }, cancellationToken);
        return answers;
    }

    /// <summary>
    /// Repeats the hottest requests until the JIT has compiled what they run at its optimizing tier. A method runs
    /// unoptimized first and is compiled again after 30 calls (twice with dynamic PGO, which instruments it in
    /// between), on one background thread. Measured on an instance without this: verify at 0.30x its steady rate over
    /// the first 10 s after ready, climbing for 13 s while the JIT compiled 11,000 methods (7 s of JIT time on 2
    /// cores). Bounded by the readiness bound, <see cref="ApiKeyOptions.WarmupTimeout"/>.
    /// </summary>
    private async Task SettleAsync(Func<Task> round, CancellationToken cancellationToken)
    {
        var stretches = 0;
        var quiet = 0;
        var clock = Stopwatch.StartNew();
        while (quiet < QuietStretches && clock.Elapsed < options.Value.JitSettleTimeout && !PastBound())
        {
            var before = JitInfo.GetCompiledMethodCount();
            for (var rounds = 0; rounds < RoundsPerStretch; rounds++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await round();
            }

            var compiled = JitInfo.GetCompiledMethodCount() - before;
            quiet = compiled < SettledBelow ? quiet + 1 : 0;
            stretches++;
            logger.LogDebug("Request rehearsal: {Compiled} methods compiled in stretch {Stretch}", compiled, stretches);
        }

        logger.LogInformation("Request rehearsal: {Outcome} after {Seconds:F1} s of repeated reads and verifies ({Stretches} stretches of {Rounds} rounds)",
            quiet >= QuietStretches ? "the JIT settled" : "stopped before the JIT settled", clock.Elapsed.TotalSeconds, stretches, RoundsPerStretch);
    }

    private bool PastBound() => Volatile.Read(ref sinceRehearsalStarted)?.Elapsed >= apiKeys.Value.WarmupTimeout;

    private static void Count(Dictionary<int, int> answers, int status) => answers[status / 100] = answers.GetValueOrDefault(status / 100) + 1;

    private async Task<(int Status, JsonNode? Body)> SendAsync(string method, string pathAndQuery, object? body, CancellationToken cancellationToken)
    {
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var content = body is null ? [] : JsonSerializer.SerializeToUtf8Bytes(body);
        var request = new HttpRequestFeature
        {
            Method = method,
            Protocol = "HTTP/1.1",
            Scheme = "http",
            Path = query < 0 ? pathAndQuery : pathAndQuery[..query],
            QueryString = query < 0 ? "" : pathAndQuery[query..],
            Body = new MemoryStream(content),
        };
        request.Headers.Host = "localhost";
        if (body is not null)
        {
            request.Headers.ContentLength = content.Length;
            request.Headers.ContentType = "application/json";
        }

        var responseBody = new MemoryStream();
        var response = new RehearsalResponse();
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(request);
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(responseBody));
        features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(content.Length > 0));
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = cancellationToken });
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            ConnectionId = "rehearsal",
            RemoteIpAddress = IPAddress.Loopback,
            LocalIpAddress = IPAddress.Loopback,
        });
        features.Set(new Rehearsal());
        // The server starts an activity for each request it serves; so does the rehearsal, so that its requests carry
        // a trace id in the request log (and an X-Request-Id of it) like every other.
        using var activity = new Activity("TenantRegistry.Rehearsal").Start();
        var context = contexts.Create(features);
        try
        {
            if (auth.Value.Authenticates)
            {
                context.User = Principal();
            }

            await pipeline!(context);
            await response.StartAsync();
            var status = context.Response.StatusCode;
            return (status, responseBody.Length > 0 ? JsonNode.Parse(responseBody.ToArray()) : null);
        }
        finally
        {
            await response.CompleteAsync();
            contexts.Dispose(context);
        }
    }

    /// <summary>An `admin` as Keycloak would say it (Security/KeycloakToken reads it like a token's claims).</summary>
    private ClaimsPrincipal Principal() => new(new ClaimsIdentity(
    [
        new Claim("sub", RehearsalActor),
        new Claim("client_id", RehearsalActor),
        new Claim("resource_access", new JsonObject { [auth.Value.Audience ?? ""] = new JsonObject { ["roles"] = new JsonArray(Roles.Admin) } }.ToJsonString()),
    ], authenticationType: "rehearsal"));

    private sealed record BodyDetection(bool CanHaveBody) : IHttpRequestBodyDetectionFeature;

    /// <summary>Runs what the pipeline registered for the start and the end of the response, as a server does: the
    /// request's service scope, and with it its store connection, is disposed on completion.</summary>
    private sealed class RehearsalResponse : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> starting = [];
        private readonly List<(Func<object, Task> Callback, object State)> completed = [];
        private bool started;

        public override bool HasStarted => started;

        public override void OnStarting(Func<object, Task> callback, object state) => starting.Insert(0, (callback, state));

        public override void OnCompleted(Func<object, Task> callback, object state) => completed.Insert(0, (callback, state));

        public async Task StartAsync()
        {
            if (started)
            {
                return;
            }

            started = true;
            foreach (var (callback, state) in starting)
            {
                await callback(state);
            }
        }

        public async Task CompleteAsync()
        {
            foreach (var (callback, state) in completed)
            {
                await callback(state);
            }
        }
    }
}

public sealed class RehearsalOptions
{
    public const string SectionName = "Rehearsal";

    /// <summary>Whether the instance rehearses its requests before it is ready (Hosting/RequestRehearsal).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>At most this long the rehearsal repeats the hottest requests until the JIT settles (0: each request
    /// once). Measured on 2 cores: 19–23 s until settled; verify then ran at 0.89–1.02x its steady rate over the first
    /// 10 s after ready, against 0.30x without (docs/performance.md).</summary>
    public TimeSpan JitSettleTimeout { get; set; } = TimeSpan.FromSeconds(25);
}

internal static class RequestRehearsalRegistration
{
    /// <summary>After the features: `/readyz` names the verdict cache's warm-up first when both are under way.</summary>
    public static IServiceCollection AddRequestRehearsal(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RehearsalOptions>().Bind(configuration.GetSection(RehearsalOptions.SectionName))
            .ValidateDuration("Rehearsal:JitSettleTimeout", options => options.JitSettleTimeout, TimeSpan.Zero, DurationSettings.LongestTimer)
            .ValidateOnStart();
        services.AddSingleton<RequestRehearsal>();
        services.AddSingleton<IReadinessGate>(provider => provider.GetRequiredService<RequestRehearsal>());
        services.AddHostedService(provider => provider.GetRequiredService<RequestRehearsal>());
        return services;
    }
}
