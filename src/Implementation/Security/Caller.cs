using Microsoft.Extensions.Options;

namespace TenantRegistry.Security;

/// <summary>
/// The one place the rest of the service asks who is calling (per request, scoped): the token's identity when the
/// service authenticates and the request carried a valid token, <see cref="CallerIdentity.Anonymous"/> otherwise.
/// Audit/CallerContext turns it into the actor of every event.
/// </summary>
public sealed class Caller(IHttpContextAccessor http, IOptions<AuthOptions> auth)
{
    private CallerIdentity? identity;

    public CallerIdentity Identity => identity ??= Identify();

    private CallerIdentity Identify() =>
        auth.Value.Authenticates && http.HttpContext?.User is { Identity.IsAuthenticated: true } user
            ? KeycloakToken.Read(user, auth.Value.Audience)
            : CallerIdentity.Anonymous;
}
