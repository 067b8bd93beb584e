using TenantRegistry.Store;

namespace TenantRegistry.Errors;

/// <summary>
/// The one place an exception becomes a response: store outages are 503 `unavailable`, oversized or unreadable
/// requests are 4xx, anything else is 500 `internal`. Exception text never reaches the client.
/// </summary>
public sealed class ErrorBoundary(RequestDelegate next, ErrorBodyWriter errors, ILogger<ErrorBoundary> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            logger.LogDebug("Client went away during {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, exception);
        }
    }

    private Task WriteErrorAsync(HttpContext context, Exception exception)
    {
        switch (exception)
        {
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                return errors.WriteBodyTooLargeAsync(context);
            case BadHttpRequestException badRequest:
                return errors.WriteAsync(context, badRequest.StatusCode, ErrorCodes.InvalidInput, WireMessages.UnreadableRequest);
            case var _ when StoreFailures.IsOutage(exception):
                logger.LogWarning("Store unavailable during {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, exception.GetType().Name);
                return errors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, WireMessages.StoreUnavailable);
            default:
                logger.LogError(exception, "Unhandled failure during {Method} {Path}", context.Request.Method, context.Request.Path);
                return errors.WriteAsync(context, StatusCodes.Status500InternalServerError, ErrorCodes.Internal, WireMessages.InternalFailure);
        }
    }
}
