namespace TenantRegistry.Errors;

/// <summary>Gives an Error body to responses that would otherwise go out empty: unknown routes and methods.</summary>
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
                StatusCodes.Status404NotFound => (ErrorCodes.NotFound, "no such resource"),
                StatusCodes.Status405MethodNotAllowed => (ErrorCodes.InvalidInput, $"method {http.Request.Method} is not allowed here"),
                StatusCodes.Status415UnsupportedMediaType => (ErrorCodes.InvalidInput, "request body must be application/json"),
                >= 500 => (ErrorCodes.Internal, "the server failed to handle the request"),
                _ => (ErrorCodes.InvalidInput, "the request is not valid"),
            };
            await writer.WriteAsync(http, status, code, message);
        });
}
