namespace TenantRegistry.Contract.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>
    /// Waits, in real time and for at most <paramref name="limit"/>, for work the service does in the background.
    /// Test clocks move time; this only gives the background thread a chance to run.
    /// </summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25));
        }

        return true;
    }
}
