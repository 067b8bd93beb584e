namespace TenantRegistry.Audit;

/// <summary>
/// Who is calling, as far as the connection tells: recorded with every audit event the request causes. The address
/// is the peer's, or the client's as a trusted proxy forwarded it (Hosting/TrustedProxies).
/// </summary>
public sealed record RequestOrigin(string? SourceIp, string? UserAgent)
{
    public static readonly RequestOrigin System = new(null, null);

    public static RequestOrigin Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }

        return new RequestOrigin(address?.ToString(), UserAgentOf(context.Request));
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
