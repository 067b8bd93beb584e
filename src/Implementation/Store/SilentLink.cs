namespace TenantRegistry.Store;

/// <summary>
/// Stops waiting for a store call when its caller's token is cancelled, whether or not the call has ended.
/// </summary>
/// <remarks>
/// Npgsql ends a cancelled command only once the server acknowledges the cancel request or the command timeout has
/// passed, a few times over. On a link that went silent (a lost route, a firewall dropping the flow, a pooler holding
/// the session: no error, no answer) nothing is ever acknowledged. Measured with Npgsql 10.0.3 through
/// bench/lib/silent-proxy.py: a query cancelled after 1 s returned after 34 s with the default 30 s command timeout,
/// and after 6 s with a 2 s one; `Cancellation Timeout=-1` changed neither. Verify and the listener's heartbeat have
/// deadlines of a second or two, so they stop waiting here; the abandoned call still ends on its own at Npgsql's time,
/// taking its broken connection with it, and its failure is observed so that it is not reported as unobserved.
/// </remarks>
public static class SilentLink
{
    public static async ValueTask<T> AbandonWhenCancelled<T>(Task<T> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!call.IsCompleted)
        {
            _ = call.ContinueWith(static abandoned => abandoned.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }
}
