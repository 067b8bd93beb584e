using TenantRegistry.Errors;

namespace TenantRegistry.Hosting;

/// <summary>
/// Refuses a declared body over the limit before anything reads it. Kestrel enforces the same limit on streamed
/// bodies; this also covers hosts without Kestrel's limit (the in-memory test server).
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, ErrorBodyWriter errors)
{
    public Task InvokeAsync(HttpContext context) =>
        context.Request.ContentLength > WireMessages.MaxRequestBodyBytes
            ? errors.WriteBodyTooLargeAsync(context)
            : next(context);
}
