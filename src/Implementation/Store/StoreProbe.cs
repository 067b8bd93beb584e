using LinqToDB;
using LinqToDB.Data;
using Microsoft.Extensions.Options;

namespace TenantRegistry.Store;

/// <summary>Answers "can the store do work right now?" within the readiness timeout.</summary>
public sealed class StoreProbe(DataOptions<RegistryDb> dataOptions, IOptions<StoreOptions> options)
{
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ReadinessTimeout);
        try
        {
            await using var db = new RegistryDb(dataOptions);
            await db.ExecuteAsync("SELECT 1", timeout.Token);
            return true;
        }
        catch (Exception exception) when (StoreFailures.IsOutage(exception) || exception is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
