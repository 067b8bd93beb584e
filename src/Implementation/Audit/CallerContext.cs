using TenantRegistry.Security;

namespace TenantRegistry.Audit;

/// <summary>
/// Who the current scope acts for. A scope that serves a request acts for its API caller; a scope without a request
/// (the sweeper's) acts for the system. Every unit of change takes its actor from here, so a change cannot record
/// an event without one.
/// </summary>
/// <remarks>
/// This is where the caller's identity enters the audit trail: the token's identity (<see cref="Caller"/>), or the
/// anonymous API caller in unauthenticated mode; every event of every change carries it without a change elsewhere.
/// </remarks>
public sealed class CallerContext(IHttpContextAccessor http, Caller caller)
{
    /// <summary>The one scope of idempotency records while the service runs without authentication.</summary>
    public const string SharedScope = "shared";

    private AuditActor? actor;

    /// <summary>
    /// Whose Idempotency-Keys this caller's are: two callers may use the same key without meeting. A token's
    /// subject (a person or a service account) is its own scope; without authentication every caller shares one.
    /// </summary>
    public string IdempotencyScope => caller.Identity is { IsAuthenticated: true, ActorId: { } subject } ? $"sub:{subject}" : SharedScope;

    public AuditActor Actor => actor ??= http.HttpContext is { } context ? AuditActor.ApiCaller(context, caller.Identity) : AuditActor.System;
}
