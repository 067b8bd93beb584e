using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Net.Http.Headers;
using TenantRegistry.Errors;

namespace TenantRegistry.Security;

/// <summary>
/// The spec's Error body on JwtBearer's 401, with the RFC 6750 challenge: `Bearer` when no token came,
/// `Bearer error="invalid_token"` and a description when one came and failed. The description concerns only the
/// caller's own token. (A 403 is a refusal like any other: <see cref="OperationAccessFilter"/>, Errors/ApiErrors.)
/// </summary>
internal static class BearerResponses
{
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
            var message = context.Error is null
                ? WireMessages.TokenRequired
                : WireMessages.TokenInvalid + (string.IsNullOrEmpty(context.ErrorDescription) ? "" : ": " + context.ErrorDescription);
            await context.HttpContext.RequestServices.GetRequiredService<ErrorBodyWriter>()
                .WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, message);
        },
    };

    private static string Description(string? description) =>
        string.IsNullOrEmpty(description) ? "" : $", error_description=\"{description.Replace("\"", "'", StringComparison.Ordinal)}\"";
}
