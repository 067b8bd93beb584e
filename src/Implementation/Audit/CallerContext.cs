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
    private AuditActor? actor;

    public AuditActor Actor => actor ??= http.HttpContext is { } context ? AuditActor.ApiCaller(context) : AuditActor.System;
}
