using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Net.Http.Headers;
using TenantRegistry.Errors;

namespace TenantRegistry.Security;

/// <summary>
/// The spec's Error body on JwtBearer's 401 and 403, with the RFC 6750 challenge on the 401: `Bearer` when no token
/// came, `Bearer error="invalid_token"` and a description when one came and failed. The description concerns only
/// the caller's own token.
/// </summary>
internal static class BearerResponses
{
    public const string MissingTokenMessage = "this operation needs a bearer token (a Keycloak access token for the tenant-registry client)";
    public const string ForbiddenMessage = "the token does not carry a role this operation accepts, or names other tenants";

    public static JwtBearerEvents Events() => new()
    {
        OnChallenge = async context =>
        {
            context.HandleResponse();
            var challenge = context.Error is null
                ? JwtBearerDefaults.AuthenticationScheme
                : $"{JwtBearerDefaults.AuthenticationScheme} error=\"{context.Error}\"" + Description(context.ErrorDescription);
            var response = context.Response;
            response.OnStarting(() =>
            {
                response.Headers[HeaderNames.WWWAuthenticate] = challenge;
                return Task.CompletedTask;
            });
            var message = context.Error is null ? MissingTokenMessage : "the bearer token is not valid" + (string.IsNullOrEmpty(context.ErrorDescription) ? "" : ": " + context.ErrorDescription);
            await Writer(context.HttpContext).WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, message);
        },
        OnForbidden = context =>
            Writer(context.HttpContext).WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, ForbiddenMessage),
    };

    private static string Description(string? description) =>
        string.IsNullOrEmpty(description) ? "" : $", error_description=\"{description.Replace("\"", "'", StringComparison.Ordinal)}\"";

    private static ErrorBodyWriter Writer(HttpContext context) => context.RequestServices.GetRequiredService<ErrorBodyWriter>();
}
