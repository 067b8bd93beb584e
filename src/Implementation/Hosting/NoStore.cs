namespace TenantRegistry.Hosting;

/// <summary>Marks an operation whose answer carries a secret (a key's plaintext): no cache may keep any answer of it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NoStoreAttribute : Attribute;

/// <summary>
/// Sends <c>Cache-Control: no-store</c> on every answer of a <see cref="NoStoreAttribute"/> operation, set when the
/// response starts, so it holds whoever writes the answer: the controller, the error path, or a stored answer
/// replayed for a repeated request.
/// </summary>
internal sealed class NoStoreResponses(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<NoStoreAttribute>() is not null)
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
        }

        return next(context);
    }
}
