using Microsoft.Extensions.DependencyInjection;
using TenantRegistry.Lifecycle;

namespace TenantRegistry.Contract.Tests.Infrastructure;

public static class Sweeps
{
    /// <summary>
    /// One complete sweep, as the hosted sweeper runs it. When the hosted sweeper holds the PostgreSQL sweep lock
    /// (it wakes up whenever a test moves the clock), this waits for it and sweeps after it.
    /// </summary>
    public static async Task<SweepReport> SweepAsync(this RegistryFixture registry)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var report = await registry.SweepOnceAsync();
            if (report.Ran)
            {
                return report;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), patience.Token);
        }
    }

    /// <summary>One attempt, which finds the lock taken when another sweep holds it.</summary>
    public static async Task<SweepReport> SweepOnceAsync(this RegistryFixture registry)
    {
        await using var scope = registry.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LifecycleSweep>().RunAsync(CancellationToken.None);
    }
}
