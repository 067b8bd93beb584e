using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using TenantRegistry.Generated;

namespace TenantRegistry.Errors;

/// <summary>Writes the Error body straight to a response, for middleware that runs outside MVC.</summary>
public sealed class ErrorBodyWriter(IOptions<JsonOptions> json)
{
    public Task WriteAsync(HttpContext context, int status, string code, string message)
    {
        // A 405's Allow says what the client can do instead; clearing the response must not lose it.
        var allow = context.Response.Headers.Allow;
        context.Response.Clear();
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status405MethodNotAllowed && allow.Count > 0)
        {
            context.Response.Headers.Allow = allow;
        }

        return context.Response.WriteAsJsonAsync(new Error { Error1 = code, Message = message }, json.Value.SerializerOptions,
            contentType: "application/json", cancellationToken: context.RequestAborted);
    }

    public Task WriteBodyTooLargeAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorCodes.InvalidInput, WireMessages.BodyTooLarge);
}
