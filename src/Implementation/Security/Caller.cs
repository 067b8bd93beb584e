using Microsoft.Extensions.Options;

namespace TenantRegistry.Security;

/// <summary>
/// The one place the rest of the service asks who is calling. Per request (scoped): the token's identity when the
/// service authenticates, `api` when it runs unauthenticated, `system` in a scope without a request (background work).
/// </summary>
public sealed class Caller(IHttpContextAccessor http, IOptions<AuthOptions> auth)
{
    private CallerIdentity? identity;

    public CallerIdentity Identity => identity ??= Identify();

    private CallerIdentity Identify()
    {
        if (http.HttpContext is not { } context)
        {
            return CallerIdentity.System;
        }

        return auth.Value.Authenticates && context.User.Identity?.IsAuthenticated == true
            ? KeycloakToken.Read(context.User, auth.Value.Audience)
            : CallerIdentity.Anonymous;
    }
}
