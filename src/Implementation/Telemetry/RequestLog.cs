using System.Diagnostics;
using System.Globalization;
using TenantRegistry.Security;
using TenantRegistry.Store;

namespace TenantRegistry.Telemetry;

/// <summary>
/// One line per request: method, route template (never the raw path: ids yes, but no unbounded hostile strings),
/// status, duration and the caller's client id. Every line written while the request runs carries its request id as a scope, and the trace and
/// span ids (logging's activity tracking). The caller's <c>X-Request-Id</c> is kept when it is a sane token,
/// otherwise the trace id stands in; either way it is echoed on the response.
/// </summary>
internal sealed partial class RequestLog(RequestDelegate next, ILogger<RequestLog> logger)
{
    public const string RequestIdHeader = "X-Request-Id";

    /// <summary>ASP.NET Core's own scope already names its connection-based identifier <c>RequestId</c>.</summary>
    public const string ScopeKey = "XRequestId";

    /// <summary>The client id of a request without a valid token (or of a service that does not authenticate).</summary>
    public const string NoClient = "-";

    private const int LongestRequestId = 128;

    private const string RouteTag = "http.route";
    private const string StatusCodeTag = "http.response.status_code";
    private const string ErrorTypeTag = "error.type";

    private static readonly PathString[] HousekeepingPaths = ["/healthz", "/readyz", TelemetryRegistration.MetricsPath];

    /// <summary>Probes and scrapes arrive every few seconds from machines: logged at Debug and never traced.</summary>
    private static bool IsHousekeeping(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && Array.Exists(HousekeepingPaths, path => request.Path.Equals(path, StringComparison.Ordinal));

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var housekeeping = IsHousekeeping(context.Request);
        if (housekeeping)
        {
            NotTraced(Activity.Current);
        }

        var requestId = RequestIdOf(context);
        context.Response.Headers[RequestIdHeader] = requestId;
        using var scope = logger.BeginScope(new RequestScope(requestId));
        try
        {
            await next(context);
        }
        finally
        {
            var template = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
            TagSpan(Activity.Current, context.Request.Method, template, context.Response.StatusCode);
            var route = template ?? "unmatched";
            var milliseconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2);
            // The instance's own rehearsal before ready sends thousands; they are not traffic.
            if (housekeeping || Rehearsal.Of(context))
            {
                LogHousekeeping(context.Request.Method, route, context.Response.StatusCode, milliseconds, ClientIdOf(context));
            }
            else
            {
                LogRequest(context.Request.Method, route, context.Response.StatusCode, milliseconds, ClientIdOf(context));
            }
        }
    }

    /// <summary>The span is still made (its ids reach the log lines) but neither recorded nor exported, and what
    /// runs under it is not sampled either (the sampler follows its parent).</summary>
    private static void NotTraced(Activity? request)
    {
        if (request is not null)
        {
            request.IsAllDataRequested = false;
            request.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    /// <summary>
    /// ASP.NET Core's span has the request's tags; the OpenTelemetry HTTP conventions also name it by method and
    /// route template and tag the route and the status, which are known here, around everything the request ran.
    /// </summary>
    private static void TagSpan(Activity? request, string method, string? template, int status)
    {
        if (request is not { IsAllDataRequested: true })
        {
            return;
        }

        request.DisplayName = template is null ? method : $"{method} {template}";
        if (template is not null)
        {
            request.SetTag(RouteTag, template);
        }

        request.SetTag(StatusCodeTag, status);
        if (status >= StatusCodes.Status500InternalServerError)
        {
            request.SetTag(ErrorTypeTag, status.ToString(CultureInfo.InvariantCulture));
            request.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static string RequestIdOf(HttpContext context)
    {
        var given = context.Request.Headers[RequestIdHeader];
        if (given.Count == 1 && given[0] is { Length: > 0 and <= LongestRequestId } id && id.All(c => c is > ' ' and <= '~'))
        {
            return id;
        }

        return Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;
    }

    /// <summary>The client a validated token was issued to (<see cref="KeycloakToken.ClientOf"/>). Read from the
    /// request's principal, which only authentication fills, so an unvalidated token never names a client here.</summary>
    private static string ClientIdOf(HttpContext context) =>
        context.User is { Identity.IsAuthenticated: true } user ? KeycloakToken.ClientOf(user) ?? NoClient : NoClient;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Route} answered {StatusCode} in {DurationMs} ms for {ClientId}")]
    private partial void LogRequest(string method, string route, int statusCode, double durationMs, string clientId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Method} {Route} answered {StatusCode} in {DurationMs} ms for {ClientId}")]
    private partial void LogHousekeeping(string method, string route, int statusCode, double durationMs, string clientId);

    /// <summary>Shows as <c>"XRequestId": "…"</c> among a JSON line's scopes.</summary>
    private sealed class RequestScope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? new(ScopeKey, requestId) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"{ScopeKey}:{requestId}";
    }
}
