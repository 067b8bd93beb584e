namespace TenantRegistry.Errors;

/// <summary>
/// Gives an Error body to responses that would otherwise go out empty: unknown routes, and methods a path does not
/// have (405, whose <c>Allow</c> header routing sets and the writer keeps).
/// </summary>
internal static class StatusCodeBodies
{
    public static IApplicationBuilder UseErrorBodiesForBareStatusCodes(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var writer = http.RequestServices.GetRequiredService<ErrorBodyWriter>();
            var status = http.Response.StatusCode;
            var (code, message) = status switch
            {
                StatusCodes.Status404NotFound => (ErrorCodes.NotFound, WireMessages.NoSuchResource),
                StatusCodes.Status405MethodNotAllowed => (ErrorCodes.MethodNotAllowed, WireMessages.MethodNotAllowed(http.Request.Method, http.Response.Headers.Allow.ToString())),
                StatusCodes.Status415UnsupportedMediaType => (ErrorCodes.InvalidInput, WireMessages.NotJson),
                >= 500 => (ErrorCodes.Internal, WireMessages.InternalFailure),
                _ => (ErrorCodes.InvalidInput, WireMessages.InvalidRequest),
            };
            await writer.WriteAsync(http, status, code, message);
        });
}
