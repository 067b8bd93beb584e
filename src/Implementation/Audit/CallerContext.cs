namespace TenantRegistry.Audit;

/// <summary>
/// Who the current scope acts for. A scope that serves a request acts for its API caller; a scope without a request
/// (the sweeper's) acts for the system. Every unit of change takes its actor from here, so a change cannot record
/// an event without one.
/// </summary>
/// <remarks>
/// This is where the caller's identity enters the audit trail: authentication replaces the anonymous API caller by
/// the authenticated one here (Issue 11), and every event of every change carries it without a change elsewhere.
/// </remarks>
public sealed class CallerContext(IHttpContextAccessor http)
{
    /// <summary>The one scope of idempotency records while the service runs without authentication.</summary>
    public const string SharedScope = "shared";

    private AuditActor? actor;

    /// <summary>
    /// Whose Idempotency-Keys this caller's are: two callers may use the same key without meeting. Without
    /// authentication every caller shares one scope; authentication sets the token's client or subject here.
    /// </summary>
    public string IdempotencyScope { get; } = SharedScope;

    public AuditActor Actor => actor ??= http.HttpContext is { } context ? AuditActor.ApiCaller(context) : AuditActor.System;
}
