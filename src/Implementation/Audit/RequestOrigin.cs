namespace TenantRegistry.Audit;

/// <summary>Who is calling, as far as the connection tells: recorded with every audit event the request causes.</summary>
public sealed record RequestOrigin(string? SourceIp, string? UserAgent)
{
    public static readonly RequestOrigin System = new(null, null);

    public static RequestOrigin Of(HttpContext context)
    {
        var userAgent = context.Request.Headers.UserAgent.ToString();
        return new RequestOrigin(context.Connection.RemoteIpAddress?.ToString(), userAgent.Length == 0 ? null : userAgent);
    }
}
