using LinqToDB.Data;
using Microsoft.Extensions.Options;
using TenantRegistry.Store;

namespace TenantRegistry.ApiKeys;

/// <summary>
/// Commits a change that may flip verify verdicts and tells every instance about it. The NOTIFY is sent inside the
/// change's transaction: PostgreSQL delivers it only when that transaction commits, so other instances never hear of
/// a change that did not happen and never miss one that did. This instance forgets the affected entries right after
/// the commit, so its own next verify reads the new state.
/// </summary>
public sealed class VerdictChanges(VerdictCache cache, IOptions<StoreOptions> store)
{
    public const string Channel = "tenant_registry_verdicts";

    public async Task CommitAsync(RegistryDb db, DataConnectionTransaction transaction, VerdictSubject subject, CancellationToken cancellationToken)
    {
        if (store.Value.UsesPostgres)
        {
            await db.ExecuteAsync("SELECT pg_notify(@channel, @payload)", cancellationToken,
                new DataParameter("channel", Channel), new DataParameter("payload", subject.Payload));
        }

        await transaction.CommitAsync(cancellationToken);
        cache.Forget(subject);
    }
}
