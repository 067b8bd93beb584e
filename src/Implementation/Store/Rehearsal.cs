namespace TenantRegistry.Store;

/// <summary>
/// Marks a request the instance sends itself in process before it says it is ready (Hosting/RequestRehearsal): its
/// unit of change does all its work, writes and audit events included, and then rolls back instead of committing.
/// Only code in this process can set a feature on a request, so nothing from the wire is ever rehearsed.
/// </summary>
public sealed class Rehearsal
{
    /// <summary>True when the scope's request is a rehearsal.</summary>
    public static bool Of(IHttpContextAccessor http) => http.HttpContext is { } context && Of(context);

    /// <summary>True when <paramref name="context"/> is a rehearsed request.</summary>
    public static bool Of(HttpContext context) => context.Features.Get<Rehearsal>() is not null;
}
