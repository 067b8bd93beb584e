using TenantRegistry.Security;

namespace TenantRegistry.Audit;

/// <summary>
/// Who made a change, as every audit event of that change records it: the service itself (the sweeper), or a caller
/// of the API: the token's subject, username and kind (`user`/`service`) when the service authenticates
/// (Security/), `api` when it does not, with the connection's address and user agent. The address is the peer's,
/// or the client's as a trusted proxy forwarded it (Hosting/TrustedProxies). <see cref="RecordedBy"/> is the
/// submitter of an appended event: the token's client id or subject.
/// </summary>
public sealed record AuditActor(string Type, string? SourceIp, string? UserAgent, string? Id = null, string? Name = null, string? RecordedBy = null)
{
    public const string ApiType = "api";
    public const string SystemType = "system";

    public static readonly AuditActor System = new(SystemType, null, null);

    public static AuditActor ApiCaller(HttpContext context, CallerIdentity identity)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }

        return identity.ActorType is { } authenticated
            ? new AuditActor(authenticated, address?.ToString(), UserAgentOf(context.Request), identity.ActorId, identity.ActorName, identity.RecordedBy)
            : new AuditActor(ApiType, address?.ToString(), UserAgentOf(context.Request));
    }

    /// <summary>
    /// The client chooses this header, so it is held to the bound of every audit string and stripped of NUL,
    /// which PostgreSQL text cannot hold; an event is never refused because of it.
    /// </summary>
    private static string? UserAgentOf(HttpRequest request)
    {
        var userAgent = request.Headers.UserAgent.ToString().Replace("\0", "", StringComparison.Ordinal);
        if (userAgent.Length > AuditAppendInput.MaxTextLength)
        {
            userAgent = string.Concat(userAgent.EnumerateRunes().Take(AuditAppendInput.MaxTextLength).Select(rune => rune.ToString()));
        }

        return userAgent.Length == 0 ? null : userAgent;
    }
}
